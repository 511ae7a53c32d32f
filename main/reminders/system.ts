import type { Kysely } from 'kysely';
import type { ReminderHooks } from '../core/context';
import type { Database } from '../db/schema';
import type { Clock, Logger, Notifier, Secrets } from '../ports';
import { yieldToEventLoop } from '../jobs/chunks';
import { createDelivery, type Delivery } from './delivery';
import { createReminderHooks } from './hooks';
import { createPlanKeeper } from './replans';
import { createScheduler, type ReminderScheduler, type ScheduleJob } from './scheduler';
import { defaultSmtpTransport, type SmtpTransport } from './smtp-account';

// The reminder subsystem in one piece: planner hooks for the services, one scheduler, delivery.

const STOP_WAIT_MS = 5_000;

export interface ReminderSystemOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  secrets: Secrets;
  smtp?: SmtpTransport;
  scheduleJob?: ScheduleJob;
  sendingTimeoutMs?: number;
  safetySweepMs?: number;
  batchSize?: number;
  concurrency?: number;
  /**
   * Runs before every sweep (the hourly one too): rolls passed renewals forward, so the next cycle's
   * reminders exist even when nobody opens the app. Gets the hooks it must report changes to, and
   * `stopped`, to ask between its chunks.
   */
  beforeSweep?: (hooks: ReminderHooks, stopped: () => boolean) => Promise<unknown>;
  /** Sweep once as soon as the system starts, whether or not a reminder is due (startCore: the sweep at start). */
  sweepAtStart?: boolean;
  /**
   * Makes the clock read the OS time zone afresh (at start, on resume, before every sweep), for the
   * accounts that follow it; the production clock passes redetectOsTimeZone. Absent: nothing to refresh.
   */
  refreshTimeZone?: () => void;
}

export interface ReminderSystem {
  hooks: ReminderHooks;
  scheduler: ReminderScheduler;
  delivery: Delivery;
  smtp: SmtpTransport;
  /** Arms the job; reminders that fell due while the app was closed go out (or are marked missed) now. */
  start(): void;
  /** After sleep, a clock change or anything else that may have moved "now". */
  rearm(): void;
  stop(): Promise<void>;
}

export function createReminderSystem(options: ReminderSystemOptions): ReminderSystem {
  const smtp = options.smtp ?? defaultSmtpTransport();
  const delivery = createDelivery({
    db: options.db,
    clock: options.clock,
    logger: options.logger,
    notifier: options.notifier,
    secrets: options.secrets,
    smtp,
    sendingTimeoutMs: options.sendingTimeoutMs,
    batchSize: options.batchSize,
    concurrency: options.concurrency,
  });
  const refresh = () => {
    try {
      options.refreshTimeZone?.();
    } catch (error) {
      options.logger.warn('could not read the OS time zone again', { error: error instanceof Error ? error.message : String(error) });
    }
  };
  const stopped = () => scheduler.isStopped();
  const keeper = createPlanKeeper({ db: options.db, clock: options.clock, logger: options.logger, stopped });
  const sweep = async () => {
    // Never in the turn that queued it (the listen callback, a request's re-arm): each phase gets its own.
    await yieldToEventLoop();
    refresh();
    // A zone that moved, or a replan under way, is settled before anything is claimed.
    await keeper.bringUpToDate();
    await yieldToEventLoop();
    if (options.beforeSweep) {
      await options.beforeSweep(hooks, stopped).catch((error: unknown) => {
        options.logger.error('renewal roll-forward or purge before the reminder sweep failed', { error: error instanceof Error ? error.message : String(error) });
      });
    }
    await yieldToEventLoop();
    return delivery.sweep({ stopped });
  };
  const scheduler = createScheduler({
    db: options.db,
    clock: options.clock,
    logger: options.logger,
    sweep,
    beforeArm: () => keeper.bringUpToDate(),
    scheduleJob: options.scheduleJob,
    safetySweepMs: options.safetySweepMs,
  });
  const hooks = createReminderHooks(options.clock, () => scheduler.rearm());
  return {
    hooks,
    scheduler,
    delivery,
    smtp,
    start() {
      refresh();
      scheduler.start({ sweepFirst: options.sweepAtStart });
    },
    rearm() {
      refresh();
      scheduler.rearm();
    },
    async stop() {
      scheduler.stop();
      // A send in flight may take its SMTP timeout; shutdown does not wait that long (the row is re-claimed later).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([scheduler.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
      clearTimeout(timer);
    },
  };
}

import type { Kysely } from 'kysely';
import schedule from 'node-schedule';
import { ARMED_STATES, earliestPendingAt } from '../db/repositories/reminders';
import type { Database } from '../db/schema';
import type { Clock, Logger } from '../ports';

// ONE timer for all reminders: armed at the earliest row that needs work (due, retry, snooze,
// pause end, send timeout) or at the hourly safety sweep, whichever comes first.

export interface ArmedJob {
  cancel(): void;
}

/** Creates the one timer; injectable so tests drive time by hand. */
export type ScheduleJob = (at: Date, run: () => void) => ArmedJob;

const JOB_NAME = 'spend-manager-reminders';

/** Production timer: node-schedule (long-timeout aware); a time already passed runs on the next tick. */
export const nodeScheduleJob: ScheduleJob = (at, run) => {
  if (at.getTime() <= Date.now()) {
    const timer = setTimeout(run, 0);
    return { cancel: () => clearTimeout(timer) };
  }
  const job = schedule.scheduleJob(JOB_NAME, at, run);
  if (!job) {
    const timer = setTimeout(run, 0);
    return { cancel: () => clearTimeout(timer) };
  }
  return { cancel: () => void job.cancel() };
};

export const SAFETY_SWEEP_MS = 60 * 60 * 1000;
const FAILED_SWEEP_PAUSE_MS = 60 * 1000;

// Where the one timer is armed comes from the reminders table (the partial index reminders_armed_next).
export { ARMED_STATES, earliestPendingAt };

export interface SchedulerOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  /** Delivers whatever is due now; the scheduler never runs two at once. */
  sweep: () => Promise<unknown>;
  /**
   * Runs on the same chain before every arm (start, re-arm, after a sweep): work that changes when
   * reminders are due (a replan under way) finishes before the next due time is read.
   */
  beforeArm?: () => Promise<unknown>;
  scheduleJob?: ScheduleJob;
  safetySweepMs?: number;
}

export interface ReminderScheduler {
  /** Arms the job (a due or overdue row runs at once: catch-up at start); `sweepFirst` runs a sweep before arming. */
  start(options?: { sweepFirst?: boolean }): void;
  /** Re-reads the earliest row and re-arms; after every change, on resume, after a clock jump. */
  rearm(): void;
  /** Runs a sweep now (as if the job fired), then re-arms. */
  runNow(): void;
  stop(): void;
  /** Resolves once queued arms and sweeps are done (tests, shutdown). */
  idle(): Promise<void>;
  /** When the job is armed to fire, or null when stopped. */
  armedAt(): Date | null;
  /** True after stop(): long work on the chain ends at its next chunk. */
  isStopped(): boolean;
}

export function createScheduler(options: SchedulerOptions): ReminderScheduler {
  const scheduleJob = options.scheduleJob ?? nodeScheduleJob;
  const safetyMs = options.safetySweepMs ?? SAFETY_SWEEP_MS;
  let job: ArmedJob | null = null;
  let armed: Date | null = null;
  let stopped = true;
  // Every arm and sweep runs on this chain, one at a time, in order.
  let chain: Promise<void> = Promise.resolve();
  let armQueued = false;
  // After a failed sweep, wait a minute before the next, so a broken database is not hammered.
  let quietUntil = 0;

  function disarm(): void {
    job?.cancel();
    job = null;
    armed = null;
  }

  async function arm(): Promise<void> {
    armQueued = false;
    if (stopped) return;
    if (options.beforeArm) {
      await options.beforeArm().catch((error: unknown) => {
        options.logger.error('reminder planning before arming failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      });
      if (stopped) return;
    }
    const earliest = await earliestPendingAt(options.db);
    const now = options.clock.now().getTime();
    const at = Math.max(now, quietUntil, Math.min(earliest?.getTime() ?? Infinity, now + safetyMs));
    disarm();
    if (stopped) return;
    armed = new Date(at);
    job = scheduleJob(armed, fire);
  }

  async function sweep(): Promise<void> {
    if (stopped) return;
    try {
      await options.sweep();
    } catch (error) {
      quietUntil = options.clock.now().getTime() + FAILED_SWEEP_PAUSE_MS;
      options.logger.error('reminder sweep failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }

  function enqueue(step: () => Promise<void>): void {
    chain = chain.then(step).catch((error: unknown) => {
      options.logger.error('reminder scheduler step failed', { error: error instanceof Error ? error.message : String(error) });
    });
  }

  function queueArm(): void {
    if (armQueued) return;
    armQueued = true;
    enqueue(arm);
  }

  function fire(): void {
    job = null;
    armed = null;
    enqueue(sweep);
    queueArm();
  }

  return {
    start(options = {}) {
      stopped = false;
      if (options.sweepFirst) enqueue(sweep);
      queueArm();
    },
    rearm() {
      if (!stopped) queueArm();
    },
    runNow() {
      if (stopped) return;
      fire();
    },
    stop() {
      stopped = true;
      disarm();
    },
    async idle() {
      let seen: Promise<void>;
      do {
        seen = chain;
        await seen;
      } while (seen !== chain);
    },
    armedAt: () => armed,
    isStopped: () => stopped,
  };
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock, Logger } from '../ports';
import type { ArmedJob, ScheduleJob } from '../reminders/scheduler';
import type { EcbSource } from '../services/ecb-rates';
import { type DueRefresh, refreshDueWorkspaces } from '../services/rates';

// The daily exchange rates (issue 11): every workspace with "Update rates daily" on gets the ECB's rates at most
// once a day (24 hours after its last successful fetch). At start it catches up on what a closed app missed, then
// it checks every hour; a failed fetch is recorded on the workspace and tried again at the next check.

const HOUR_MS = 60 * 60 * 1000;

export interface DailyRatesOptions {
  db: Kysely<Database>;
  source: EcbSource;
  clock: Clock;
  logger: Logger;
  scheduleJob: ScheduleJob;
}

export interface DailyRates {
  /** Catches up now, then checks again every hour. */
  start(): Promise<void>;
  /** Refreshes the workspaces that are due (none twice at once). */
  runIfDue(): Promise<DueRefresh>;
  /** Cancels the check and waits for a refresh under way. */
  stop(): Promise<void>;
}

export function createDailyRates(options: DailyRatesOptions): DailyRates {
  const { db, source, clock, logger } = options;
  let job: ArmedJob | null = null;
  let stopped = false;
  let running: Promise<DueRefresh> | null = null;

  function runIfDue(): Promise<DueRefresh> {
    running ??= refreshDueWorkspaces(db, clock, logger, source).finally(() => {
      running = null;
    });
    return running;
  }

  const failed = (error: unknown) => logger.error('daily exchange rates failed', { error: error instanceof Error ? error.message : String(error) });

  function arm(): void {
    if (stopped) return;
    job = options.scheduleJob(new Date(clock.now().getTime() + HOUR_MS), () => {
      runIfDue().catch(failed).finally(arm);
    });
  }

  return {
    async start() {
      stopped = false;
      await runIfDue().catch(failed);
      arm();
    },
    runIfDue,
    async stop() {
      stopped = true;
      job?.cancel();
      job = null;
      await running?.catch(() => null);
    },
  };
}

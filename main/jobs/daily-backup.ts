import fs from 'node:fs';
import path from 'node:path';
import { todayIn } from '../../common/domain/calendar-date';
import type { CopyDatabase } from '../db/database-copy';
import type { Clock, Logger } from '../ports';
import type { ArmedJob, ScheduleJob } from '../reminders/scheduler';

// The daily automatic backup (issue 11): once a day a copy of the SQLite database, secrets taken out, into
// <data folder>/backups/, the last 7 kept. Never two the same day; at start it catches up when the last one is
// older than a day. On PostgreSQL it makes none: the server's administrator backs that database up.

export const DAILY_BACKUPS_KEPT = 7;
const NAME = /^spend-manager-daily-(\d{4}-\d{2}-\d{2})\.db$/;
const HOUR_MS = 60 * 60 * 1000;

export interface DailyBackupOptions {
  dir: string;
  /** null: PostgreSQL. */
  copy: CopyDatabase | null;
  clock: Clock;
  logger: Logger;
  scheduleJob: ScheduleJob;
}

export interface DailyBackup {
  /** Catches up now, then checks again every hour. */
  start(): Promise<void>;
  /** Makes today's backup unless there is one; the file made, or null. */
  runIfDue(): Promise<string | null>;
  /** Cancels the check and waits for a backup under way. */
  stop(): Promise<void>;
}

export function dailyBackupFiles(dir: string): string[] {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  return names.filter((n) => NAME.test(n)).sort();
}

export function createDailyBackup(options: DailyBackupOptions): DailyBackup {
  const { dir, copy, clock, logger } = options;
  let job: ArmedJob | null = null;
  let stopped = false;
  let running: Promise<string | null> | null = null;

  async function make(): Promise<string | null> {
    if (!copy) {
      logger.info('daily backup: none on PostgreSQL, the database server’s administrator backs it up');
      return null;
    }
    const today = todayIn(clock.timeZone(), clock.now());
    if (dailyBackupFiles(dir).some((n) => NAME.exec(n)![1]! >= today)) return null;
    const file = path.join(dir, `spend-manager-daily-${today}.db`);
    await copy(file);
    const all = dailyBackupFiles(dir);
    for (const old of all.slice(0, Math.max(0, all.length - DAILY_BACKUPS_KEPT))) fs.rmSync(path.join(dir, old), { force: true });
    logger.info('daily backup written', { file });
    return file;
  }

  function runIfDue(): Promise<string | null> {
    running ??= make().finally(() => {
      running = null;
    });
    return running;
  }

  function arm(): void {
    if (stopped) return;
    job = options.scheduleJob(new Date(clock.now().getTime() + HOUR_MS), () => {
      runIfDue()
        .catch((error: unknown) => logger.error('daily backup failed', { error: error instanceof Error ? error.message : String(error) }))
        .finally(arm);
    });
  }

  return {
    async start() {
      stopped = false;
      try {
        await runIfDue();
      } catch (error) {
        logger.error('daily backup failed', { error: error instanceof Error ? error.message : String(error) });
      }
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

/** setTimeout's longest delay (2^31 - 1 ms, about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A plain timer for the hourly check; it never keeps the process alive. Clamped to setTimeout's range: a clock
 * far from the OS's (a test's) would otherwise overflow into a timer that fires at once, again and again.
 */
export const timerScheduleJob: ScheduleJob = (at, run) => {
  const timer = setTimeout(run, Math.min(MAX_TIMER_MS, Math.max(0, at.getTime() - Date.now())));
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};

import path from 'node:path';
import { createDailyBackup, timerScheduleJob } from '../jobs/daily-backup';
import { createDailyRates } from '../jobs/daily-rates';
import { ecbSource } from '../services/ecb-rates';
import { openDatabase, type DatabaseHandle } from '../db/open';
import { databaseFile } from '../config/paths';
import type { Clock, Logger, Notifier, Secrets } from '../ports';
import { systemClock } from '../ports';
import { redetectOsTimeZone } from '../reminders/os-time-zone';
import { createReminderSystem } from '../reminders/system';
import { sweepAccounts } from '../services/renewals';
import { defaultSmtpTransport, smtpEnvironmentFrom } from '../reminders/smtp-account';
import { parseSecretBoxKey } from '../secrets/secret-box';
import { type DesktopPort, type TeamPort } from './context';
import { createCore, type Core, type CoreOptions } from './create-core';

export interface StartCoreOptions {
  dataDir: string;
  logger: Logger;
  secrets: Secrets;
  notifier: Notifier;
  clock?: Clock;
  nativeBinding?: string;
  /** The desktop skin's port (launch at login, close to tray); absent in browser mode. */
  desktop?: DesktopPort;
  /** The desktop's link to a team server; absent in browser mode. */
  team?: TeamPort;
  /** SMTP_URL (browser mode): overrides every account's saved SMTP settings. */
  smtpUrl?: string;
  /** DATABASE_URL (browser mode): PostgreSQL instead of the SQLite file in dataDir. */
  databaseUrl?: string | null;
  /** Sign-in and registration limits (default: DEFAULT_AUTH_LIMITS, counted in the database). */
  throttle?: CoreOptions['throttle'];
  /** The address links in emails point to (browser mode: PUBLIC_URL, else where it listens). */
  publicUrl?: () => string | null;
  /** SPEND_MANAGER_SECRET_KEY (64 hex digits): seals two-factor secrets, the same on every server of a team. */
  secretKey?: string;
  /**
   * The skin starts the reminders itself (`reminders.start()`) once it answers: a catch-up of thousands of
   * due reminders shares the event loop with the HTTP server's start or the window's first load, so it
   * waits until those are done. Default: they start with the core.
   */
  deferReminders?: boolean;
  /** How long a claimed reminder stays `sending` before it is claimed again (default SENDING_TIMEOUT_MS). */
  sendingTimeoutMs?: number;
  /** SPEND_MANAGER_RATES_URL: where the ECB's daily reference rates are fetched (default: the ECB's own file). */
  ratesUrl?: string;
}

/** The reminder scheduler, for the skin: re-arm on system resume (powerMonitor). */
export interface RunningReminders {
  /** Arms the scheduler (and so the catch-up); started by startCore unless `deferReminders`. Idempotent. */
  start(): void;
  rearm(): void;
  stop(): Promise<void>;
}

export interface RunningCore extends Core {
  database: DatabaseHandle;
  reminders: RunningReminders;
  stop(): Promise<void>;
}

/** Everything both skins need, started in order: database (migrated), then services. */
export async function startCore(options: StartCoreOptions): Promise<RunningCore> {
  // A malformed SMTP_URL stops start-up before anything is opened, with the reason in words.
  const smtp = defaultSmtpTransport(smtpEnvironmentFrom(options.smtpUrl));
  const secretKey = options.secretKey?.trim() ? parseSecretBoxKey(options.secretKey, 'SPEND_MANAGER_SECRET_KEY') : null;
  const database = options.databaseUrl
    ? await openDatabase({ url: options.databaseUrl, logger: options.logger })
    : await openDatabase({ file: databaseFile(options.dataDir), nativeBinding: options.nativeBinding, upkeepThread: true, logger: options.logger });
  if (database.migration.applied.length > 0) {
    options.logger.info('database migrated', { applied: database.migration.applied, backup: database.migration.backupFile });
  }
  const clock = options.clock ?? systemClock;
  const reminders = createReminderSystem({
    db: database.db,
    clock,
    logger: options.logger,
    notifier: options.notifier,
    secrets: options.secrets,
    smtp,
    sendingTimeoutMs: options.sendingTimeoutMs,
    // Passed renewals roll forward and expired deletions go, in chunks, at start and before every sweep (rule 9).
    beforeSweep: (hooks, stopped) => sweepAccounts({ db: database.db, clock, reminders: hooks }, { stopped }),
    sweepAtStart: true,
    // The OS clock's zone is read again at start, on resume and before every sweep (a laptop travels).
    ...(options.clock ? {} : { refreshTimeZone: () => redetectOsTimeZone() }),
  });
  const rates = ecbSource({ url: options.ratesUrl });
  const core = createCore({
    db: database.db,
    clock,
    secrets: options.secrets,
    notifier: options.notifier,
    logger: options.logger,
    reminders: reminders.hooks,
    desktop: options.desktop,
    smtp,
  }, { throttle: options.throttle, backupDatabase: database.backup, publicUrl: options.publicUrl, secretKey, backupsDir: path.join(options.dataDir, 'backups'), copyDatabase: database.sqlite ? database.copy : null, rates });
  // Catch-up: whatever fell due while the app was closed goes out now (or is marked missed).
  let started = false;
  const startReminders = (): void => {
    if (started) return;
    started = true;
    reminders.start();
  };
  if (!options.deferReminders) startReminders();
  const dailyBackup = createDailyBackup({
    dir: path.join(options.dataDir, 'backups'),
    copy: database.sqlite ? database.copy : null,
    clock,
    logger: options.logger,
    scheduleJob: timerScheduleJob,
  });
  void dailyBackup.start();
  const dailyRates = createDailyRates({ db: database.db, source: rates, clock, logger: options.logger, scheduleJob: timerScheduleJob });
  void dailyRates.start();
  return {
    ...core,
    database,
    reminders: { start: startReminders, rearm: reminders.rearm, stop: reminders.stop },
    async stop() {
      await dailyBackup.stop();
      await dailyRates.stop();
      await reminders.stop();
      await database.close();
    },
  };
}

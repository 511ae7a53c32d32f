import { openDatabase, type DatabaseHandle } from '../db/open';
import { databaseFile } from '../config/paths';
import type { Clock, Logger, Notifier, Secrets } from '../ports';
import { systemClock } from '../ports';
import { noReminderHooks, type DesktopPort } from './context';
import { createCore, type Core } from './create-core';

export interface StartCoreOptions {
  dataDir: string;
  logger: Logger;
  secrets: Secrets;
  notifier: Notifier;
  clock?: Clock;
  nativeBinding?: string;
  /** The desktop skin's port (launch at login, close to tray); absent in browser mode. */
  desktop?: DesktopPort;
}

export interface RunningCore extends Core {
  database: DatabaseHandle;
  stop(): Promise<void>;
}

/** Everything both skins need, started in order: database (migrated), then services. */
export async function startCore(options: StartCoreOptions): Promise<RunningCore> {
  const database = await openDatabase({ file: databaseFile(options.dataDir), nativeBinding: options.nativeBinding });
  if (database.migration.applied.length > 0) {
    options.logger.info('database migrated', { applied: database.migration.applied, backup: database.migration.backupFile });
  }
  const core = createCore({
    db: database.db,
    clock: options.clock ?? systemClock,
    secrets: options.secrets,
    notifier: options.notifier,
    logger: options.logger,
    reminders: noReminderHooks,
    desktop: options.desktop,
  });
  return {
    ...core,
    database,
    async stop() {
      await database.close();
    },
  };
}

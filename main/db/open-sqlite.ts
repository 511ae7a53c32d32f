import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { SqliteHandle } from './database-handle';
import { TransactionalSqliteDialect } from './dialect';
import { migrateToLatest, type MigrateReport } from './migrator';
import type { Database } from './schema';
import { optimizeBeforeClose } from './statistics';
import { startSqliteUpkeep, type SqliteUpkeep, type UpkeepOptions } from './sqlite-upkeep';
import { copyOnThisThread } from './database-copy';

export interface OpenSqliteOptions {
  /** Path of the SQLite file, or ':memory:'. */
  file: string;
  /** Path of a better_sqlite3.node built for this runtime (Electron loads its own ABI build). */
  nativeBinding?: string;
  /** How many pre-migration backups to keep beside the file. */
  keepBackups?: number;
  /**
   * WAL checkpoints and database copies on a thread of their own (sqlite-upkeep.ts), as the app runs: the main
   * thread then never waits on them. Off by default (a script, a test): SQLite's automatic checkpoints.
   */
  upkeepThread?: boolean;
  /** Where the upkeep thread says it could not start. */
  logger?: UpkeepOptions['logger'];
  /** Tests: when the upkeep thread cuts the WAL back. */
  walTrim?: Pick<UpkeepOptions, 'walSizeLimitBytes' | 'trimQuietMs'>;
}

/**
 * Each connection's page cache (PRAGMA cache_size; negative: KiB). better-sqlite3 builds SQLite with 16 MB a
 * connection, which the writer and the reader each fill and keep at 100k subscriptions; 8 MB holds the dashboard's
 * covering indexes and the reminders' at that size, and the OS's file cache serves the rest.
 */
export const PAGE_CACHE_KIB = -8192;

function backupName(file: string, before: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return `${file}.backup-${stamp}-before-${before}`;
}

function pruneBackups(file: string, keep: number): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.backup-`;
  const backups = fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .sort();
  for (const name of backups.slice(0, Math.max(0, backups.length - keep))) fs.rmSync(path.join(dir, name), { force: true });
}

export async function openSqlite(options: OpenSqliteOptions): Promise<SqliteHandle> {
  const { file } = options;
  const inMemory = file === ':memory:';
  if (!inMemory) fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });

  const sqlite = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    if (!inMemory) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`cache_size = ${PAGE_CACHE_KIB}`);
  } catch (error) {
    sqlite.close();
    throw error;
  }

  // A file in WAL mode also gets a read-only connection for the SELECTs outside transactions (sqlite-driver.ts):
  // readers there never wait for a writer. Without WAL (':memory:', or a file system that refused it) a reader
  // would block on the writer's locks, so there is none and every query takes the one connection.
  let reader: BetterSqlite3.Database | undefined;
  if (!inMemory && String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal') {
    try {
      reader = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
      reader.pragma('busy_timeout = 5000');
      reader.pragma(`cache_size = ${PAGE_CACHE_KIB}`);
    } catch (error) {
      reader?.close();
      sqlite.close();
      throw error;
    }
  }
  let upkeep: SqliteUpkeep | null = null;
  const db = new Kysely<Database>({ dialect: new TransactionalSqliteDialect({ database: sqlite, reader, afterWrite: () => upkeep?.wrote() }) });
  const backup = async (before: string): Promise<string | null> => {
    if (inMemory) return null;
    const target = backupName(file, before, new Date());
    await sqlite.backup(target);
    pruneBackups(file, options.keepBackups ?? 5);
    return target;
  };
  let migration: MigrateReport;
  try {
    migration = await migrateToLatest(db as unknown as Kysely<unknown>, {
      backup: inMemory ? undefined : async (next) => (await backup(next))!,
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }

  // After the migrations (their backup is taken before anything listens): the thread opens the migrated file.
  if (options.upkeepThread && reader) upkeep = startSqliteUpkeep({ file, writer: sqlite, nativeBinding: options.nativeBinding, logger: options.logger, ...options.walTrim });
  const copyHere = copyOnThisThread(sqlite, options.nativeBinding);

  return {
    dialect: 'sqlite',
    db,
    sqlite,
    file,
    location: file,
    migration,
    backup,
    copy: (target) => (upkeep ? upkeep.copy(target) : copyHere(target)),
    upkeep: upkeep?.where ?? Promise.resolve('main'),
    settled: () => upkeep?.settled() ?? Promise.resolve(),
    close: async () => {
      await upkeep?.close();
      // Upkeep only: a database that cannot take it now (busy, read-only) closes all the same.
      try {
        optimizeBeforeClose(sqlite);
      } catch {
        // Nothing to undo: the statistics stay as they were.
      }
      await db.destroy();
    },
  };
}

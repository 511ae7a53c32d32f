import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Pool } from 'pg';
import type { CopyDatabase } from './database-copy';
import type { MigrateReport } from './migrator';
import type { Database } from './schema';
import type { SqlDialect } from './sql-dialect';

interface OpenHandle {
  dialect: SqlDialect;
  db: Kysely<Database>;
  /** Where the data lives, as it may be printed: the file, or the URL without its password. */
  location: string;
  migration: MigrateReport;
  /** A copy taken before a risky change (e.g. "delete-account-3"): its path, or null when none was made. */
  backup(before: string): Promise<string | null>;
  close(): Promise<void>;
}

/** The embedded default: one file (or ':memory:'). */
export interface SqliteHandle extends OpenHandle {
  dialect: 'sqlite';
  sqlite: BetterSqlite3.Database;
  file: string;
  /** The whole database's copy, secrets taken out (database-copy.ts), made on the upkeep thread when it runs. */
  copy: CopyDatabase;
  /** Where WAL checkpoints and copies run (sqlite-upkeep.ts), once its thread has started or failed to. */
  upkeep: Promise<'thread' | 'main'>;
  /** Resolves once the upkeep thread has nothing waiting (tests, benches). */
  settled(): Promise<void>;
}

/** A team server's database; backups are pg_dump's job, so `backup` takes none and says so. */
export interface PostgresHandle extends OpenHandle {
  dialect: 'postgres';
  pool: Pool;
  sqlite?: undefined;
  file?: undefined;
}

export type DatabaseHandle = SqliteHandle | PostgresHandle;

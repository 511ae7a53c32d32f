import type { DatabaseHandle, PostgresHandle, SqliteHandle } from './database-handle';
import type { OpenPostgresOptions } from './open-postgres';
import { openSqlite, type OpenSqliteOptions } from './open-sqlite';

export type { DatabaseHandle, PostgresHandle, SqliteHandle } from './database-handle';
export type { OpenPostgresOptions } from './open-postgres';
export type { OpenSqliteOptions } from './open-sqlite';
export type OpenDatabaseOptions = OpenSqliteOptions | OpenPostgresOptions;

/** Opens and migrates the database: the SQLite file, or PostgreSQL when given a DATABASE_URL. */
export function openDatabase(options: OpenSqliteOptions): Promise<SqliteHandle>;
export function openDatabase(options: OpenPostgresOptions): Promise<PostgresHandle>;
export function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle>;
export function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  // The PostgreSQL driver loads only for a DATABASE_URL: evaluating pg (and the undici it touches) costs the
  // SQLite start ~100 ms before the first answer.
  return 'url' in options ? import('./open-postgres').then((m) => m.openPostgres(options)) : openSqlite(options);
}

import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach } from 'vitest';
import { TransactionalSqliteDialect } from '../../main/db/dialect';
import { migrations } from '../../migrations/index';
import { TEST_DIALECT, createTestDatabase, testDatabaseUrl } from './test-database';
import { tempDir } from './temp';

// What the migration upgrade tests share: a database built up to a release's last migration, and its rows as text.

/** The migrations of a release: every one up to and including `last`. */
export const migrationsUpTo = (last: string) => Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= last));

export type UpgradeRow = Record<string, string | null>;

async function emptyPool(): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: testDatabaseUrl(await createTestDatabase('empty')), max: 2 });
  // The database is dropped WITH (FORCE) after the file: a connection still closing then hears "terminating
  // connection due to administrator command", which without a listener is an uncaught error that fails the run.
  pool.on('error', () => {});
  return pool;
}

/** An empty database of the test dialect, no migration applied; destroyed after each test of the calling file. */
export function useEmptyDatabases(): () => Promise<Kysely<unknown>> {
  const opened: Kysely<unknown>[] = [];
  afterEach(async () => {
    while (opened.length > 0) await opened.pop()!.destroy();
  });
  return async () => {
    const db =
      TEST_DIALECT === 'sqlite'
        ? new Kysely<unknown>({ dialect: new TransactionalSqliteDialect({ database: new BetterSqlite3(path.join(tempDir(), 'upgrade.db')) }) })
        : new Kysely<unknown>({ dialect: new PostgresDialect({ pool: await emptyPool() }) });
    opened.push(db);
    return db;
  };
}

/** Every row of a table, each value as text (a raw PostgreSQL pool reads bigint as text; SQLite as numbers). */
export async function rowsAsText(db: Kysely<unknown>, table: string, order: string): Promise<UpgradeRow[]> {
  const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.raw(order)}`.execute(db);
  return result.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)])));
}

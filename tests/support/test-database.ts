import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../main/db/open';
import type { Logger } from '../../main/ports';
import { TEST_DIALECT, TEST_PG_ADMIN_URL, testDatabaseUrl } from './test-dialect';

export { TEST_DIALECT, TEST_PG_ADMIN_URL, TEST_PG_CERT, testDatabaseUrl, type TestDialect } from './test-dialect';

// Which database the integration tests run on: SQLite files (default) or, with TEST_DATABASE=postgres,
// one PostgreSQL database per data folder, cloned from a template migrated once per run
// (tests/support/pg-global-setup.ts), so files run in parallel and each test starts empty.

let admin: pg.Pool | null = null;
const created: string[] = [];
let counter = 0;

function adminPool(): pg.Pool {
  admin ??= new pg.Pool({ connectionString: TEST_PG_ADMIN_URL, max: 1 });
  return admin;
}

function freshName(): string {
  const template = inject('pgTemplate');
  if (!template) throw new Error('TEST_DATABASE=postgres needs the global setup of vitest.config.ts (tests/support/pg-global-setup.ts)');
  return `${template.replace(/^spend_tpl_/, 'spend_t_')}_${process.pid}_${++counter}`;
}

/** A new PostgreSQL database for this test file: migrated (a copy of the template) or empty. */
export async function createTestDatabase(kind: 'migrated' | 'empty' = 'migrated'): Promise<string> {
  const name = freshName();
  // Quoted identifiers: the names are ours (letters, digits, underscores), never input.
  await adminPool().query(kind === 'migrated' ? `create database "${name}" template "${inject('pgTemplate')}"` : `create database "${name}"`);
  created.push(name);
  return name;
}

/** The PostgreSQL database of a data folder, made on first use; reopening the folder (a restart) finds it again. */
async function folderDatabase(dir: string): Promise<string> {
  const marker = path.join(dir, 'postgres-database');
  if (fs.existsSync(marker)) return fs.readFileSync(marker, 'utf8');
  const name = await createTestDatabase();
  fs.writeFileSync(marker, name);
  return name;
}

/** The database of a data folder: its SQLite file, or on PostgreSQL the database made for the folder. */
export async function openTestDatabase(dir: string, logger?: Logger): Promise<DatabaseHandle> {
  if (TEST_DIALECT === 'sqlite') return openDatabase({ file: path.join(dir, 'spend-manager.db') });
  return openDatabase({ url: testDatabaseUrl(await folderDatabase(dir)), poolSize: 4, ...(logger ? { logger } : {}) });
}

/** What startCore needs to use the test database of `dir`: nothing on SQLite (its file is in dir), DATABASE_URL on PostgreSQL. */
export async function coreDatabase(dir: string): Promise<{ databaseUrl?: string }> {
  return TEST_DIALECT === 'sqlite' ? {} : { databaseUrl: testDatabaseUrl(await folderDatabase(dir)) };
}

afterAll(async () => {
  if (!admin) return;
  // WITH (FORCE): a core a test left open loses its connections instead of blocking the drop.
  for (const name of created.splice(0)) await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
  admin = null;
  // A file that made dozens of databases drops them all here: each drop is a checkpoint on a busy server.
}, 120_000);

/** Everything the database holds, as bytes to search for a secret: the SQLite file (checkpointed), or every PostgreSQL row as text. */
export async function storedBytes(handle: DatabaseHandle): Promise<Buffer> {
  if (handle.dialect === 'sqlite') {
    handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const dir = path.dirname(handle.file);
    const files = fs.readdirSync(dir).filter((name) => name.startsWith(path.basename(handle.file)));
    return Buffer.concat(files.map((name) => fs.readFileSync(path.join(dir, name))));
  }
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(handle.db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(handle.db);
    parts.push(...rows.rows.map((r) => r.row));
  }
  return Buffer.from(parts.join('\n'));
}

/**
 * Counts writes from now on: SQLite's total_changes() (every table); on PostgreSQL the rows of
 * `table` that were written since (a written row gets a new xmin, the transaction that wrote it).
 */
export async function writeCounter(handle: DatabaseHandle, table: string): Promise<() => Promise<number>> {
  if (handle.dialect === 'sqlite') {
    const total = () => (handle.sqlite.prepare('select total_changes() as n').get() as { n: number }).n;
    const before = total();
    return async () => total() - before;
  }
  const versions = async () => (await sql<{ v: string }>`select xmin::text as v from ${sql.table(table)}`.execute(handle.db)).rows.map((r) => r.v);
  const before = new Set(await versions());
  return async () => (await versions()).filter((v) => !before.has(v)).length;
}

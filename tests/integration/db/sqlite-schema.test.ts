// SQLite-only by nature: it reads sqlite_master. The fixture was recorded on main before migrations
// learned PostgreSQL, so a dialect branch that leaks into the SQLite path fails here.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TransactionalSqliteDialect } from '../../../main/db/dialect';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';

interface SchemaRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

const snapshot = JSON.parse(fs.readFileSync(path.join(__dirname, 'sqlite-schema.snapshot.json'), 'utf8')) as Record<string, SchemaRow[]>;

describe('SQLite schema (frozen migrations)', () => {
  it('has a recorded schema for every migration, and none for a migration that does not exist', () => {
    expect(Object.keys(snapshot)).toEqual(Object.keys(migrations).sort());
  });

  it('after every migration, applied one at a time, sqlite_master is byte-identical to the recorded schema', async () => {
    const db = new Kysely<unknown>({ dialect: new TransactionalSqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    for (const name of Object.keys(migrations).sort()) {
      const upTo = Object.fromEntries(Object.entries(migrations).filter(([n]) => n <= name));
      await migrateToLatest(db, { migrations: upTo });
      const rows = await sql<SchemaRow>`select type, name, tbl_name, sql from sqlite_master order by name`.execute(db);
      expect(JSON.stringify(rows.rows, null, 2), `schema after ${name}`).toBe(JSON.stringify(snapshot[name], null, 2));
    }
    await db.destroy();
  });

  it('all migrations at once give the same schema as one at a time', async () => {
    const db = new Kysely<unknown>({ dialect: new TransactionalSqliteDialect({ database: new BetterSqlite3(':memory:') }) });
    await migrateToLatest(db);
    const rows = await sql<SchemaRow>`select type, name, tbl_name, sql from sqlite_master order by name`.execute(db);
    const last = Object.keys(migrations).sort().at(-1)!;
    expect(JSON.stringify(rows.rows, null, 2)).toBe(JSON.stringify(snapshot[last], null, 2));
    await db.destroy();
  });
});

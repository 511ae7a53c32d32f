import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { createTestDatabase, testDatabaseUrl } from '../../support/test-database';

// The frozen migrations on PostgreSQL, each on a fresh database (their SQLite side: migrations.test.ts
// and sqlite-schema.test.ts). Runs in the `vitest (postgres)` suite only (vitest.config.ts).

const upTo = (last: string) => Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= last));

const opened: Kysely<unknown>[] = [];
afterEach(async () => {
  while (opened.length > 0) await opened.pop()!.destroy();
});

async function emptyDatabase(): Promise<Kysely<unknown>> {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: testDatabaseUrl(await createTestDatabase('empty')), max: 2 }) }) });
  opened.push(db);
  return db;
}

async function tables(db: Kysely<unknown>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name not like 'kysely_%' order by table_name`.execute(db);
  return rows.rows.map((r) => r.name);
}

describe('migrations on PostgreSQL', () => {
  for (const name of Object.keys(migrations)) {
    it(`${name} applies to a fresh database and rolls back cleanly`, async () => {
      const db = await emptyDatabase();
      const before = Object.fromEntries(Object.entries(migrations).filter(([n]) => n < name));
      await migrateToLatest(db, { migrations: before });
      const tablesBefore = await tables(db);
      expect((await migrateToLatest(db, { migrations: upTo(name) })).applied).toEqual([name]);
      await migrations[name]!.down!(db);
      expect(await tables(db)).toEqual(tablesBefore);
    });
  }

  it('numbers rows itself, keeps one category name per workspace whatever its case, and holds ids and amounts up to 2^53 like SQLite', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db);
    const now = '2026-03-10T09:00:00.000Z';
    await sql`insert into users (email, username, password_hash, created_at, updated_at) values ('a@x.com', 'a', 'x', ${now}, ${now}), ('b@x.com', 'b', 'x', ${now}, ${now})`.execute(db);
    // A raw pool reads bigint as text (the app's pool reads it as a number: main/db/open-postgres.ts).
    const ids = await sql<{ id: string }>`select id from users order by id`.execute(db);
    expect(ids.rows.map((r) => Number(r.id))).toEqual([1, 2]);
    await sql`insert into workspaces (name, kind, created_at, updated_at) values ('A', 'personal', ${now}, ${now}), ('B', 'personal', ${now}, ${now})`.execute(db);
    await sql`insert into categories (user_id, workspace_id, name, created_at, updated_at) values (1, 1, 'Design', ${now}, ${now}), (2, 2, 'design', ${now}, ${now})`.execute(db);
    await expect(sql`insert into categories (user_id, workspace_id, name, created_at, updated_at) values (2, 1, 'DESIGN', ${now}, ${now})`.execute(db)).rejects.toMatchObject({
      code: '23505',
      constraint: 'categories_workspace_name',
    });
    await sql`insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, anchor_day, renewal_date, created_at, updated_at)
      values (1, 1, 1, 'Big', 10000000000000, 'USD', 1, '2026-04-01', ${now}, ${now})`.execute(db);
    expect((await sql<{ amount_minor: string }>`select amount_minor::text from expenses`.execute(db)).rows).toEqual([{ amount_minor: '10000000000000' }]);
    // The contract allows any id up to 2^53 - 1; a lookup for one is an empty answer, never an overflow.
    expect((await sql`select id from expenses where id = ${Number.MAX_SAFE_INTEGER}`.execute(db)).rows).toEqual([]);
  });

  it('refuses a database that a newer version migrated, and changes nothing', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db);
    const before = await tables(db);
    expect(before).toContain('expenses');
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`.execute(db);
    await expect(migrateToLatest(db)).rejects.toBeInstanceOf(DatabaseTooNewError);
    expect(await tables(db)).toEqual(before);
  });
});

import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { TEST_DIALECT } from '../../support/test-database';
import { migrationsUpTo, rowsAsText, useEmptyDatabases } from '../../support/upgrade-database';

// 0017 adds calendar_feeds: one member's secret feed of a workspace, by the hash of its token. A database made at
// 0016 is upgraded; the rows before it are untouched, a token hash is unique, a member has one live feed per
// workspace (a revoked one beside it), the feed goes with its workspace or account, and down removes the table.

const emptyDatabase = useEmptyDatabases();
const T = '2026-03-01T09:00:00.000Z';
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const HASH_C = 'c'.repeat(64);

async function seedAt0016(db: Kysely<unknown>): Promise<void> {
  await sql`insert into users (email, username, password_hash, company_name, created_at, updated_at) values ('ana@example.com', 'ana', 'scrypt$a', 'Acme Ltd', ${T}, ${T}), ('bo@example.com', 'bo', 'scrypt$b', null, ${T}, ${T})`.execute(db);
  await sql`insert into workspaces (name, kind, require_two_factor, created_at, updated_at) values ('Acme Ltd', 'company', 0, ${T}, ${T}), ('Bo', 'personal', 0, ${T}, ${T})`.execute(db);
}

const feed = (db: Kysely<unknown>, workspace: number, user: number, hash: string, revokedAt: string | null = null) =>
  sql`insert into calendar_feeds (workspace_id, user_id, token_hash, created_at, revoked_at) values (${workspace}, ${user}, ${hash}, ${T}, ${revokedAt})`.execute(db);

describe('migration 0017 (calendar feeds)', () => {
  it('keeps the 0016 rows, holds one live feed per member and workspace by a unique token hash, and goes with its workspace and account', async () => {
    const db = await emptyDatabase();
    if (TEST_DIALECT === 'sqlite') await sql`pragma foreign_keys = on`.execute(db);
    await migrateToLatest(db, { migrations: migrationsUpTo('0016_account_codes') });
    await seedAt0016(db);
    const before = { users: await rowsAsText(db, 'users', 'id'), workspaces: await rowsAsText(db, 'workspaces', 'id') };

    expect((await migrateToLatest(db, { migrations: migrationsUpTo('0017_calendar_feeds') })).applied).toEqual(['0017_calendar_feeds']);
    expect({ users: await rowsAsText(db, 'users', 'id'), workspaces: await rowsAsText(db, 'workspaces', 'id') }).toEqual(before);

    await feed(db, 1, 1, HASH_A, T);
    await feed(db, 1, 1, HASH_B);
    // A second live feed for the same member and workspace, and a token hash used twice, are refused.
    await expect(feed(db, 1, 1, HASH_C)).rejects.toThrow();
    await expect(feed(db, 2, 2, HASH_B)).rejects.toThrow();
    await feed(db, 2, 2, HASH_C);
    await feed(db, 1, 2, 'd'.repeat(64));
    expect((await rowsAsText(db, 'calendar_feeds', 'id')).map((r) => [r.workspace_id, r.user_id, r.revoked_at])).toEqual([
      ['1', '1', T],
      ['1', '1', null],
      ['2', '2', null],
      ['1', '2', null],
    ]);

    // A feed never outlives the workspace it shows nor the account it belongs to.
    await sql`delete from workspaces where id = 1`.execute(db);
    expect((await rowsAsText(db, 'calendar_feeds', 'id')).map((r) => r.token_hash)).toEqual([HASH_C]);
    await sql`delete from users where id = 2`.execute(db);
    expect(await rowsAsText(db, 'calendar_feeds', 'id')).toEqual([]);

    await migrations['0017_calendar_feeds']!.down!(db);
    await expect(sql`select 1 from calendar_feeds`.execute(db)).rejects.toThrow();
    expect(await rowsAsText(db, 'workspaces', 'id')).toEqual(before.workspaces.slice(1));
  });
});

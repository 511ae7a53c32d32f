import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { migrationsUpTo, rowsAsText, useEmptyDatabases } from '../../support/upgrade-database';

// 0016 adds an accounting account code to categories. A database made at 0015 (the migration before; categories as 0014 left them) is upgraded:
// every category keeps every value and has no code; down gives the 0014 rows back.

const emptyDatabase = useEmptyDatabases();

const T = '2026-03-01T09:00:00.000Z';

async function seedAt0014(db: Kysely<unknown>): Promise<void> {
  await sql`insert into users (email, username, password_hash, company_name, created_at, updated_at) values ('ana@example.com', 'ana', 'scrypt$a', 'Acme Ltd', ${T}, ${T})`.execute(db);
  await sql`insert into workspaces (name, kind, require_two_factor, created_at, updated_at) values ('Acme Ltd', 'company', 0, ${T}, ${T})`.execute(db);
  await sql`insert into categories (user_id, workspace_id, name, is_default, created_at, updated_at) values (1, 1, 'Design', 1, ${T}, ${T}), (1, 1, 'Hosting', 0, ${T}, ${T})`.execute(db);
}

describe('migration 0016 (account codes)', () => {
  it('keeps every category made at 0014 with no account code; down gives the 0014 rows back', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo('0015_imports') });
    await seedAt0014(db);
    const before = await rowsAsText(db, 'categories', 'id');

    expect((await migrateToLatest(db, { migrations: migrationsUpTo('0016_account_codes') })).applied).toEqual(['0016_account_codes']);
    expect(await rowsAsText(db, 'categories', 'id')).toEqual(before.map((r) => ({ ...r, account_code: null })));

    await sql`update categories set account_code = '6100-SOFT' where id = 2`.execute(db);
    expect((await rowsAsText(db, 'categories', 'id'))[1]!.account_code).toBe('6100-SOFT');

    await migrations['0016_account_codes']!.down!(db);
    expect(await rowsAsText(db, 'categories', 'id')).toEqual(before);
  });
});

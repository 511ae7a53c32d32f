import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { migrationsUpTo, rowsAsText, useEmptyDatabases } from '../../support/upgrade-database';

// 0019 adds the renewal reviews' log and a workspace's review threshold. A database made at the migration before
// is upgraded with every subscription as it was and an empty log; the log refuses an action it does not know and
// goes with its subscription; down removes both tables and leaves the rest.

const emptyDatabase = useEmptyDatabases();
const T = '2026-06-15T09:00:00.000Z';
const NAME = '0019_renewal_reviews';
const PREVIOUS = Object.keys(migrations).filter((n) => n < NAME).sort().at(-1)!;

async function seedBefore(db: Kysely<unknown>): Promise<void> {
  await sql`insert into users (email, username, password_hash, company_name, created_at, updated_at) values ('ana@example.com', 'ana', 'scrypt$a', 'Acme Ltd', ${T}, ${T})`.execute(db);
  await sql`insert into workspaces (name, kind, require_two_factor, created_at, updated_at) values ('Acme Ltd', 'company', 0, ${T}, ${T})`.execute(db);
  await sql`insert into categories (workspace_id, user_id, name, created_at, updated_at) values (1, 1, 'Design', ${T}, ${T})`.execute(db);
  await sql`insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, status, auto_renew, reminder_sent, created_at, updated_at)
    values (1, 1, 1, 'Adobe', 60000, 'USD', 'year', 1, 30, '2026-09-30', 'active', 1, 0, ${T}, ${T})`.execute(db);
}

const decision = (action: string) =>
  sql`insert into review_decisions (workspace_id, expense_id, renewal_date, last_day, user_id, action, currency, amount_before_minor, amount_after_minor, saving_minor, effective_on, created_at)
    values (1, 1, '2026-09-30', '2026-08-31', 1, ${action}, 'USD', 60000, 0, 60000, '2026-09-30', ${T})`;

describe('migration 0019 (renewal reviews)', () => {
  it('upgrades with every subscription unchanged and an empty log, and down removes the two tables only', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(PREVIOUS) });
    await seedBefore(db);
    const expenses = await rowsAsText(db, 'expenses', 'id');
    expect((await migrateToLatest(db, { migrations: migrationsUpTo(NAME) })).applied).toEqual([NAME]);
    expect(await rowsAsText(db, 'expenses', 'id')).toEqual(expenses);
    expect(await rowsAsText(db, 'review_decisions', 'id')).toEqual([]);
    expect(await rowsAsText(db, 'review_settings', 'workspace_id')).toEqual([]);
    await migrations[NAME]!.down!(db);
    expect(await rowsAsText(db, 'expenses', 'id')).toEqual(expenses);
    await expect(sql`select 1 from review_decisions`.execute(db)).rejects.toThrow();
    await expect(sql`select 1 from review_settings`.execute(db)).rejects.toThrow();
  });

  it('stores a decision, refuses an unknown action or a negative threshold, and drops the log with its subscription', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(NAME) });
    await seedBefore(db);
    await decision('cancel').execute(db);
    expect((await rowsAsText(db, 'review_decisions', 'id'))[0]).toMatchObject({ action: 'cancel', saving_minor: '60000', applied_at: null, user_id: '1' });
    await expect(decision('pause').execute(db)).rejects.toThrow();
    await expect(sql`insert into review_settings (workspace_id, threshold_minor, updated_at) values (1, -1, ${T})`.execute(db)).rejects.toThrow();
    await sql`insert into review_settings (workspace_id, threshold_minor, updated_at) values (1, 25000, ${T})`.execute(db);
    await sql`delete from expenses where id = 1`.execute(db);
    expect(await rowsAsText(db, 'review_decisions', 'id')).toEqual([]);
  });
});

import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { expectAggregatesRight } from '../../support/dashboard-aggregates';
import { TEST_DIALECT } from '../../support/test-database';
import { migrationsUpTo, rowsAsText, useEmptyDatabases } from '../../support/upgrade-database';

// 0022 keeps the dashboard's sums on write. A database made at the migration before is upgraded with every
// subscription as it was and the three aggregate tables filled from them (live rows only, each grouping's own
// filter); the triggers keep them right from the first write on; down removes tables and triggers and puts the
// forecast index back.

const emptyDatabase = useEmptyDatabases();
const T = '2026-06-15T09:00:00.000Z';
const NAME = '0022_dashboard_aggregates';
const PREVIOUS = Object.keys(migrations).filter((n) => n < NAME).sort().at(-1)!;

// [workspace, owner, category, amount, currency, cycle, every, renewal, status, auto_renew, cost centre, deleted]
type Seed = [number, number, number, number, string, string, number, string, string, number, string | null, string | null];
const ROWS: Seed[] = [
  [1, 1, 1, 60000, 'USD', 'year', 1, '2026-09-30', 'active', 1, null, null],
  [1, 1, 1, 4500, 'USD', 'month', 1, '2026-06-20', 'active', 1, 'Ops', null],
  [1, 2, 1, 4500, 'USD', 'month', 1, '2026-06-28', 'active', 1, 'Ops', null],
  [1, 2, 2, 999, 'EUR', 'week', 2, '2026-06-17', 'trial', 1, 'ops', null],
  [1, 1, 2, 1200, 'EUR', 'month', 3, '2026-07-01', 'active', 0, null, null],
  [1, 1, 1, 800, 'USD', 'month', 1, '2026-06-20', 'paused', 1, null, null],
  [1, 1, 1, 2000, 'USD', 'year', 1, '2026-01-10', 'cancelled', 0, null, null],
  [1, 1, 1, 7000, 'USD', 'month', 1, '2026-06-20', 'active', 1, null, T],
  [2, 1, 3, 300000, 'JPY', 'month', 1, '2026-06-25', 'active', 1, null, null],
  [2, 1, 3, 10_000_000_000_000, 'JPY', 'day', 30, '2026-06-25', 'active', 1, '', null],
];

async function seedBefore(db: Kysely<unknown>): Promise<void> {
  for (const name of ['ana', 'bo']) await sql`insert into users (email, username, password_hash, company_name, created_at, updated_at) values (${`${name}@example.com`}, ${name}, 'scrypt$a', 'Acme Ltd', ${T}, ${T})`.execute(db);
  for (const name of ['Acme Ltd', 'Side']) await sql`insert into workspaces (name, kind, require_two_factor, created_at, updated_at) values (${name}, 'company', 0, ${T}, ${T})`.execute(db);
  for (const [w, name] of [[1, 'Design'], [1, 'Sales'], [2, 'Design']] as const) await sql`insert into categories (workspace_id, user_id, name, created_at, updated_at) values (${w}, 1, ${name}, ${T}, ${T})`.execute(db);
  for (const [w, u, c, amount, currency, unit, every, renewal, status, auto, centre, deleted] of ROWS) {
    await sql`insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, status, auto_renew, reminder_sent, cost_centre, deleted_at, created_at, updated_at)
      values (${u}, ${w}, ${c}, 'Plan', ${amount}, ${currency}, ${unit}, ${every}, ${Number(renewal.slice(8))}, ${renewal}, ${status}, ${auto}, 0, ${centre}, ${deleted}, ${T}, ${T})`.execute(db);
  }
}

const totals = (db: Kysely<unknown>) => sql<{ workspace_id: unknown; status: string; n: unknown; total: string }>`select workspace_id, status, sum(n) as n, cast(sum(total_minor) as text) as total from expense_totals group by workspace_id, status order by workspace_id, status`.execute(db);

async function indexNames(db: Kysely<unknown>): Promise<string[]> {
  const query = TEST_DIALECT === 'sqlite' ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'expenses'` : sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'expenses'`;
  return (await query.execute(db)).rows.map((r) => r.name).sort();
}

describe('migration 0022 (dashboard aggregates)', () => {
  it('fills the aggregates from the live subscriptions, keeps every subscription, and the triggers keep them right from then on', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(PREVIOUS) });
    await seedBefore(db);
    const expenses = await rowsAsText(db, 'expenses', 'id');
    expect((await migrateToLatest(db, { migrations: migrationsUpTo(NAME) })).applied).toEqual([NAME]);
    expect(await rowsAsText(db, 'expenses', 'id')).toEqual(expenses);
    await expectAggregatesRight(db, 'the backfill');
    // By hand: the deleted 70.00 is not counted; the 10^13 JPY plan is summed exactly.
    expect((await totals(db)).rows.map((r) => [String(r.workspace_id), r.status, String(r.n), r.total])).toEqual([
      ['1', 'active', '4', '70200'],
      ['1', 'cancelled', '1', '2000'],
      ['1', 'paused', '1', '800'],
      ['1', 'trial', '1', '999'],
      ['2', 'active', '2', '10000000300000'],
    ]);
    const people = await sql<Record<string, unknown>>`select workspace_id, cost_centre_key, user_id, sum(n) as n, cast(sum(total_minor) as text) as total from expense_people_totals
      group by workspace_id, cost_centre_key, user_id order by workspace_id, cost_centre_key, user_id`.execute(db);
    // '' is no cost centre, '=' and the name one (even an empty name); 'Ops' and 'ops' stay apart as stored.
    expect(people.rows.map((r) => [r.workspace_id, r.cost_centre_key, r.user_id, r.n, r.total].map(String))).toEqual([
      ['1', '', '1', '2', '61200'],
      ['1', '=Ops', '1', '1', '4500'],
      ['1', '=Ops', '2', '1', '4500'],
      ['1', '=ops', '2', '1', '999'],
      ['2', '', '1', '1', '300000'],
      ['2', '=', '1', '1', '10000000000000'],
    ]);
    expect(await indexNames(db)).not.toContain('expenses_live_forecast');

    await sql`update expenses set status = 'paused' where id = 2`.execute(db);
    await sql`update expenses set deleted_at = null where id = 8`.execute(db);
    await sql`delete from expenses where workspace_id = 2`.execute(db);
    await expectAggregatesRight(db, 'writes after the upgrade');
    expect((await rowsAsText(db, 'expense_charge_totals', 'workspace_id')).every((r) => r.workspace_id === '1')).toBe(true);
  });

  it('down removes the tables and triggers, keeps every subscription, and puts the forecast index back', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(PREVIOUS) });
    await seedBefore(db);
    const indexes = await indexNames(db);
    await migrateToLatest(db, { migrations: migrationsUpTo(NAME) });
    const expenses = await rowsAsText(db, 'expenses', 'id');
    await migrations[NAME]!.down!(db);
    expect(await rowsAsText(db, 'expenses', 'id')).toEqual(expenses);
    expect(await indexNames(db)).toEqual(indexes);
    for (const table of ['expense_totals', 'expense_people_totals', 'expense_charge_totals', 'expense_renewal_totals']) await expect(sql`select 1 from ${sql.table(table)}`.execute(db)).rejects.toThrow();
    // No trigger left behind: writes go through as before 0022.
    await sql`update expenses set amount_minor = 1 where id = 1`.execute(db);
    await sql`delete from expenses where id = 2`.execute(db);
  });
});

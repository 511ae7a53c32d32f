import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { migrationsUpTo, rowsAsText, useEmptyDatabases } from '../../support/upgrade-database';

// 0021 adds payments (one row per past renewal) and the price history. A database made at the migration before is upgraded with every
// subscription as it was and the renewals it already went through backfilled, each priced as the plan was that day;
// a payment refuses a negative amount or a second row for one renewal and goes with its subscription; down removes it.

const emptyDatabase = useEmptyDatabases();
const T = '2025-01-15T09:00:00.000Z';
const NAME = '0021_payments';
const PREVIOUS = Object.keys(migrations).filter((n) => n < NAME).sort().at(-1)!;

async function seedBefore(db: Kysely<unknown>): Promise<void> {
  await sql`insert into users (email, username, password_hash, company_name, created_at, updated_at) values ('ana@example.com', 'ana', 'scrypt$a', 'Acme Ltd', ${T}, ${T})`.execute(db);
  await sql`insert into workspaces (name, kind, require_two_factor, created_at, updated_at) values ('Acme Ltd', 'company', 0, ${T}, ${T})`.execute(db);
  await sql`insert into categories (workspace_id, user_id, name, created_at, updated_at) values (1, 1, 'Design', ${T}, ${T})`.execute(db);
  const expense = (name: string, amount: number, unit: string, anchor: number, renewal: string, status: string, created: string, cancelled: string | null = null, deleted: string | null = null) =>
    sql`insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, status, auto_renew, reminder_sent, cancelled_at, deleted_at, created_at, updated_at)
      values (1, 1, 1, ${name}, ${amount}, 'USD', ${unit}, 1, ${anchor}, ${renewal}, ${status}, 1, 0, ${cancelled}, ${deleted}, ${created}, ${created})`.execute(db);
  // 1: monthly on the 31st, added Jan 15, 2025, stored renewal May 31: Jan 31, Feb 28, Mar 31 and Apr 30 went by.
  await expense('Figma', 4500, 'month', 31, '2025-05-31', 'active', T);
  // 2: yearly, added Mar 1, 2022, downgraded from 720.00 to 600.00 on Sep 30, 2024: 2022 and 2023 at 720.00, 2024 at 600.00.
  await expense('Adobe', 60000, 'year', 30, '2025-09-30', 'active', '2022-03-01T10:00:00.000Z');
  // 3: a trial: nothing was charged yet.
  await expense('Linear', 800, 'month', 1, '2025-06-01', 'trial', '2025-02-01T10:00:00.000Z');
  // 4: weekly from Mar 1, 2025, cancelled on Mar 20: Mar 1, 8 and 15 were paid; the stored Mar 29 and Mar 22 never happened.
  await expense('Loom', 1250, 'week', 6, '2025-03-29', 'cancelled', '2025-03-01T08:00:00.000Z', '2025-03-20T12:00:00.000Z');
  // 5: deleted: left out.
  await expense('Miro', 1000, 'month', 5, '2025-05-05', 'active', T, null, '2025-04-01T00:00:00.000Z');
  await sql`insert into review_decisions (workspace_id, expense_id, renewal_date, last_day, user_id, action, currency, amount_before_minor, amount_after_minor, saving_minor, effective_on, applied_at, created_at)
    values (1, 2, '2024-09-30', '2024-08-31', 1, 'downgrade', 'USD', 72000, 60000, 12000, '2024-09-30', '2024-09-30T00:05:00.000Z', '2024-08-20T09:00:00.000Z')`.execute(db);
}

const payments = async (db: Kysely<unknown>) =>
  (await rowsAsText(db, 'payments', 'expense_id, renewal_date')).map((r) => [r.expense_id, r.renewal_date, r.expected_minor, r.actual_minor, r.paid_on, r.transaction_id, r.recorded_by]);

describe('migration 0021 (payments)', () => {
  it('backfills the renewals each subscription went through, priced as the plan was that day, and down removes the table only', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(PREVIOUS) });
    await seedBefore(db);
    const expenses = await rowsAsText(db, 'expenses', 'id');
    expect((await migrateToLatest(db, { migrations: migrationsUpTo(NAME) })).applied).toEqual([NAME]);
    expect(await rowsAsText(db, 'expenses', 'id')).toEqual(expenses);
    expect(await payments(db)).toEqual([
      ['1', '2025-01-31', '4500', '4500', '2025-01-31', null, null],
      ['1', '2025-02-28', '4500', '4500', '2025-02-28', null, null],
      ['1', '2025-03-31', '4500', '4500', '2025-03-31', null, null],
      ['1', '2025-04-30', '4500', '4500', '2025-04-30', null, null],
      ['2', '2022-09-30', '72000', '72000', '2022-09-30', null, null],
      ['2', '2023-09-30', '72000', '72000', '2023-09-30', null, null],
      ['2', '2024-09-30', '60000', '60000', '2024-09-30', null, null],
      ['4', '2025-03-01', '1250', '1250', '2025-03-01', null, null],
      ['4', '2025-03-08', '1250', '1250', '2025-03-08', null, null],
      ['4', '2025-03-15', '1250', '1250', '2025-03-15', null, null],
    ]);
    expect(new Set((await rowsAsText(db, 'payments', 'id')).map((r) => [r.workspace_id, r.currency].join()))).toEqual(new Set(['1,USD']));
    // The applied downgrade is the price history's first entry, from its renewal date, by whoever decided it.
    expect((await rowsAsText(db, 'price_changes', 'id')).map((r) => [r.expense_id, r.effective_on, r.source, r.user_id, r.amount_before_minor, r.amount_after_minor, r.currency_after, r.cycle_unit_after, r.created_at])).toEqual([
      ['2', '2024-09-30', 'downgrade', '1', '72000', '60000', 'USD', 'year', '2024-09-30T00:05:00.000Z'],
    ]);
    await migrations[NAME]!.down!(db);
    expect(await rowsAsText(db, 'expenses', 'id')).toEqual(expenses);
    await expect(sql`select 1 from payments`.execute(db)).rejects.toThrow();
    await expect(sql`select 1 from price_changes`.execute(db)).rejects.toThrow();
  });

  it('refuses a negative amount or a second payment of one renewal, and drops payments with their subscription', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(NAME) });
    await seedBefore(db);
    const insert = (renewal: string, expected: number, actual: number) =>
      sql`insert into payments (workspace_id, expense_id, renewal_date, currency, expected_minor, actual_minor, paid_on, created_at, updated_at)
        values (1, 1, ${renewal}, 'USD', ${expected}, ${actual}, ${renewal}, ${T}, ${T})`.execute(db);
    await insert('2025-05-31', 4500, 4800);
    await expect(insert('2025-05-31', 4500, 4500)).rejects.toThrow();
    await expect(insert('2025-06-30', -1, 4500)).rejects.toThrow();
    await expect(insert('2025-06-30', 4500, -1)).rejects.toThrow();
    await sql`delete from expenses where id = 1`.execute(db);
    expect(await rowsAsText(db, 'payments', 'id')).toEqual([]);
  });
});

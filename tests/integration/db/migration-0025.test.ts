import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { TEST_DIALECT } from '../../support/test-database';
import { migrationsUpTo, rowsAsText, useEmptyDatabases } from '../../support/upgrade-database';

// 0025 adds fixed-term contracts in a table of their own. A database made at the migration before is upgraded with its
// subscriptions untouched (and 0022's aggregate triggers still keeping the dashboard's sums); a contract goes with its
// subscription, and terms the app would never write are refused by the database too; down takes the table away.

const emptyDatabase = useEmptyDatabases();
const T = '2026-06-15T09:00:00.000Z';
const NAME = '0025_contracts';
const PREVIOUS = Object.keys(migrations).filter((n) => n < NAME).sort().at(-1)!;

async function seedBefore(db: Kysely<unknown>): Promise<void> {
  await sql`insert into users (email, username, password_hash, company_name, created_at, updated_at) values ('ana@example.com', 'ana', 'scrypt$a', 'Acme Ltd', ${T}, ${T})`.execute(db);
  await sql`insert into workspaces (name, kind, require_two_factor, created_at, updated_at) values ('Acme Ltd', 'company', 0, ${T}, ${T})`.execute(db);
  await sql`insert into categories (workspace_id, user_id, name, created_at, updated_at) values (1, 1, 'Chat', ${T}, ${T})`.execute(db);
  await sql`insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, status, auto_renew, reminder_sent, created_at, updated_at)
    values (1, 1, 1, 'Slack', 8750, 'USD', 'month', 1, 31, '2026-07-31', 'active', 1, 0, ${T}, ${T})`.execute(db);
}

const contract = (values: { expense_id?: number; term_months?: number; end_date?: string; end_action?: string; renew_months?: number | null; anchor_day?: number }) => {
  const v = { expense_id: 1, term_months: 12, end_date: '2027-07-31', end_action: 'renew', renew_months: 12 as number | null, anchor_day: 31, ...values };
  return sql`insert into contracts (expense_id, start_date, term_months, end_date, anchor_day, end_action, renew_months, ended_on, created_at, updated_at)
    values (${v.expense_id}, '2026-07-31', ${v.term_months}, ${v.end_date}, ${v.anchor_day}, ${v.end_action}, ${v.renew_months}, null, ${T}, ${T})`;
};

describe('migration 0025 (fixed-term contracts)', () => {
  it('upgrades with every subscription and dashboard sum kept, and stores a contract', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(PREVIOUS) });
    await seedBefore(db);
    const before = await rowsAsText(db, 'expenses', 'id');
    const totals = await rowsAsText(db, 'expense_totals', 'workspace_id');
    expect((await migrateToLatest(db, { migrations: migrationsUpTo(NAME) })).applied).toEqual([NAME]);
    expect(await rowsAsText(db, 'expenses', 'id')).toEqual(before);
    expect(await rowsAsText(db, 'expense_totals', 'workspace_id')).toEqual(totals);
    await contract({}).execute(db);
    expect((await rowsAsText(db, 'contracts', 'expense_id')).map((r) => [r.expense_id, r.end_date, r.end_action, r.renew_months])).toEqual([['1', '2027-07-31', 'renew', '12']]);
    // The aggregate triggers still run: a new subscription is counted.
    await sql`insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, status, auto_renew, reminder_sent, created_at, updated_at)
      values (1, 1, 1, 'Zoom', 1500, 'USD', 'month', 1, 31, '2026-07-31', 'active', 1, 0, ${T}, ${T})`.execute(db);
    expect((await rowsAsText(db, 'expense_totals', 'workspace_id')).map((r) => [r.n, r.total_minor])).toEqual([['2', '10250']]);
  });

  it('refuses terms the app never writes, one contract per subscription, and drops it with its subscription', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(PREVIOUS) });
    await seedBefore(db);
    await migrateToLatest(db, { migrations: migrationsUpTo(NAME) });
    if (TEST_DIALECT === 'sqlite') await sql`pragma foreign_keys = on`.execute(db);
    await expect(contract({ term_months: 0 }).execute(db)).rejects.toThrow();
    await expect(contract({ end_date: '2026-07-31' }).execute(db)).rejects.toThrow();
    await expect(contract({ end_action: 'forever' }).execute(db)).rejects.toThrow();
    await expect(contract({ renew_months: null }).execute(db)).rejects.toThrow();
    await expect(contract({ end_action: 'end' }).execute(db)).rejects.toThrow();
    await expect(contract({ renew_months: 0 }).execute(db)).rejects.toThrow();
    await expect(contract({ anchor_day: 32 }).execute(db)).rejects.toThrow();
    await expect(contract({ expense_id: 99 }).execute(db)).rejects.toThrow();
    await contract({ end_action: 'end', renew_months: null }).execute(db);
    await expect(contract({}).execute(db)).rejects.toThrow();
    await sql`delete from expenses where id = 1`.execute(db);
    expect(await rowsAsText(db, 'contracts', 'expense_id')).toEqual([]);
  });

  it('down removes the table and leaves the subscriptions', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(NAME) });
    await seedBefore(db);
    await contract({}).execute(db);
    await migrations[NAME]!.down!(db);
    await expect(sql`select * from contracts`.execute(db)).rejects.toThrow();
    expect((await rowsAsText(db, 'expenses', 'id')).map((r) => r.name)).toEqual(['Slack']);
  });
});

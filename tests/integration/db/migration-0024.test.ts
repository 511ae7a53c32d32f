import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { TEST_DIALECT } from '../../support/test-database';
import { migrationsUpTo, rowsAsText, useEmptyDatabases } from '../../support/upgrade-database';

// 0024 adds budgets: one per workspace scope (the workspace, a category, a cost centre). A database made at the
// migration before is upgraded with its rows as they were; a budget refuses a second one for its scope, an amount of 0,
// a scope without its target; it goes with its category and its workspace; down removes the table only.

const emptyDatabase = useEmptyDatabases();
const T = '2026-03-10T09:00:00.000Z';
const NAME = '0024_budgets';
const PREVIOUS = Object.keys(migrations).filter((n) => n < NAME).sort().at(-1)!;

async function seedBefore(db: Kysely<unknown>): Promise<void> {
  await sql`insert into users (email, username, password_hash, company_name, created_at, updated_at) values ('ana@example.com', 'ana', 'scrypt$a', 'Acme Ltd', ${T}, ${T})`.execute(db);
  await sql`insert into workspaces (name, kind, require_two_factor, created_at, updated_at) values ('Acme Ltd', 'company', 0, ${T}, ${T})`.execute(db);
  await sql`insert into categories (workspace_id, user_id, name, created_at, updated_at) values (1, 1, 'Design', ${T}, ${T})`.execute(db);
  await sql`insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, status, auto_renew, reminder_sent, cost_centre, created_at, updated_at)
    values (1, 1, 1, 'Figma', 4500, 'USD', 'month', 1, 20, '2026-03-20', 'active', 1, 0, 'Growth', ${T}, ${T})`.execute(db);
}

const budget = (db: Kysely<unknown>, scope: string, key: string, categoryId: number | null, centre: string | null, amount = 50000) =>
  sql`insert into budgets (workspace_id, scope, scope_key, category_id, cost_centre, amount_minor, currency, created_at, updated_at)
    values (1, ${scope}, ${key}, ${categoryId}, ${centre}, ${amount}, 'USD', ${T}, ${T})`.execute(db);

describe('migration 0024 (budgets)', () => {
  it('upgrades with every row kept, stores one budget per scope, and down removes the table only', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(PREVIOUS) });
    await seedBefore(db);
    const expenses = await rowsAsText(db, 'expenses', 'id');
    const categories = await rowsAsText(db, 'categories', 'id');
    expect((await migrateToLatest(db, { migrations: migrationsUpTo(NAME) })).applied).toEqual([NAME]);
    expect(await rowsAsText(db, 'expenses', 'id')).toEqual(expenses);
    expect(await rowsAsText(db, 'categories', 'id')).toEqual(categories);
    await budget(db, 'workspace', 'workspace', null, null);
    await budget(db, 'category', 'category:1', 1, null);
    await budget(db, 'cost_centre', 'cost_centre:growth', null, 'Growth');
    expect((await rowsAsText(db, 'budgets', 'id')).map((r) => [r.scope, r.scope_key, r.category_id, r.cost_centre, r.amount_minor])).toEqual([
      ['workspace', 'workspace', null, null, '50000'],
      ['category', 'category:1', '1', null, '50000'],
      ['cost_centre', 'cost_centre:growth', null, 'Growth', '50000'],
    ]);
    await migrations[NAME]!.down!(db);
    expect(await rowsAsText(db, 'expenses', 'id')).toEqual(expenses);
    await expect(sql`select 1 from budgets`.execute(db)).rejects.toThrow();
  });

  it('refuses a second budget for a scope, an amount of 0, a scope without its target; a budget goes with its category and workspace', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(NAME) });
    if (TEST_DIALECT === 'sqlite') await sql`pragma foreign_keys = on`.execute(db);
    await seedBefore(db);
    await budget(db, 'category', 'category:1', 1, null);
    await expect(budget(db, 'category', 'category:1', 1, null, 100)).rejects.toThrow();
    await expect(budget(db, 'workspace', 'workspace', null, null, 0)).rejects.toThrow();
    await expect(budget(db, 'category', 'category:2', null, null)).rejects.toThrow();
    await expect(budget(db, 'cost_centre', 'cost_centre:x', null, null)).rejects.toThrow();
    await expect(budget(db, 'workspace', 'workspace', 1, null)).rejects.toThrow();
    await expect(budget(db, 'team', 'team', null, null)).rejects.toThrow();
    await budget(db, 'workspace', 'workspace', null, null);
    await sql`update expenses set category_id = 1`.execute(db);
    await sql`delete from expenses`.execute(db);
    await sql`delete from categories where id = 1`.execute(db);
    expect((await rowsAsText(db, 'budgets', 'id')).map((r) => r.scope)).toEqual(['workspace']);
    await sql`delete from workspaces where id = 1`.execute(db);
    expect(await rowsAsText(db, 'budgets', 'id')).toEqual([]);
  });
});

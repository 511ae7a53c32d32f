import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Category, Expense, OperationName } from '../../../common/contract';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// Another account's ids answer exactly like ids that do not exist, and nothing of theirs changes.

let core: TestCore;
let alice: TestCaller;
let mallory: TestCaller;
let aliceExpense: Expense;
let aliceCategory: Category;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
  mallory = await signedInCaller(core, 'mallory');
  aliceExpense = (await alice.call('expenses.create', { name: 'Figma', category: 'Secret projects', amount: 45, renewal_date: '2026-03-20' })).expense;
  aliceCategory = (await alice.call('categories.list')).categories.find((c) => c.name === 'Secret projects')!;
  await alice.call('settings.update', { base_currency: 'EUR', rates: [{ currency: 'USD', rate: '0.9' }] });
});
afterEach(async () => {
  await core.close();
});

async function snapshot() {
  const db = core.database.db;
  return {
    expenses: await db.selectFrom('expenses').selectAll().orderBy('id').execute(),
    categories: await db.selectFrom('categories').selectAll().orderBy('id').execute(),
    settings: await db.selectFrom('settings').selectAll().orderBy('workspace_id').execute(),
    rates: await db.selectFrom('exchange_rates').selectAll().orderBy('workspace_id').execute(),
  };
}

describe('account isolation', () => {
  it('answers 404 for another account’s subscription on get, update, delete and restore', async () => {
    const before = await snapshot();
    for (const [op, input] of [
      ['expenses.get', { id: aliceExpense.id }],
      ['expenses.update', { id: aliceExpense.id, name: 'Stolen' }],
      ['expenses.delete', { id: aliceExpense.id }],
      ['expenses.restore', { id: aliceExpense.id }],
    ] as const) {
      const result = await mallory.result(op, input);
      expect(result, op).toEqual({ ok: false, error: { code: 'not_found', message: `Subscription ${aliceExpense.id} not found` } });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers 404 for restoring another account’s deleted subscription', async () => {
    await alice.call('expenses.delete', { id: aliceExpense.id });
    const result = await mallory.result('expenses.restore', { id: aliceExpense.id });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await alice.call('expenses.restore', { id: aliceExpense.id })).expense.id).toBe(aliceExpense.id);
  });

  it('answers 404 for another account’s category on rename and delete', async () => {
    const before = await snapshot();
    for (const [op, input] of [
      ['categories.update', { id: aliceCategory.id, name: 'Mine now' }],
      ['categories.delete', { id: aliceCategory.id }],
    ] as const) {
      expect(await mallory.result(op, input), op).toEqual({ ok: false, error: { code: 'not_found', message: `Category ${aliceCategory.id} not found` } });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('never shows another account’s data in lists, categories, settings or the dashboard', async () => {
    expect(await mallory.call('expenses.list', {})).toEqual({ expenses: [], total: 0, limit: 500, offset: 0 });
    expect(await mallory.call('expenses.list', { q: 'Figma' })).toMatchObject({ total: 0 });
    expect(await mallory.call('expenses.list', { category: 'Secret projects' })).toMatchObject({ total: 0 });
    const { categories } = await mallory.call('categories.list');
    expect(categories.map((c) => c.name)).not.toContain('Secret projects');
    expect(categories.every((c) => c.expense_count === 0)).toBe(true);
    expect((await mallory.call('settings.get')).settings).toMatchObject({ base_currency: 'USD', rates: [] });
    const stats = await mallory.call('dashboard.stats');
    expect(stats).toMatchObject({ monthly_spend: 0, recent_expenses: [], upcoming_renewals: [], category_breakdown: [] });
    expect(await mallory.call('dashboard.summary')).toEqual({ base_currency: 'USD', monthly_spend: 0, yearly_projection: 0, active_count: 0, upcoming_count: 0 });
  });

  it('keeps category names per account: the same name can exist in both', async () => {
    const { category } = await mallory.call('categories.create', { name: 'Secret projects' });
    expect(category.id).not.toBe(aliceCategory.id);
    const { expense } = await mallory.call('expenses.create', { name: 'X', category: 'secret projects', amount: 1, renewal_date: '2026-04-01' });
    expect(expense.category_id).toBe(category.id);
  });

  it('asks for a session on every operation of this issue', async () => {
    const anonymous = core.caller();
    const operations: OperationName[] = [
      'expenses.list', 'expenses.get', 'expenses.create', 'expenses.update', 'expenses.delete', 'expenses.restore',
      'categories.list', 'categories.create', 'categories.update', 'categories.delete',
      'dashboard.stats', 'dashboard.summary', 'settings.get', 'settings.update',
    ];
    // The same input to every operation: the session is checked before the input is read.
    for (const op of operations) {
      expect(await anonymous.raw(op, { id: aliceExpense.id }), op).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });
});

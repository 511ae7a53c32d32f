import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OperationName } from '../../../common/contract';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';
import { purgeDeletedExpenses } from '../../../main/services/renewals';

let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

const figma = { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-03-20' };

function errorOf(name: OperationName, input: unknown) {
  return refusalOf(alice, name, input);
}

describe('delete and restore', () => {
  it('deletes softly: gone from get, list, categories and the dashboard, with 30 seconds to undo', async () => {
    const { expense } = await alice.call('expenses.create', figma);
    const deleted = await alice.call('expenses.delete', { id: expense.id });
    expect(deleted).toEqual({ message: 'Deleted "Figma"', expense, undo_until: '2026-03-10T09:00:30.000Z' });

    expect((await errorOf('expenses.get', { id: expense.id })).code).toBe('not_found');
    expect((await errorOf('expenses.update', { id: expense.id, name: 'x' })).code).toBe('not_found');
    expect((await errorOf('expenses.delete', { id: expense.id })).code).toBe('not_found');
    expect(await alice.call('expenses.list', {})).toMatchObject({ expenses: [], total: 0 });
    const { categories } = await alice.call('categories.list');
    expect(categories.find((c) => c.name === 'Design')?.expense_count).toBe(0);
    const stats = await alice.call('dashboard.stats');
    expect(stats).toMatchObject({ monthly_spend: 0, upcoming_renewals: [], recent_expenses: [], counts: { active: 0 } });

    const [row] = await core.database.db.selectFrom('expenses').select(['deleted_at']).execute();
    expect(row!.deleted_at).toBe('2026-03-10T09:00:00.000Z');
  });

  it('restores with the same id and everything it had', async () => {
    const { expense } = await alice.call('expenses.create', { ...figma, payment_method: 'Visa', reminder_days: [3] });
    await alice.call('expenses.delete', { id: expense.id });
    const restored = await alice.call('expenses.restore', { id: expense.id });
    expect(restored.expense).toEqual(expense);
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toEqual(expense);
  });

  it('treats restoring a live subscription (a double-clicked Undo) as done', async () => {
    const { expense } = await alice.call('expenses.create', figma);
    expect((await alice.call('expenses.restore', { id: expense.id })).expense).toEqual(expense);
  });

  it('rolls a renewal that passed while the subscription was deleted', async () => {
    const { expense } = await alice.call('expenses.create', { ...figma, renewal_date: '2026-03-12' });
    await alice.call('expenses.delete', { id: expense.id });
    core.clock.set('2026-03-15T09:00:00Z');
    expect((await alice.call('expenses.restore', { id: expense.id })).expense.renewal_date).toBe('2026-04-12');
  });

  it('restores for 7 days; after that the row is purged and restore answers 404', async () => {
    const { expense } = await alice.call('expenses.create', figma);
    const kept = await alice.call('expenses.create', { ...figma, name: 'Kept' });
    await alice.call('expenses.delete', { id: expense.id });

    core.clock.set('2026-03-17T08:59:59Z');
    await purgeDeletedExpenses({ db: core.database.db, clock: core.clock });
    expect(await core.database.db.selectFrom('expenses').select('id').execute()).toHaveLength(2);

    core.clock.set('2026-03-17T09:00:01Z');
    const late = await errorOf('expenses.restore', { id: expense.id });
    expect(late).toEqual({ code: 'not_found', message: `Subscription ${expense.id} was deleted more than 7 days ago and cannot be restored` });

    // The sweep purges it; reads never do.
    await alice.call('expenses.list', {});
    expect(await core.database.db.selectFrom('expenses').select('id').execute()).toHaveLength(2);
    await purgeDeletedExpenses({ db: core.database.db, clock: core.clock });
    expect((await core.database.db.selectFrom('expenses').select('id').execute()).map((r) => r.id)).toEqual([kept.expense.id]);
    expect((await errorOf('expenses.restore', { id: expense.id })).message).toBe(`Subscription ${expense.id} not found`);
  });
});

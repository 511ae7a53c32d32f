import { afterEach, describe, expect, it } from 'vitest';
import { sweepAccounts } from '../../../main/services/renewals';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// A subscription's price history (issue 13): every change of amount, currency, seats or billing cycle with the day it
// took effect, written by an edit and by a downgrade the sweep applies. Real operations and sweep, SQLite or PostgreSQL.

let core: TestCore;
afterEach(async () => {
  await core.close();
});

async function start(now: string, zone = 'UTC'): Promise<TestCaller> {
  core = await startTestCore({ clock: testClock(now, zone), reminders: true });
  return signedInCaller(core, 'alice');
}
const sweep = () => sweepAccounts({ db: core.database.db, clock: core.clock, reminders: core.reminders!.hooks });
const history = async (caller: TestCaller, id: number) =>
  (await caller.call('payments.priceHistory', { id })).changes.map((c) => [c.effective_on, c.source, c.user_name, c.amount_before, c.amount_after, c.seats_before, c.seats_after]);

describe('price history', () => {
  it('records an edit of amount, seats or cycle from the day it was made (the member’s day), and nothing for a new name', async () => {
    // 23:30 UTC on Mar 2 is already Mar 3 in Berlin.
    const alice = await start('2026-03-02T23:30:00Z', 'Europe/Berlin');
    await alice.call('settings.update', { time_zone: 'Europe/Berlin' });
    const { expense } = await alice.call('expenses.create', { name: 'Slack', category: 'Communication', amount: '87.50', renewal_date: '2026-03-20' });
    expect((await alice.call('payments.priceHistory', { id: expense.id })).changes).toEqual([]);
    await alice.call('expenses.update', { id: expense.id, name: 'Slack Pro' });
    expect((await alice.call('payments.priceHistory', { id: expense.id })).changes).toEqual([]);
    await alice.call('expenses.update', { id: expense.id, amount: '96.25' });
    core.clock.set('2026-03-10T09:00:00Z');
    await alice.call('expenses.update', { id: expense.id, seats: 7, seat_price: '12.50' });
    core.clock.set('2026-03-11T09:00:00Z');
    await alice.call('expenses.update', { id: expense.id, billing_cycle: 'yearly' });
    expect(await history(alice, expense.id)).toEqual([
      ['2026-03-11', 'update', 'alice', 87.5, 87.5, 7, 7],
      // 7 × 12.50 = 87.50.
      ['2026-03-10', 'update', 'alice', 96.25, 87.5, null, 7],
      ['2026-03-03', 'update', 'alice', 87.5, 96.25, null, null],
    ]);
    const [yearly] = (await alice.call('payments.priceHistory', { id: expense.id })).changes;
    expect([yearly!.billing_cycle_before, yearly!.billing_cycle_after]).toEqual([{ unit: 'month', every: 1 }, { unit: 'year', every: 1 }]);
  });

  it('records a downgrade from its renewal date when the sweep applies it, by whoever decided it', async () => {
    // 200.00 monthly renewing Jul 1: its review opens Jun 23.
    const alice = await start('2026-06-24T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { name: 'Notion', category: 'Productivity', seats: 20, seat_price: 10, renewal_date: '2026-07-01' });
    await alice.call('reviews.decide', { id: expense.id, renewal_date: '2026-07-01', action: 'downgrade', seats: 15, note: null });
    expect(await history(alice, expense.id)).toEqual([]);
    core.clock.set('2026-07-01T09:00:00Z');
    await sweep();
    // 20 × 10.00 = 200.00 to 15 × 10.00 = 150.00.
    expect(await history(alice, expense.id)).toEqual([['2026-07-01', 'downgrade', 'alice', 200, 150, 20, 15]]);
  });

  it('is 404 for a subscription of another workspace', async () => {
    const alice = await start('2026-06-15T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { name: 'Notion', category: 'Productivity', amount: 10, renewal_date: '2026-07-01' });
    const bob = await signedInCaller(core, 'bob');
    expect(await refusalOf(bob, 'payments.priceHistory', { id: expense.id })).toMatchObject({ code: 'not_found' });
  });
});

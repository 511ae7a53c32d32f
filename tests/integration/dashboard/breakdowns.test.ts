import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_COST_CENTRE } from '../../../common/contract/expenses';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';
import { joinByInvitation } from '../../support/workspaces';

// Monthly spend by cost centre and by owner: exact, in the base currency, converted like the category
// breakdown, and in agreement with what the list shows for the same filter.

let core: TestCore;
let olga: TestCaller;
let bob: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  olga = await signedInCaller(core, 'olga');
  bob = await signedInCaller(core, 'bob');
  await olga.call('workspaces.create', { name: 'Acme' });
  await olga.call('settings.update', { base_currency: 'EUR', rates: [{ currency: 'USD', rate: '0.9' }] });
  await joinByInvitation(olga, bob, 'member');
});
afterEach(async () => {
  await core.close();
});

type Plan = { name: string; amount?: number; currency?: string; billing_cycle?: string; cost_centre?: string | null; status?: 'active' | 'trial' | 'paused' | 'cancelled'; seats?: number; seat_price?: number; trial_ends_on?: string };
const add = (caller: TestCaller, plan: Plan) => caller.call('expenses.create', { renewal_date: '2026-03-20', ...plan });

/** What the list says one filter's active and trial plans cost a month, in the base currency (the list's own figures, summed in cents). */
async function listSpend(caller: TestCaller, filter: { owner?: number; cost_centre?: string }) {
  const { expenses } = await caller.call('expenses.list', filter);
  const spending = expenses.filter((e) => (e.status === 'active' || e.status === 'trial') && e.monthly_cost_base !== null);
  return { total: Math.round(spending.reduce((n, e) => n + Math.round(e.monthly_cost_base! * 100), 0)) / 100, count: expenses.filter((e) => e.status === 'active' || e.status === 'trial').length };
}

describe('dashboard breakdowns by cost centre and by owner', () => {
  it('split the monthly spend, in the base currency, and each bucket agrees with the list filtered the same way', async () => {
    await add(olga, { name: 'Figma', amount: 100, currency: 'USD', cost_centre: 'Design' });
    await add(olga, { name: 'Yearly', amount: 120, billing_cycle: 'yearly', cost_centre: 'design' });
    await add(bob, { name: 'GitHub', seats: 10, seat_price: 4, cost_centre: 'Engineering' });
    await add(bob, { name: 'Trial', amount: 20, status: 'trial', trial_ends_on: '2026-04-01' });
    // Not spending: left out of every breakdown, as of the category one.
    await add(bob, { name: 'Paused', amount: 1000, status: 'paused', cost_centre: 'Engineering' });
    await add(olga, { name: 'Gone', amount: 1000, status: 'cancelled', cost_centre: 'Design' });

    const stats = await olga.call('dashboard.stats');
    expect(stats.cost_centre_breakdown).toEqual([
      // 100 USD × 0.9 + 120 EUR / 12
      { cost_centre: 'Design', monthly_total: 100, count: 2, unconverted_count: 0 },
      { cost_centre: 'Engineering', monthly_total: 40, count: 1, unconverted_count: 0 },
      { cost_centre: null, monthly_total: 20, count: 1, unconverted_count: 0 },
    ]);
    expect(stats.owner_breakdown).toEqual([
      { user_id: olga.userId, owner_name: 'olga', monthly_total: 100, count: 2, unconverted_count: 0 },
      { user_id: bob.userId, owner_name: 'bob', monthly_total: 60, count: 2, unconverted_count: 0 },
    ]);
    expect(stats.monthly_spend).toBe(160);

    for (const bucket of stats.cost_centre_breakdown) {
      const list = await listSpend(olga, { cost_centre: bucket.cost_centre ?? NO_COST_CENTRE });
      expect([list.total, list.count], String(bucket.cost_centre)).toEqual([bucket.monthly_total, bucket.count]);
    }
    for (const bucket of stats.owner_breakdown) {
      const list = await listSpend(olga, { owner: bucket.user_id });
      expect([list.total, list.count], bucket.owner_name).toEqual([bucket.monthly_total, bucket.count]);
    }
  });

  it('sums each bucket exactly and rounds once: three 100/yr plans in one centre are 25.00 a month, not 24.99', async () => {
    for (const name of ['A', 'B', 'C']) await add(olga, { name, amount: 100, billing_cycle: 'yearly', cost_centre: 'Ops' });
    const stats = await olga.call('dashboard.stats');
    expect(stats.cost_centre_breakdown).toEqual([{ cost_centre: 'Ops', monthly_total: 25, count: 3, unconverted_count: 0 }]);
    expect(stats.owner_breakdown.map((o) => o.monthly_total)).toEqual([25]);
  });

  it('says "not converted" (null), never 0, for a bucket whose plans all lack a rate, and counts what it can in a mixed one', async () => {
    await add(olga, { name: 'Pounds', amount: 30, currency: 'GBP', cost_centre: 'UK' });
    await add(bob, { name: 'Euros', amount: 5, cost_centre: 'UK' });
    await add(bob, { name: 'More pounds', amount: 7, currency: 'GBP', cost_centre: 'London' });
    const stats = await olga.call('dashboard.stats');
    expect(stats.cost_centre_breakdown).toEqual([
      { cost_centre: 'UK', monthly_total: 5, count: 2, unconverted_count: 1 },
      { cost_centre: 'London', monthly_total: null, count: 1, unconverted_count: 1 },
    ]);
    expect(stats.owner_breakdown).toEqual([
      { user_id: bob.userId, owner_name: 'bob', monthly_total: 5, count: 2, unconverted_count: 1 },
      { user_id: olga.userId, owner_name: 'olga', monthly_total: null, count: 1, unconverted_count: 1 },
    ]);
  });

  it('counts a trial that ended before the sweep ran as what it became (active, or gone when it does not renew)', async () => {
    await add(bob, { name: 'Converts', amount: 12, status: 'trial', trial_ends_on: '2026-03-12', cost_centre: 'Sales' });
    await olga.call('expenses.create', { name: 'Ends', amount: 50, status: 'trial', trial_ends_on: '2026-03-12', auto_renew: false, renewal_date: '2026-03-20', cost_centre: 'Sales' });
    core.clock.set('2026-03-15T09:00:00Z');
    const stats = await olga.call('dashboard.stats');
    expect(stats.cost_centre_breakdown).toEqual([{ cost_centre: 'Sales', monthly_total: 12, count: 1, unconverted_count: 0 }]);
    expect(stats.owner_breakdown).toEqual([{ user_id: bob.userId, owner_name: 'bob', monthly_total: 12, count: 1, unconverted_count: 0 }]);
    expect(await listSpend(olga, { cost_centre: 'sales' })).toEqual({ total: 12, count: 1 });
  });

  it('shows only the workspace’s own plans', async () => {
    await add(olga, { name: 'Team plan', amount: 10, cost_centre: 'Team' });
    const mallory = await signedInCaller(core, 'mallory');
    await add(mallory, { name: 'Private', amount: 99, cost_centre: 'Team' });
    expect((await mallory.call('dashboard.stats')).cost_centre_breakdown).toEqual([{ cost_centre: 'Team', monthly_total: 99, count: 1, unconverted_count: 0 }]);
    expect((await olga.call('dashboard.stats')).owner_breakdown.map((o) => o.owner_name)).toEqual(['olga']);
  });
});

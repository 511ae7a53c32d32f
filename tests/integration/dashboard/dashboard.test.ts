import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../../common/contract';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// Today is Tuesday 2026-03-10 (UTC); base USD; 1 EUR = 1.10 USD, 1 JPY = 0.0067 USD, GBP has no rate.
let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

async function add(inputs: InputOf<'expenses.create'>[]): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const input of inputs) {
    ids[input.name] = (await alice.call('expenses.create', input)).expense.id;
    core.clock.advance(1000);
  }
  core.clock.set('2026-03-10T09:00:00Z');
  return ids;
}

const FIXTURE: InputOf<'expenses.create'>[] = [
  { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-03-20' },
  { name: 'Adobe', category: 'Design', amount: 600, currency: 'EUR', billing_cycle: 'yearly', renewal_date: '2026-06-15' },
  { name: 'GitHub', category: 'Development', amount: 4, billing_cycle: 'weekly', renewal_date: '2026-03-12' },
  { name: 'Tokyo CDN', category: 'Infrastructure', amount: 9000, currency: 'JPY', renewal_date: '2026-03-11', status: 'trial' },
  { name: 'Slack', category: 'Communication', amount: 30, currency: 'GBP', renewal_date: '2026-04-02' },
  { name: 'Zoom', category: 'Communication', amount: 15, renewal_date: '2026-03-25', status: 'paused' },
  { name: 'Dropbox', category: 'Productivity', amount: 120, billing_cycle: 'yearly', renewal_date: '2026-09-01', status: 'cancelled' },
  { name: 'Notion', category: 'Productivity', amount: 10, currency: 'EUR', renewal_date: '2026-03-31', status: 'cancelled' },
  { name: 'Linear', category: 'Development', amount: 8, renewal_date: '2026-04-05', auto_renew: false },
  { name: 'Deleted', category: 'Design', amount: 999, renewal_date: '2026-03-15' },
  { name: 'Heroku', category: 'Infrastructure', amount: 25, billing_cycle: 'quarterly', renewal_date: '2026-04-30' },
];

async function fixture() {
  await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.10' }, { currency: 'JPY', rate: '0.0067' }] });
  const ids = await add(FIXTURE);
  await alice.call('expenses.delete', { id: ids.Deleted! });
  return ids;
}

describe('dashboard.stats on a fixed fixture', () => {
  it('adds up the headline numbers by hand', async () => {
    await fixture();
    const stats = await alice.call('dashboard.stats');
    // Monthly, in USD, active + trial with a rate:
    //   Figma 45 + Adobe 600/12 × 1.10 = 55 + GitHub 4 × 52.1775 / 12 = 17.3925
    //   + Tokyo 9000 × 0.0067 = 60.30 + Linear 8 + Heroku 25/3 = 8.333…   = 194.025833… → 194.03
    // Yearly: 194.025833… × 12 = 2328.31 (not 194.03 × 12 = 2328.36)
    expect(stats.base_currency).toBe('USD');
    expect(stats.monthly_spend).toBe(194.03);
    expect(stats.yearly_projection).toBe(2328.31);
    expect(stats.counts).toEqual({ active: 6, trial: 1, paused: 1, cancelled: 2 });
  });

  it('breaks the monthly spend down by category, largest first; unconverted plans count but add nothing', async () => {
    await fixture();
    const stats = await alice.call('dashboard.stats');
    expect(stats.category_breakdown).toEqual([
      { category: 'Design', monthly_total: 100, count: 2, unconverted_count: 0 }, // 45 + 55
      { category: 'Infrastructure', monthly_total: 68.63, count: 2, unconverted_count: 0 }, // 60.30 + 8.333…
      { category: 'Development', monthly_total: 25.39, count: 2, unconverted_count: 0 }, // 17.3925 + 8
      // Slack (GBP, no rate) alone; Zoom is paused: not converted, never "0.00"
      { category: 'Communication', monthly_total: null, count: 1, unconverted_count: 1 },
    ]);
    expect(stats.unconverted).toEqual([{ currency: 'GBP', count: 1, monthly_total: 30 }]);
  });

  it('lists the renewals of the next 30 days with days left, in their own and the base currency', async () => {
    const ids = await fixture();
    const stats = await alice.call('dashboard.stats');
    // Window 2026-03-10 … 2026-04-09; paused Zoom, cancelled Notion, Heroku (Apr 30) and Adobe (June) stay out.
    expect(stats.upcoming_renewals).toEqual([
      { id: ids['Tokyo CDN'], name: 'Tokyo CDN', category: 'Infrastructure', renewal_date: '2026-03-11', days_left: 1, amount: 9000, currency: 'JPY', amount_base: 60.3, billing_cycle: { unit: 'month', every: 1 }, status: 'trial', occurrences: 1 },
      { id: ids.GitHub, name: 'GitHub', category: 'Development', renewal_date: '2026-03-12', days_left: 2, amount: 4, currency: 'USD', amount_base: 4, billing_cycle: { unit: 'week', every: 1 }, status: 'active', occurrences: 5 },
      { id: ids.Figma, name: 'Figma', category: 'Design', renewal_date: '2026-03-20', days_left: 10, amount: 45, currency: 'USD', amount_base: 45, billing_cycle: { unit: 'month', every: 1 }, status: 'active', occurrences: 1 },
      { id: ids.Slack, name: 'Slack', category: 'Communication', renewal_date: '2026-04-02', days_left: 23, amount: 30, currency: 'GBP', amount_base: null, billing_cycle: { unit: 'month', every: 1 }, status: 'active', occurrences: 1 },
      { id: ids.Linear, name: 'Linear', category: 'Development', renewal_date: '2026-04-05', days_left: 26, amount: 8, currency: 'USD', amount_base: 8, billing_cycle: { unit: 'month', every: 1 }, status: 'active', occurrences: 1 },
    ]);
    // Renewals, not plans: GitHub charges every Thursday, five times in the window (as the forecast counts).
    expect(stats.upcoming_count).toBe(9);
    // 60.30 + 5 × 4 + 45 + 8; Slack (GBP) has no rate.
    expect(stats.upcoming_total).toBe(133.3);
    expect(stats.upcoming_unconverted).toBe(1);
  });

  it('includes today (0 days left) and day 30, not day 31', async () => {
    await add([
      { name: 'Today', amount: 1, renewal_date: '2026-03-10' },
      { name: 'Day 30', amount: 1, renewal_date: '2026-04-09' },
      { name: 'Day 31', amount: 1, renewal_date: '2026-04-10' },
    ]);
    const stats = await alice.call('dashboard.stats');
    expect(stats.upcoming_renewals.map((u) => [u.name, u.days_left])).toEqual([
      ['Today', 0],
      ['Day 30', 30],
    ]);
  });

  it('shows the 5 latest additions, newest first, never a deleted one', async () => {
    await fixture();
    const stats = await alice.call('dashboard.stats');
    expect(stats.recent_expenses.map((e) => e.name)).toEqual(['Heroku', 'Linear', 'Notion', 'Dropbox', 'Zoom']);
    expect(stats.recent_expenses[0]).toMatchObject({ amount: 25, monthly_cost: 8.33, monthly_cost_base: 8.33, billing_cycle: { unit: 'month', every: 3 } });
  });

  it('forecasts 12 calendar months of cash out: weekly charges per month, quarterly and annual plans in their months', async () => {
    await fixture();
    const stats = await alice.call('dashboard.stats');
    // Every month: Figma 45 + Tokyo 60.30 = 105.30. GitHub 4 USD each Thursday from Mar 12
    // (3, 5, 4, 4, 5, 4, 4, 5, 4, 5, 4, 4 per month). Heroku 25 in Apr, Jul, Oct, Jan.
    // Adobe 600 EUR = 660 USD in June. Linear (no auto-renew) and Slack (no rate) are not counted.
    expect(stats.forecast).toEqual([
      { month: '2026-03', total: 117.3 },
      { month: '2026-04', total: 150.3 },
      { month: '2026-05', total: 121.3 },
      { month: '2026-06', total: 781.3 },
      { month: '2026-07', total: 150.3 },
      { month: '2026-08', total: 121.3 },
      { month: '2026-09', total: 121.3 },
      { month: '2026-10', total: 150.3 },
      { month: '2026-11', total: 121.3 },
      { month: '2026-12', total: 125.3 },
      { month: '2027-01', total: 146.3 },
      { month: '2027-02', total: 121.3 },
    ]);
  });

  it('adds up what the cancelled subscriptions would cost now', async () => {
    await fixture();
    const stats = await alice.call('dashboard.stats');
    // Dropbox 120/12 = 10; Notion 10 EUR × 1.10 = 11
    expect(stats.savings).toEqual({ monthly: 21, yearly: 252, count: 2 });
  });

  it('rounds totals once: three 100-a-year plans cost 25.00 a month, not 24.99', async () => {
    await add(['A', 'B', 'C'].map((name) => ({ name, amount: 100, billing_cycle: 'yearly', renewal_date: '2026-05-01' })));
    const stats = await alice.call('dashboard.stats');
    expect(stats.monthly_spend).toBe(25);
    expect(stats.yearly_projection).toBe(300);
    expect(stats.category_breakdown).toEqual([{ category: 'Other', monthly_total: 25, count: 3, unconverted_count: 0 }]);
  });

  it('counts in a base currency without decimals: JPY', async () => {
    await alice.call('settings.update', { base_currency: 'JPY', rates: [{ currency: 'USD', rate: '149.5' }] });
    await add([
      { name: 'Yen', amount: 1000, billing_cycle: 'yearly', renewal_date: '2026-05-01' },
      { name: 'Dollar', amount: 9.99, currency: 'USD', renewal_date: '2026-05-01' },
    ]);
    const stats = await alice.call('dashboard.stats');
    // 1000/12 = 83.333… + 9.99 × 149.5 = 1493.505 → 1576.838… → 1577 yen; yearly 1000 + 17922.06 = 18922
    expect(stats).toMatchObject({ base_currency: 'JPY', monthly_spend: 1577, yearly_projection: 18922 });
  });

  it('gives a new account zeros, twelve empty months and empty lists', async () => {
    const stats = await alice.call('dashboard.stats');
    expect(stats).toMatchObject({
      base_currency: 'USD',
      monthly_spend: 0,
      yearly_projection: 0,
      category_breakdown: [],
      upcoming_renewals: [],
      upcoming_count: 0,
      recent_expenses: [],
      savings: { monthly: 0, yearly: 0, count: 0 },
      counts: { active: 0, trial: 0, paused: 0, cancelled: 0 },
      unconverted: [],
    });
    expect(stats.forecast).toHaveLength(12);
    expect(stats.forecast.every((m) => m.total === 0)).toBe(true);
    expect(stats.forecast[0]!.month).toBe('2026-03');
  });

  it('keeps month-end plans in the right months: Jan 31 monthly charges on Feb 28, Mar 31 …', async () => {
    core.clock.set('2027-01-20T09:00:00Z');
    await alice.call('expenses.create', { name: 'Month end', amount: 10, renewal_date: '2027-01-31' });
    await alice.call('expenses.create', { name: 'Every two years', amount: 500, billing_cycle: { unit: 'year', every: 2 }, renewal_date: '2029-01-05' });
    const stats = await alice.call('dashboard.stats');
    expect(stats.forecast.map((m) => m.total)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
    expect(stats.forecast[1]!.month).toBe('2027-02');
  });
});

describe('dashboard.summary', () => {
  it('gives the headline numbers, matching the stats', async () => {
    await fixture();
    expect(await alice.call('dashboard.summary')).toEqual({
      base_currency: 'USD',
      monthly_spend: 194.03,
      yearly_projection: 2328.31,
      active_count: 6,
      upcoming_count: 9,
    });
  });

  it('refuses unknown input fields', async () => {
    expect(await alice.raw('dashboard.summary', { period: 'year' })).toMatchObject({ ok: false, error: { code: 'validation', fields: { period: 'Unknown field "period"' } } });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../../common/contract';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// The cards, the upcoming list, the donut and the forecast describe the same money the same way.

let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

describe('renewals in the next 30 days (bug 2)', () => {
  it('counts a fortnightly plan twice, as the forecast does, and says ×2 on its one list entry', async () => {
    const { expense } = await alice.call('expenses.create', { name: 'Payroll tool', amount: 50, billing_cycle: { unit: 'week', every: 2 }, renewal_date: '2026-03-13' });
    await alice.call('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-03-20' });
    const stats = await alice.call('dashboard.stats');
    expect(stats.upcoming_renewals.map((r) => [r.name, r.renewal_date, r.occurrences])).toEqual([
      ['Payroll tool', '2026-03-13', 2],
      ['Figma', '2026-03-20', 1],
    ]);
    expect(stats.upcoming_count).toBe(3);
    expect(stats.upcoming_total).toBe(145);
    expect((await alice.call('dashboard.summary')).upcoming_count).toBe(3);
    // The forecast counts the same charges: Mar 13 and Mar 27 in March (Apr 10 is day 31).
    expect(stats.forecast[0]).toEqual({ month: '2026-03', total: 145 });
    expect(expense.id).toBe(stats.upcoming_renewals[0]!.id);
  });

  it('counts a monthly plan twice when both renewals fall in the 31 days (Feb 1 and Mar 1), using its anchor day', async () => {
    core.clock.set('2027-02-01T09:00:00Z');
    await alice.call('expenses.create', { name: 'Monthly', amount: 10, renewal_date: '2027-02-01' });
    // Anchor 31: after Feb 28 comes Mar 31, outside the window that ends Mar 3.
    await alice.call('expenses.create', { name: 'Month end', amount: 1, renewal_date: '2027-01-31' });
    const stats = await alice.call('dashboard.stats');
    expect(stats.upcoming_renewals.map((r) => [r.name, r.renewal_date, r.occurrences])).toEqual([
      ['Monthly', '2027-02-01', 2],
      ['Month end', '2027-02-28', 1],
    ]);
    expect(stats.upcoming_count).toBe(3);
    expect(stats.upcoming_total).toBe(21);
  });

  it('counts a plan that does not auto-renew once, and renewals without a rate apart', async () => {
    await alice.call('expenses.create', { name: 'Ending', amount: 5, billing_cycle: 'weekly', renewal_date: '2026-03-11', auto_renew: false });
    await alice.call('expenses.create', { name: 'Pounds', amount: 5, currency: 'GBP', billing_cycle: 'weekly', renewal_date: '2026-03-11' });
    const stats = await alice.call('dashboard.stats');
    expect(stats.upcoming_renewals.map((r) => [r.name, r.occurrences])).toEqual([
      ['Ending', 1],
      ['Pounds', 5],
    ]);
    expect(stats).toMatchObject({ upcoming_count: 6, upcoming_total: 5, upcoming_unconverted: 5 });
  });

  it('totals every renewal, not only the 100 listed', async () => {
    for (let i = 0; i < 105; i += 1) await alice.call('expenses.create', { name: `Plan ${i}`, amount: 1, renewal_date: '2026-03-15' });
    const stats = await alice.call('dashboard.stats');
    expect(stats.upcoming_renewals).toHaveLength(100);
    expect(stats).toMatchObject({ upcoming_count: 105, upcoming_total: 105 });
  });
});

describe('one rounding rule for every total (bug 3)', () => {
  it('gives the sum of the exact values rounded once, where adding the rounded categories would be off by a cent', async () => {
    // Three categories at 100/12 = 8.333… a month each: each rounds to 8.33, the total to 25.00 (not 24.99).
    for (const category of ['Design', 'Sales', 'Finance']) await alice.call('expenses.create', { name: category, category, amount: 100, billing_cycle: 'yearly', renewal_date: '2026-05-01' });
    const stats = await alice.call('dashboard.stats');
    expect(stats.category_breakdown.map((c) => c.monthly_total)).toEqual([8.33, 8.33, 8.33]);
    expect(stats.monthly_spend).toBe(25);
    expect((await alice.call('dashboard.summary')).monthly_spend).toBe(25);
  });
});

describe('a category with no rate for any of its plans (bug 4)', () => {
  it('is "not converted" (null), never $0.00, while a mixed category counts what it can', async () => {
    await alice.call('expenses.create', { name: 'Slack', category: 'Communication', amount: 30, currency: 'GBP', renewal_date: '2026-04-02' });
    await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-04-02' });
    await alice.call('expenses.create', { name: 'Canva', category: 'Design', amount: 10, currency: 'GBP', renewal_date: '2026-04-02' });
    const stats = await alice.call('dashboard.stats');
    expect(stats.category_breakdown).toEqual([
      { category: 'Design', monthly_total: 45, count: 2, unconverted_count: 1 },
      { category: 'Communication', monthly_total: null, count: 1, unconverted_count: 1 },
    ]);
    await alice.call('settings.update', { rates: [{ currency: 'GBP', rate: '1.25' }] });
    expect((await alice.call('dashboard.stats')).category_breakdown).toContainEqual({ category: 'Communication', monthly_total: 37.5, count: 1, unconverted_count: 0 });
  });
});

describe('the summary counts the charges the dashboard counts', () => {
  // The summary groups only the plans that may charge twice in the 31 days; each of these could be missed.
  it('monthly plans at both ends of a window over two month ends, out-of-step anchors, short cycles, and plans the sweep has not reached', async () => {
    core.clock.set('2027-01-10T09:00:00Z');
    await alice.call('expenses.create', { name: 'Behind monthly', amount: 1, renewal_date: '2027-01-20' });
    await alice.call('expenses.create', { name: 'Behind weekly', amount: 1, billing_cycle: 'weekly', renewal_date: '2027-01-24' });
    // Today Jan 31: the window ends Mar 2, and February has 28 days.
    core.clock.set('2027-01-31T09:00:00Z');
    const plans: [string, Omit<InputOf<'expenses.create'>, 'name' | 'amount'>][] = [
      ['Month end', { renewal_date: '2027-01-31' }],
      ['First of February', { renewal_date: '2027-02-01' }],
      ['Mid February', { renewal_date: '2027-02-05' }],
      ['First of March', { renewal_date: '2027-03-01' }],
      ['Two-monthly, anchored on the 1st', { renewal_date: '2027-01-31', billing_cycle: { unit: 'month', every: 2 } }],
      ['Monthly, anchored on the 1st', { renewal_date: '2027-02-27' }],
      ['Weekly', { renewal_date: '2027-02-02', billing_cycle: 'weekly' }],
      ['Every 30 days', { renewal_date: '2027-01-31', billing_cycle: { unit: 'day', every: 30 } }],
      ['Every 4 weeks', { renewal_date: '2027-02-01', billing_cycle: { unit: 'week', every: 4 } }],
      ['Yearly', { renewal_date: '2027-02-10', billing_cycle: 'yearly' }],
      ['Weekly, ending', { renewal_date: '2027-02-02', billing_cycle: 'weekly', auto_renew: false }],
      ['Weekly, paused', { renewal_date: '2027-02-02', billing_cycle: 'weekly', status: 'paused' }],
    ];
    for (const [name, input] of plans) await alice.call('expenses.create', { name, amount: 1, ...input });
    // Renewal dates out of step with their anchor day (as an import or a clamped month leaves them).
    await core.database.db.updateTable('expenses').set({ anchor_day: 1 }).where('name', 'in', ['Two-monthly, anchored on the 1st', 'Monthly, anchored on the 1st']).execute();

    const stats = await alice.call('dashboard.stats');
    expect(Object.fromEntries(stats.upcoming_renewals.map((r) => [r.name, r.occurrences]))).toEqual({
      'Behind monthly': 1,
      'Behind weekly': 5,
      'Month end': 2,
      'First of February': 2,
      'Mid February': 1,
      'First of March': 1,
      'Two-monthly, anchored on the 1st': 2,
      'Monthly, anchored on the 1st': 2,
      Weekly: 5,
      'Every 30 days': 2,
      'Every 4 weeks': 2,
      Yearly: 1,
      'Weekly, ending': 1,
    });
    expect(stats.upcoming_count).toBe(27);
    expect((await alice.call('dashboard.summary')).upcoming_count).toBe(27);
  });

  it('a monthly plan clamped to February that renews again on its anchor day, the window’s last', async () => {
    core.clock.set('2027-01-30T09:00:00Z');
    await alice.call('expenses.create', { name: 'Thirtieth', amount: 1, renewal_date: '2027-01-30' });
    core.clock.set('2027-02-28T09:00:00Z');
    await alice.call('expenses.update', { id: (await alice.call('expenses.list', {})).expenses[0]!.id, renewal_date: '2027-02-28' });
    await core.database.db.updateTable('expenses').set({ anchor_day: 30 }).execute();
    // Feb 28, then Mar 30: the window is Feb 28 … Mar 30.
    expect((await alice.call('dashboard.stats')).upcoming_count).toBe(2);
    expect((await alice.call('dashboard.summary')).upcoming_count).toBe(2);
  });
});

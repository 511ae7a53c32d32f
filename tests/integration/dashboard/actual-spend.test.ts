import { afterEach, describe, expect, it } from 'vitest';
import { sweepAccounts } from '../../../main/services/renewals';
import { actualMonths } from '../../../main/services/dashboard-actuals';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// The dashboard's "last 12 months" (issue 13): what payments actually cost per month of their paid date, in the base
// currency at today's rates, summed exactly and rounded once. Real operations and sweep, on SQLite or PostgreSQL.
// Subscriptions are added on 2025-04-20; today is 2026-03-10 (UTC); base USD, 1 EUR = 1.10 USD, GBP has no rate.
//   Figma  45.00 USD monthly from 2025-05-05: May 5 … Mar 5 (its Feb 5 payment recorded as 50.00 paid Jan 31)
//   Adobe  20.00 EUR monthly from 2025-06-15: Jun 15 … Feb 15 = 22.00 USD each (Jan 15 recorded as 21.37 EUR)
//   Miro   10.05 EUR monthly from 2026-01-20: Jan 20, Feb 20 = 11.055 USD each
//   Slack  10.00 GBP monthly from 2025-12-01: Dec 1 … Mar 1, no rate: 4 payments left out
//   Old    999.00 USD monthly from 2026-01-01, deleted: never shown
// Hand-computed, USD:
//   2025-04  0 · 2025-05  45 · 2025-06 … 2025-12  45 + 22 = 67
//   2026-01  45 + 50 (Feb's, paid Jan 31) + 21.37 × 1.10 + 11.055 = 45 + 50 + 23.507 + 11.055 = 129.562 → 129.56
//            (rounding each payment first would give 129.57)
//   2026-02  22 + 11.055 = 33.055 → 33.06 · 2026-03  45 (Adobe's Mar 15 and Miro's Mar 20 have not come)

let core: TestCore;
afterEach(async () => {
  await core.close();
});

const sweep = () => sweepAccounts({ db: core.database.db, clock: core.clock, reminders: core.reminders!.hooks });

async function paymentOf(alice: TestCaller, expenseId: number, renewal: string) {
  const { payments } = await alice.call('payments.list', { id: expenseId });
  return payments.find((p) => p.renewal_date === renewal)!;
}

describe('the last 12 months of actual spend', () => {
  it('sums each month’s payments by paid date across two currencies, exactly, rounded once', async () => {
    core = await startTestCore({ clock: testClock('2025-04-20T09:00:00Z', 'UTC'), reminders: true });
    const alice = await signedInCaller(core, 'alice');
    const create = async (name: string, amount: string, currency: string, renewal: string) =>
      (await alice.call('expenses.create', { name, category: 'Tools', amount, currency, renewal_date: renewal })).expense.id;
    const figma = await create('Figma', '45.00', 'USD', '2025-05-05');
    const adobe = await create('Adobe', '20.00', 'EUR', '2025-06-15');
    await create('Miro', '10.05', 'EUR', '2026-01-20');
    await create('Slack', '10.00', 'GBP', '2025-12-01');
    const old = await create('Old', '999.00', 'USD', '2026-01-01');
    // Someone else's payments never show here.
    const bob = await signedInCaller(core, 'bob');
    await bob.call('expenses.create', { name: 'Bob’s', category: 'Tools', amount: '70', renewal_date: '2025-06-01' });

    core.clock.set('2026-03-10T09:00:00Z');
    await sweep();
    await alice.call('auth.login', { username: 'alice', password: 'correct horse battery' });
    await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.10' }] });
    await alice.call('payments.record', { id: (await paymentOf(alice, figma, '2026-02-05')).id, actual_amount: '50.00', paid_on: '2026-01-31' });
    await alice.call('payments.record', { id: (await paymentOf(alice, adobe, '2026-01-15')).id, actual_amount: '21.37' });
    await alice.call('expenses.delete', { id: old });

    const stats = await alice.call('dashboard.stats');
    expect(stats.actual_spend).toEqual([
      { month: '2025-04', total: 0 },
      { month: '2025-05', total: 45 },
      { month: '2025-06', total: 67 },
      { month: '2025-07', total: 67 },
      { month: '2025-08', total: 67 },
      { month: '2025-09', total: 67 },
      { month: '2025-10', total: 67 },
      { month: '2025-11', total: 67 },
      { month: '2025-12', total: 67 },
      { month: '2026-01', total: 129.56 },
      { month: '2026-02', total: 33.06 },
      { month: '2026-03', total: 45 },
    ]);
    expect(stats.actual_unconverted).toBe(4);
    // The forecast beside it is untouched: this month's remaining charges, Adobe's and Miro's, are still ahead.
    expect(stats.forecast[0]).toEqual({ month: '2026-03', total: 33.06 });
  });

  it('follows the base currency: in EUR, a USD payment is converted at its rate', async () => {
    core = await startTestCore({ clock: testClock('2026-01-20T09:00:00Z', 'UTC'), reminders: true });
    const alice = await signedInCaller(core, 'alice');
    await alice.call('expenses.create', { name: 'Figma', category: 'Tools', amount: '45.00', renewal_date: '2026-02-05' });
    await alice.call('expenses.create', { name: 'Adobe', category: 'Tools', amount: '20.00', currency: 'EUR', renewal_date: '2026-02-15' });
    core.clock.set('2026-03-10T09:00:00Z');
    await sweep();
    await alice.call('auth.login', { username: 'alice', password: 'correct horse battery' });
    // 1 USD = 0.92 EUR: Figma's 45.00 USD (Feb 5, Mar 5) is 41.40 EUR; Adobe's 20.00 EUR (Feb 15) stays.
    await alice.call('settings.update', { base_currency: 'EUR', rates: [{ currency: 'USD', rate: '0.92' }] });
    const stats = await alice.call('dashboard.stats');
    expect(stats.base_currency).toBe('EUR');
    expect(stats.actual_spend.slice(-3)).toEqual([
      { month: '2026-01', total: 0 },
      { month: '2026-02', total: 61.4 },
      { month: '2026-03', total: 41.4 },
    ]);
    expect(stats.actual_unconverted).toBe(0);
  });

  it('names the last 12 calendar months across a year end, oldest first', () => {
    expect(actualMonths('2026-01-31')).toEqual(['2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01']);
    expect(actualMonths('0001-03-01')).toEqual(['0001-01', '0001-02', '0001-03']);
  });
});

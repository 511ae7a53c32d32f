import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPENSE_SORTS } from '../../../common/contract/expenses';
import { loadTrayData } from '../../../main/electron/tray-data';
import type { BillingCycle } from '../../../common/domain/billing-cycles';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// The worst values the contract accepts must never make an account unreadable: every view answers,
// with finite numbers and four-digit years, after the extreme legal dates and amounts are stored.

let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC'), reminders: true });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

const CYCLES: BillingCycle[] = [
  { unit: 'day', every: 1 },
  { unit: 'day', every: 1000 },
  { unit: 'week', every: 1 },
  { unit: 'week', every: 1000 },
  { unit: 'month', every: 1 },
  { unit: 'month', every: 1000 },
  { unit: 'year', every: 1 },
  { unit: 'year', every: 1000 },
];

/** Every number anywhere in a JSON answer, with its path. */
function numbersIn(value: unknown, path = '', out: [string, number][] = []): [string, number][] {
  if (typeof value === 'number') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => numbersIn(v, `${path}.${i}`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) numbersIn(v, `${path}.${k}`, out);
  return out;
}

function datesIn(value: unknown): string[] {
  return (JSON.stringify(value).match(/"\d{4,}-\d{2}(-\d{2})?(T[^"]*)?"/g) ?? []).map((s) => s.slice(1, -1));
}

/** Reads every view of the account; each must answer, with only finite numbers and four-digit years. */
async function readEveryView(caller: TestCaller) {
  const answers: Record<string, unknown> = {};
  for (const sort of EXPENSE_SORTS) {
    for (const order of ['asc', 'desc'] as const) answers[`list ${sort} ${order}`] = await caller.call('expenses.list', { sort, order });
  }
  const list = await caller.call('expenses.list', { sort: 'name', order: 'asc' });
  for (const { id } of list.expenses.slice(0, 60)) answers[`get ${id}`] = await caller.call('expenses.get', { id });
  const stats = await caller.call('dashboard.stats');
  const summary = await caller.call('dashboard.summary');
  Object.assign(answers, { stats, summary });
  answers.reminders = await caller.call('reminders.list', {});
  answers.pastReminders = await caller.call('reminders.list', { when: 'past' });
  answers.categories = await caller.call('categories.list');
  answers.settings = await caller.call('settings.get');
  const ctx = { userId: caller.userId, session: { signIn: async () => {}, signOut: async () => {} } };
  const tray = await loadTrayData({ invoke: core.invoke, context: async () => ctx, osLocale: 'en-US', osTimeZone: 'UTC', now: () => core.clock.now() });
  expect(tray.state).toBe('ready');
  answers.tray = tray;
  for (const [name, answer] of Object.entries(answers)) {
    for (const [path, n] of numbersIn(answer)) expect(Number.isFinite(n), `${name}${path} = ${n}`).toBe(true);
    for (const date of datesIn(answer)) expect(date, name).toMatch(/^\d{4}-/);
  }
  return { stats, summary };
}

describe('the extreme legal dates (1900-01-01 … 9999-12-31)', () => {
  it('answers 400, not 500, for renewal_date "0001-01-01" and trial_ends_on "0001-01-01", on create and update', async () => {
    const bad = { name: 'Old', amount: 1, renewal_date: '0001-01-01' };
    const created = await alice.result('expenses.create', bad);
    expect(created).toMatchObject({ ok: false, error: { code: 'validation', fields: { renewal_date: 'Renewal date must be between 1900-01-01 and 9999-12-31' } } });
    const trial = await alice.result('expenses.create', { name: 'T', amount: 1, renewal_date: '2026-04-01', status: 'trial', trial_ends_on: '0001-01-01' });
    expect(trial).toMatchObject({ ok: false, error: { code: 'validation', fields: { trial_ends_on: 'Trial end date must be between 1900-01-01 and 9999-12-31' } } });
    const { expense } = await alice.call('expenses.create', { name: 'Fine', amount: 1, renewal_date: '2026-04-01', status: 'trial' });
    for (const change of [{ renewal_date: '0001-01-01' }, { trial_ends_on: '0001-01-01' }, { renewal_date: '10000-01-01' }]) {
      const refused = await refusalOf(alice, 'expenses.update', { id: expense.id, ...change });
      expect(refused, JSON.stringify(change)).toMatchObject({ code: 'validation' });
      expect(Object.keys(refused.fields ?? {}), JSON.stringify(change)).toEqual(Object.keys(change));
    }
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ renewal_date: '2026-04-01', trial_ends_on: null });
  });

  it('refuses a renewal date more than 100 years before the account’s today, in words', async () => {
    const old = await alice.result('expenses.create', { name: 'Typo', amount: 1, renewal_date: '1926-03-09' });
    expect(old).toMatchObject({ ok: false, error: { code: 'validation', fields: { renewal_date: 'Renewal date must be within 100 years before today (on or after 1926-03-10)' } } });
    const { expense } = await alice.call('expenses.create', { name: 'Century', amount: 1, renewal_date: '1926-03-10', billing_cycle: 'daily' });
    expect(expense.renewal_date).toBe('2026-03-10');
  });

  it('stores the extreme legal dates with every cycle and every status, and every view still reads', async () => {
    for (const cycle of CYCLES) {
      await alice.call('expenses.create', { name: `End ${cycle.unit} ${cycle.every}`, amount: 10, billing_cycle: cycle, renewal_date: '9999-12-31', reminder_days: [365, 0] });
      await alice.call('expenses.create', { name: `Trial end ${cycle.unit} ${cycle.every}`, amount: 10, billing_cycle: cycle, renewal_date: '9999-12-31', status: 'trial', trial_ends_on: '9999-12-31', notice_period_days: 365 });
      for (const status of ['paused', 'cancelled'] as const) {
        await alice.call('expenses.create', { name: `Old ${status} ${cycle.unit} ${cycle.every}`, amount: 10, billing_cycle: cycle, renewal_date: '1926-03-10', status });
      }
      await alice.call('expenses.create', { name: `Ending ${cycle.unit} ${cycle.every}`, amount: 10, billing_cycle: cycle, renewal_date: '1926-03-10', auto_renew: false });
      await alice.call('expenses.create', { name: `Rolled ${cycle.unit} ${cycle.every}`, amount: 10, billing_cycle: cycle, renewal_date: '1926-03-10' });
    }
    await alice.call('expenses.create', { name: 'Old trial', amount: 10, renewal_date: '2026-04-01', status: 'trial', trial_ends_on: '1900-01-01' });
    const views = await readEveryView(alice);
    expect(views.stats.counts.active + views.stats.counts.trial + views.stats.counts.paused + views.stats.counts.cancelled).toBe(CYCLES.length * 6 + 1);
    expect(views.stats.forecast).toHaveLength(12);
  });

  it('reads every view on a clock at the calendar’s last days: cycles stop at 9999-12-31 and the forecast has no five-digit month', async () => {
    core.clock.set('9999-12-20T09:00:00Z');
    for (const cycle of CYCLES) await alice.call('expenses.create', { name: `Last ${cycle.unit} ${cycle.every}`, amount: 10, billing_cycle: cycle, renewal_date: '9999-12-25' });
    await alice.call('expenses.create', { name: 'Weekly past', amount: 10, billing_cycle: 'weekly', renewal_date: '9999-12-01' });
    core.clock.set('9999-12-31T09:00:00Z');
    const views = await readEveryView(alice);
    expect(views.stats.forecast.map((m) => m.month)).toEqual(['9999-12']);
    expect(views.stats.upcoming_renewals.every((r) => r.renewal_date <= '9999-12-31')).toBe(true);
  });
});

describe('the worst legal money', () => {
  const CURRENCIES = ['USD', 'JPY', 'KWD', 'CLF', 'IRR', 'VND'];

  it('refuses a rate of 999999999999999999999999 in words, and a rate below 0.000001', async () => {
    expect(await alice.result('settings.update', { rates: [{ currency: 'EUR', rate: '999999999999999999999999' }] })).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { 'rates.0.rate': 'Rate must be at most 1,000,000' } },
    });
    expect((await refusalOf(alice, 'settings.update', { rates: [{ currency: 'EUR', rate: 0.0000001 }] })).fields).toEqual({ 'rates.0.rate': 'Rate must be a positive decimal number, like 1.08' });
    expect((await refusalOf(alice, 'settings.update', { rates: [{ currency: 'EUR', rate: '0.0000009' }] })).fields).toEqual({ 'rates.0.rate': 'Rate must be at least 0.000001' });
    expect((await alice.call('settings.get')).settings.rates).toEqual([]);
  });

  it('answers 400 and stores nothing for a 1,000,000,000 daily plan whose cost in a high-ratio base would pass 2^53', async () => {
    await alice.call('settings.update', { base_currency: 'CLF', rates: [{ currency: 'KWD', rate: '1000000' }] });
    const result = await alice.result('expenses.create', { name: 'Huge', amount: 1_000_000_000, currency: 'KWD', billing_cycle: 'daily', renewal_date: '2026-04-01' });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', fields: { amount: expect.stringMatching(/^Amount is too large for this plan: at this exchange rate its cost in CLF would pass 900,719,925,474\.0991 CLF/) } } });
    expect(await core.database.db.selectFrom('expenses').select('id').execute()).toEqual([]);
    await readEveryView(alice);
  });

  it('refuses a rate that would take stored plans past exact counting, naming the rate', async () => {
    await alice.call('settings.update', { base_currency: 'CLF' });
    await alice.call('expenses.create', { name: 'Big', amount: 1_000_000_000, currency: 'KWD', billing_cycle: 'daily', renewal_date: '2026-04-01' });
    const result = await alice.result('settings.update', { rates: [{ currency: 'KWD', rate: '1000' }] });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', fields: { 'rates.0.rate': expect.stringMatching(/^Your KWD subscriptions would be too large to count exactly/) } } });
    await readEveryView(alice);
  });

  it('stores the max amount in every cycle and currency at the max rate, many times over, and every view answers', async () => {
    // Base USD: the largest rate still leaves each plan exact; the sums pass 2^53 and must not throw.
    await alice.call('settings.update', { rates: CURRENCIES.filter((c) => c !== 'USD').map((currency) => ({ currency, rate: currency === 'KWD' || currency === 'CLF' ? '1000000' : '0.000001' })) });
    let stored = 0;
    let active = 0;
    for (const currency of CURRENCIES) {
      for (const cycle of CYCLES) {
        for (let copy = 0; copy < 3; copy += 1) {
          const result = await alice.result('expenses.create', { name: `${currency} ${cycle.unit}/${cycle.every} #${copy}`, amount: '1000000000', currency, billing_cycle: cycle, renewal_date: '2026-03-12', status: copy === 2 ? 'cancelled' : 'active' });
          if (result.ok) {
            stored += 1;
            if (copy < 2) active += 1;
          }
          else expect(result.error, `${currency} ${JSON.stringify(cycle)}`).toMatchObject({ code: 'validation', fields: { amount: expect.stringMatching(/^Amount is too large for this plan/) } });
        }
      }
    }
    expect(stored).toBeGreaterThan(CURRENCIES.length * CYCLES.length);
    // Many such rows: 2^7 copies of each, so the account's sums pass 2^53 minor units.
    const columns = 'user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, description, status, trial_ends_on, notice_period_days, auto_renew, payment_method, url, reminder_days, reminder_sent, cancelled_at, deleted_at, created_at, updated_at';
    for (let i = 0; i < 7; i += 1) await sql.raw(`insert into expenses (${columns}) select ${columns} from expenses`).execute(core.database.db);
    const views = await readEveryView(alice);
    expect(views.stats.counts.active).toBe(active * 128);
    // Past 2^53 minor units a total is the nearest JSON number (summed exactly first), never a 500.
    expect(views.stats.yearly_projection).toBeGreaterThan(9_007_199_254_740_991 / 100);
    expect(views.summary.yearly_projection).toBe(views.stats.yearly_projection);
    expect(views.stats.yearly_projection / views.stats.monthly_spend).toBeCloseTo(12, 9);
    // Thousands of creates through the real operation, then ~300k rows summed by every view: ~10 s of a core when idle.
  }, 60_000);
});

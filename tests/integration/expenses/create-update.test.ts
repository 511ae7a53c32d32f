import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf, OperationName } from '../../../common/contract';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// Today is 2026-03-10 (UTC) throughout.
let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

const figma = { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-04-15', description: 'Team plan' };

async function create(input: InputOf<'expenses.create'>) {
  return (await alice.call('expenses.create', input)).expense;
}

function failure(name: OperationName, input: unknown) {
  return refusalOf(alice, name, input);
}

async function expenseRows() {
  return core.database.db.selectFrom('expenses').selectAll().execute();
}

describe('expenses.create', () => {
  it('accepts what the original app sent (name, category, amount, renewal_date, description) and fills sensible defaults', async () => {
    const expense = await create(figma);
    expect(expense).toMatchObject({
      name: 'Figma',
      category: 'Design',
      amount: 45,
      currency: 'USD',
      billing_cycle: { unit: 'month', every: 1 },
      renewal_date: '2026-04-15',
      description: 'Team plan',
      status: 'active',
      trial_ends_on: null,
      notice_period_days: null,
      auto_renew: true,
      payment_method: null,
      url: null,
      reminder_days: [7],
      reminder_days_custom: false,
      reminder_sent: false,
      monthly_cost: 45,
      monthly_cost_base: 45,
      base_currency: 'USD',
      created_at: '2026-03-10T09:00:00.000Z',
    });
    const [row] = await expenseRows();
    expect(row).toMatchObject({ amount_minor: 4500, currency: 'USD', anchor_day: 15, reminder_days: null, deleted_at: null });
  });

  it('uses the account base currency when none is given', async () => {
    await alice.call('settings.update', { base_currency: 'EUR' });
    expect((await create(figma)).currency).toBe('EUR');
  });

  it('files a subscription without a category under "Other"', async () => {
    const expense = await create({ name: 'Misc', amount: 5, renewal_date: '2026-04-01' });
    expect(expense.category).toBe('Other');
  });

  it('matches a category name in any letter case, and creates an unknown one for the account', async () => {
    expect((await create({ ...figma, category: 'design' })).category).toBe('Design');
    const created = await create({ ...figma, name: 'Notion', category: 'Knowledge base' });
    expect(created.category).toBe('Knowledge base');
    const { categories } = await alice.call('categories.list');
    expect(categories.find((c) => c.name === 'Knowledge base')).toMatchObject({ is_default: false, expense_count: 1 });
    expect(categories).toHaveLength(11);
  });

  it('stores money in minor units by the currency exponent: JPY 0, USD 2, KWD 3', async () => {
    const yen = await create({ ...figma, name: 'Yen', amount: 1500, currency: 'JPY' });
    const dinar = await create({ ...figma, name: 'Dinar', amount: '12.345', currency: 'kwd' });
    const dollars = await create({ ...figma, name: 'Dollars', amount: '19.99' });
    expect([yen.amount, dinar.amount, dollars.amount]).toEqual([1500, 12.345, 19.99]);
    expect(dinar.currency).toBe('KWD');
    const rows = await expenseRows();
    expect(rows.map((r) => [r.name, r.amount_minor])).toEqual([
      ['Yen', 1500],
      ['Dinar', 12345],
      ['Dollars', 1999],
    ]);
  });

  it('refuses more decimals than the currency has, saying so on the amount field', async () => {
    expect((await failure('expenses.create', { ...figma, amount: 12.345 })).fields).toEqual({ amount: 'USD allows at most 2 decimal places' });
    expect((await failure('expenses.create', { ...figma, amount: '12.5', currency: 'JPY' })).fields).toEqual({ amount: 'JPY has no decimal places' });
    expect((await failure('expenses.create', { ...figma, amount: '1.0001', currency: 'KWD' })).fields).toEqual({ amount: 'KWD allows at most 3 decimal places' });
    expect(await expenseRows()).toHaveLength(0);
  });

  it('refuses negative, non-numeric and over-a-billion amounts', async () => {
    expect((await failure('expenses.create', { ...figma, amount: -1 })).fields).toEqual({ amount: 'Amount cannot be negative' });
    expect((await failure('expenses.create', { ...figma, amount: 'ten' })).fields?.amount).toMatch(/^Amount must be a number/);
    expect((await failure('expenses.create', { ...figma, amount: 1_000_000_000.01 })).fields).toEqual({ amount: 'Amount must be at most 1,000,000,000' });
    expect((await create({ ...figma, amount: 1_000_000_000 })).amount).toBe(1_000_000_000);
    expect((await create({ ...figma, amount: 0 })).amount).toBe(0);
  });

  it('names every wrong field in one answer and stores nothing', async () => {
    const error = await failure('expenses.create', { name: '', amount: 5, currency: 'XYZ', renewal_date: '2026-02-30', status: 'gone', url: 'ftp://x' });
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fields!).sort()).toEqual(['currency', 'name', 'renewal_date', 'status', 'url']);
    expect(error.fields!.renewal_date).toBe('Renewal date must be a real date');
    expect(await expenseRows()).toHaveLength(0);
  });

  it('refuses unknown fields by name', async () => {
    const error = await failure('expenses.create', { ...figma, owner_id: 2 });
    expect(error.fields).toEqual({ owner_id: 'Unknown field "owner_id"' });
  });

  it('accepts every optional field and a cycle shorthand', async () => {
    const expense = await create({
      ...figma,
      billing_cycle: 'quarterly',
      status: 'trial',
      trial_ends_on: '2026-03-20',
      notice_period_days: 14,
      auto_renew: false,
      payment_method: 'Visa •1234',
      url: 'https://figma.com/billing',
      reminder_days: [1, 7, 7],
    });
    expect(expense).toMatchObject({
      billing_cycle: { unit: 'month', every: 3 },
      status: 'trial',
      trial_ends_on: '2026-03-20',
      notice_period_days: 14,
      auto_renew: false,
      payment_method: 'Visa •1234',
      url: 'https://figma.com/billing',
      reminder_days: [7, 1],
      reminder_days_custom: true,
      monthly_cost: 15,
    });
  });

  it('refuses a trial end date on a subscription that is not a trial', async () => {
    const error = await failure('expenses.create', { ...figma, trial_ends_on: '2026-03-20' });
    expect(error.fields).toEqual({ trial_ends_on: 'A trial end date only applies to status "trial"' });
  });

  it('shows the account default lead days until the subscription has its own, and [] means no reminders', async () => {
    await alice.call('settings.update', { reminder_days_default: [3, 14] });
    expect((await create(figma)).reminder_days).toEqual([14, 3]);
    expect(await create({ ...figma, reminder_days: [] })).toMatchObject({ reminder_days: [], reminder_days_custom: true });
  });

  it('rounds the monthly equivalent once: 100 a year is 8.33 a month, 1000 JPY a year is 83 yen', async () => {
    expect((await create({ ...figma, amount: 100, billing_cycle: 'yearly' })).monthly_cost).toBe(8.33);
    expect((await create({ ...figma, amount: 1000, currency: 'JPY', billing_cycle: 'yearly' })).monthly_cost).toBe(83);
    // 10 a week: 10 × 52.1775 / 12 = 43.48125
    expect((await create({ ...figma, amount: 10, billing_cycle: 'weekly' })).monthly_cost).toBe(43.48);
  });

  it('converts the monthly cost to the base currency only where a rate exists', async () => {
    await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.08' }] });
    const euro = await create({ ...figma, amount: 12.5, currency: 'EUR', billing_cycle: 'yearly' });
    // 12.50 / 12 = 1.041666 EUR; × 1.08 = 1.125 USD, rounded half away from zero
    expect(euro).toMatchObject({ monthly_cost: 1.04, monthly_cost_base: 1.13, base_currency: 'USD' });
    const pound = await create({ ...figma, currency: 'GBP' });
    expect(pound).toMatchObject({ monthly_cost: 45, monthly_cost_base: null });
  });
});

describe('expenses.update (partial)', () => {
  it('changes only the fields given', async () => {
    const before = await create({ ...figma, payment_method: 'Visa' });
    core.clock.advance(60_000);
    const { expense } = await alice.call('expenses.update', { id: before.id, name: 'Figma Pro' });
    expect(expense).toEqual({ ...before, name: 'Figma Pro', updated_at: '2026-03-10T09:01:00.000Z' });
  });

  it('clears nullable fields sent as null', async () => {
    const before = await create({ ...figma, payment_method: 'Visa', url: 'https://x.com' });
    const { expense } = await alice.call('expenses.update', { id: before.id, description: null, payment_method: '', url: null });
    expect(expense).toMatchObject({ description: null, payment_method: null, url: null });
  });

  it('re-checks the amount against a new currency: 12.5 USD cannot become JPY, and nothing changes', async () => {
    const before = await create({ ...figma, amount: 12.5 });
    const error = await failure('expenses.update', { id: before.id, currency: 'JPY', name: 'Renamed' });
    expect(error.fields).toEqual({ amount: '12.5 does not fit JPY: JPY has no decimal places' });
    expect((await alice.call('expenses.get', { id: before.id })).expense).toEqual(before);
  });

  it('keeps the same major amount in a currency with more decimals', async () => {
    const before = await create({ ...figma, amount: 12.5 });
    const { expense } = await alice.call('expenses.update', { id: before.id, currency: 'KWD' });
    expect(expense).toMatchObject({ amount: 12.5, currency: 'KWD' });
    expect((await expenseRows())[0]!.amount_minor).toBe(12500);
  });

  it('checks a new amount against the currency it will have', async () => {
    const before = await create({ ...figma, currency: 'JPY', amount: 4500 });
    expect((await failure('expenses.update', { id: before.id, amount: 45.5 })).fields).toEqual({ amount: 'JPY has no decimal places' });
    const { expense } = await alice.call('expenses.update', { id: before.id, amount: 45.5, currency: 'USD' });
    expect(expense).toMatchObject({ amount: 45.5, currency: 'USD' });
  });

  it('moves a subscription to another category by name, creating it when new', async () => {
    const before = await create(figma);
    const { expense } = await alice.call('expenses.update', { id: before.id, category: 'Tools' });
    expect(expense.category).toBe('Tools');
  });

  it('clears the trial end date when the trial ends, and refuses one for a non-trial status', async () => {
    const trial = await create({ ...figma, status: 'trial', trial_ends_on: '2026-03-20' });
    expect((await failure('expenses.update', { id: trial.id, status: 'active', trial_ends_on: '2026-03-25' })).fields).toEqual({
      trial_ends_on: 'A trial end date only applies to status "trial"',
    });
    const { expense } = await alice.call('expenses.update', { id: trial.id, status: 'active' });
    expect(expense).toMatchObject({ status: 'active', trial_ends_on: null });
    expect((await failure('expenses.update', { id: trial.id, trial_ends_on: '2026-04-01' })).fields).toHaveProperty('trial_ends_on');
  });

  it('records when a subscription was cancelled, and forgets it when it comes back', async () => {
    const before = await create(figma);
    core.clock.set('2026-03-12T10:00:00Z');
    await alice.call('expenses.update', { id: before.id, status: 'cancelled' });
    expect((await expenseRows())[0]!.cancelled_at).toBe('2026-03-12T10:00:00.000Z');
    core.clock.set('2026-03-14T10:00:00Z');
    await alice.call('expenses.update', { id: before.id, description: 'still cancelled' });
    expect((await expenseRows())[0]!.cancelled_at).toBe('2026-03-12T10:00:00.000Z');
    await alice.call('expenses.update', { id: before.id, status: 'active' });
    expect((await expenseRows())[0]!.cancelled_at).toBeNull();
  });

  it('sets and resets custom reminder days', async () => {
    const before = await create(figma);
    expect((await alice.call('expenses.update', { id: before.id, reminder_days: [3, 1] })).expense).toMatchObject({
      reminder_days: [3, 1],
      reminder_days_custom: true,
    });
    expect((await alice.call('expenses.update', { id: before.id, reminder_days: null })).expense).toMatchObject({
      reminder_days: [7],
      reminder_days_custom: false,
    });
  });

  it('refuses unknown fields and an id that does not exist', async () => {
    const before = await create(figma);
    expect((await failure('expenses.update', { id: before.id, deleted_at: null })).fields).toEqual({ deleted_at: 'Unknown field "deleted_at"' });
    expect((await failure('expenses.update', { id: 999, name: 'x' })).code).toBe('not_found');
    expect((await failure('expenses.update', { id: 'abc', name: 'x' })).fields).toEqual({ id: 'Must be a whole number' });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../../common/contract';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

let core: TestCore;
let alice: TestCaller;

// Rates: 1 EUR = 1.10 USD, 1 KWD = 3.25 USD, 1 JPY = 0.0067 USD; GBP has no rate.
const fixture: InputOf<'expenses.create'>[] = [
  { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-03-20', description: 'Team plan', payment_method: 'Visa •1234' },
  { name: 'adobe', category: 'Design', amount: 100, currency: 'EUR', billing_cycle: 'yearly', renewal_date: '2026-06-01' },
  { name: 'Über Eats', category: 'Other', amount: 20, currency: 'EUR', renewal_date: '2026-03-15', status: 'paused' },
  { name: 'GitHub', category: 'Development', amount: 4, billing_cycle: 'weekly', renewal_date: '2026-03-12', description: 'Seats for 100% of devs' },
  { name: 'Slack', category: 'Communication', amount: 30, currency: 'GBP', renewal_date: '2026-04-02' },
  { name: 'Kuwait hosting', category: 'Infrastructure', amount: '10.5', currency: 'KWD', billing_cycle: 'quarterly', renewal_date: '2026-05-05' },
  { name: 'Tokyo CDN', category: 'Infrastructure', amount: 9000, currency: 'JPY', renewal_date: '2026-03-11', status: 'trial' },
];

beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
  await alice.call('settings.update', {
    rates: [
      { currency: 'EUR', rate: '1.10' },
      { currency: 'KWD', rate: '3.25' },
      { currency: 'JPY', rate: '0.0067' },
    ],
  });
  for (const input of fixture) {
    await alice.call('expenses.create', input);
    core.clock.advance(1000);
  }
});
afterEach(async () => {
  await core.close();
});

async function names(input: InputOf<'expenses.list'>): Promise<string[]> {
  const { expenses } = await alice.call('expenses.list', input);
  return expenses.map((e) => e.name);
}

describe('expenses.list', () => {
  it('returns every live subscription by next renewal, with total and the page it used', async () => {
    const page = await alice.call('expenses.list', {});
    expect(page).toMatchObject({ total: 7, limit: 500, offset: 0 });
    expect(page.expenses.map((e) => e.renewal_date)).toEqual(['2026-03-11', '2026-03-12', '2026-03-15', '2026-03-20', '2026-04-02', '2026-05-05', '2026-06-01']);
  });

  it('searches name, description, payment method and category name, ignoring letter case', async () => {
    expect(await names({ q: 'FIGMA' })).toEqual(['Figma']);
    expect(await names({ q: 'team plan' })).toEqual(['Figma']);
    expect(await names({ q: '•1234' })).toEqual(['Figma']);
    expect(await names({ q: 'infra' })).toEqual(['Tokyo CDN', 'Kuwait hosting']);
    expect(await names({ q: 'über' })).toEqual(['Über Eats']);
    expect(await names({ q: 'nothing like this' })).toEqual([]);
  });

  it('treats % and _ in the search as plain characters', async () => {
    expect(await names({ q: '100%' })).toEqual(['GitHub']);
    expect(await names({ q: '_' })).toEqual([]);
  });

  it('filters by category name (any case) and by status; an unknown category matches nothing', async () => {
    expect(await names({ category: 'design', sort: 'name' })).toEqual(['adobe', 'Figma']);
    expect(await names({ status: 'paused' })).toEqual(['Über Eats']);
    expect(await names({ status: 'trial', category: 'Infrastructure' })).toEqual(['Tokyo CDN']);
    expect(await alice.call('expenses.list', { category: 'Nope' })).toEqual({ expenses: [], total: 0, limit: 500, offset: 0 });
  });

  it('sorts by name case-insensitively, both ways', async () => {
    expect(await names({ sort: 'name' })).toEqual(['adobe', 'Figma', 'GitHub', 'Kuwait hosting', 'Slack', 'Tokyo CDN', 'Über Eats']);
    expect(await names({ sort: 'name', order: 'desc' })).toEqual(['Über Eats', 'Tokyo CDN', 'Slack', 'Kuwait hosting', 'GitHub', 'Figma', 'adobe']);
  });

  it('sorts by creation, newest first by default', async () => {
    expect(await names({ sort: 'created_at' })).toEqual(fixture.map((f) => f.name).reverse());
    expect(await names({ sort: 'created_at', order: 'asc' })).toEqual(fixture.map((f) => f.name));
  });

  it('sorts amounts across currencies by their base-currency value, those without a rate last', async () => {
    // In USD: adobe 110, Figma 45, Kuwait 34.125, Über 22, Tokyo 60.3, GitHub 4; Slack (GBP) unknown.
    expect(await names({ sort: 'amount' })).toEqual(['adobe', 'Tokyo CDN', 'Figma', 'Kuwait hosting', 'Über Eats', 'GitHub', 'Slack']);
    expect(await names({ sort: 'amount', order: 'asc' })).toEqual(['GitHub', 'Über Eats', 'Kuwait hosting', 'Figma', 'Tokyo CDN', 'adobe', 'Slack']);
  });

  it('sorts by monthly equivalent in the base currency', async () => {
    // Monthly in USD: Tokyo 60.3, Figma 45, Über 22, GitHub 17.39, Kuwait 11.375, adobe 9.17; Slack last.
    expect(await names({ sort: 'monthly' })).toEqual(['Tokyo CDN', 'Figma', 'Über Eats', 'GitHub', 'Kuwait hosting', 'adobe', 'Slack']);
  });

  it('pages with limit and offset, keeping the total', async () => {
    const page = await alice.call('expenses.list', { sort: 'name', limit: 2, offset: 2 });
    expect(page.expenses.map((e) => e.name)).toEqual(['GitHub', 'Kuwait hosting']);
    expect(page).toMatchObject({ total: 7, limit: 2, offset: 2 });
    expect((await alice.call('expenses.list', { offset: 100 })).expenses).toEqual([]);
  });

  it('refuses a bad page, sort or status by field', async () => {
    for (const [input, field] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 10_001 }, 'limit'],
      [{ limit: 'abc' }, 'limit'],
      [{ offset: -1 }, 'offset'],
      [{ sort: 'price' }, 'sort'],
      [{ order: 'up' }, 'order'],
      [{ status: 'gone' }, 'status'],
      [{ owner: 'ann' }, 'owner'],
      [{ cost_centre: 'a\nb' }, 'cost_centre'],
    ] as const) {
      const error = await refusalOf(alice, 'expenses.list', input);
      expect(Object.keys(error.fields ?? {}), JSON.stringify(input)).toEqual([field]);
    }
  });

  it('carries each expense’s monthly cost and base-currency equivalent', async () => {
    const { expenses } = await alice.call('expenses.list', { sort: 'name' });
    const byName = Object.fromEntries(expenses.map((e) => [e.name, e]));
    // 4 USD weekly: 4 × 52.1775 / 12 = 17.3925
    expect(byName.GitHub).toMatchObject({ monthly_cost: 17.39, monthly_cost_base: 17.39 });
    // 10.500 KWD quarterly: 3.5 KWD a month; × 3.25 = 11.375 USD
    expect(byName['Kuwait hosting']).toMatchObject({ amount: 10.5, monthly_cost: 3.5, monthly_cost_base: 11.38 });
    // 9000 JPY × 0.0067 = 60.30 USD
    expect(byName['Tokyo CDN']).toMatchObject({ amount: 9000, monthly_cost: 9000, monthly_cost_base: 60.3 });
    expect(byName.Slack).toMatchObject({ monthly_cost: 30, monthly_cost_base: null });
  });
});

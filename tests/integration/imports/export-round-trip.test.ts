import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Expense } from '../../../common/contract/expenses';
import type { FileOut } from '../../../common/contract/files';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// The export read by an independent parser (csv-parse, JSON.parse), and imported back into a new account:
// every field of every subscription comes back as it was, month-end anchors included.

let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  // Early February: a plan anchored on the 31st renews on the 28th, which its renewal date alone cannot say.
  core = await startTestCore({ clock: testClock('2027-02-03T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

const text = (file: FileOut) => (typeof file.data === 'string' ? file.data : new TextDecoder().decode(file.data));
const bytes = (file: FileOut) => (typeof file.data === 'string' ? new TextEncoder().encode(file.data) : new Uint8Array(file.data));

async function seed(caller: TestCaller): Promise<void> {
  const make = (input: Parameters<typeof caller.call<'expenses.create'>>[1]) => caller.call('expenses.create', input);
  await make({ name: 'Month end', amount: 12.5, currency: 'EUR', renewal_date: '2026-12-31', category: 'Design', reminder_days: [14, 7] });
  await make({ name: 'Leap year', amount: 1200, currency: 'JPY', renewal_date: '2024-02-29', billing_cycle: { unit: 'year', every: 1 }, category: 'Development' });
  await make({ name: '=HYPERLINK("http://evil")', amount: 0.005, currency: 'KWD', renewal_date: '2027-03-01', description: 'line one\nline "two"; three, four', reminder_days: [] });
  await make({ name: "'=already quoted", amount: 3, renewal_date: '2027-03-02', billing_cycle: { unit: 'week', every: 2 }, payment_method: '-Visa 4242', url: 'https://example.com/billing?a=1&b=2' });
  await make({ name: 'Seats', seats: 12, seat_price: 8.75, currency: 'USD', renewal_date: '2027-04-15', billing_cycle: { unit: 'month', every: 3 }, cost_centre: 'Marketing', notice_period_days: 30 });
  await make({ name: 'Trial', amount: 20, renewal_date: '2027-03-10', status: 'trial', trial_ends_on: '2027-03-09', auto_renew: false });
  await make({ name: 'Every 30 days', amount: 4.99, renewal_date: '2027-02-20', billing_cycle: { unit: 'day', every: 30 } });
  const paused = await make({ name: 'Paused', amount: 9, renewal_date: '2027-01-05' });
  await caller.call('expenses.update', { id: paused.expense.id, status: 'paused' });
  const cancelled = await make({ name: 'Cancelled', amount: 7, renewal_date: '2027-05-05', category: 'Ünïcödé ✓' });
  await caller.call('expenses.update', { id: cancelled.expense.id, status: 'cancelled' });
}

/** What a user sees of a subscription, without ids and timestamps. */
function visible(e: Expense) {
  const { id: _id, user_id: _u, category_id: _c, created_at: _a, updated_at: _b, ...rest } = e;
  return rest;
}

async function importInto(caller: TestCaller, file: FileOut): Promise<void> {
  const { preview } = await caller.call('imports.preview', { file: bytes(file), name: file.name });
  expect(preview.errors).toEqual([]);
  await caller.call('imports.commit', { id: preview.id });
}

async function listed(caller: TestCaller) {
  return (await caller.call('expenses.list', { limit: 500, sort: 'name' })).expenses.map(visible).sort((a, b) => a.name.localeCompare(b.name));
}

describe('subscriptions export', () => {
  it('writes CSV that opens in Excel: UTF-8 with BOM, the documented headers, formula-like cells escaped with an apostrophe', async () => {
    await seed(alice);
    const file = await alice.call('exports.subscriptions', { format: 'csv' });
    expect(file.name).toBe('spend-manager-subscriptions-alice-ltd-2027-02-03.csv');
    expect(file.type).toBe('text/csv; charset=utf-8');
    expect(text(file).startsWith('\uFEFF')).toBe(true);
    const rows = parse(text(file), { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['Name', 'Amount', 'Currency', 'Billing cycle', 'Next renewal', 'Category', 'Description', 'URL', 'Payment method', 'Status', 'Auto-renew', 'Notice period (days)', 'Trial ends', 'Owner', 'Cost centre', 'Seats', 'Price per seat', 'Reminder days', 'Billing day']);
    const byName = new Map(rows.map((r) => [r.Name!.replace(/^'/, ''), r]));
    expect(byName.get('=HYPERLINK("http://evil")')).toMatchObject({ Name: `'=HYPERLINK("http://evil")`, Amount: '0.005', Currency: 'KWD', 'Reminder days': 'none', Description: 'line one\nline "two"; three, four' });
    expect(byName.get("'=already quoted")).toMatchObject({ Name: "''=already quoted", 'Payment method': "'-Visa 4242", 'Billing cycle': 'Every 2 weeks' });
    expect(byName.get('Month end')).toMatchObject({ Amount: '12.50', 'Next renewal': '2027-02-28', 'Billing day': '31', 'Reminder days': '14, 7', 'Billing cycle': 'Monthly', 'Auto-renew': 'yes', Owner: 'alice' });
    expect(byName.get('Seats')).toMatchObject({ Amount: '105.00', Seats: '12', 'Price per seat': '8.75', 'Cost centre': 'Marketing', 'Notice period (days)': '30' });
  });

  it('writes JSON with every field in its own type, versioned', async () => {
    await seed(alice);
    const file = await alice.call('exports.subscriptions', { format: 'json' });
    const document = JSON.parse(text(file)) as { format: string; version: number; subscriptions: Record<string, unknown>[] };
    expect(document).toMatchObject({ format: 'spend-manager/subscriptions', version: 1 });
    expect(document.subscriptions.find((s) => s.name === 'Leap year')).toEqual({
      name: 'Leap year',
      amount: '1200',
      currency: 'JPY',
      billing_cycle: { unit: 'year', every: 1 },
      renewal_date: '2027-02-28',
      category: 'Development',
      description: null,
      url: null,
      payment_method: null,
      status: 'active',
      auto_renew: true,
      notice_period_days: null,
      trial_ends_on: null,
      owner: 'alice',
      cost_centre: null,
      seats: null,
      seat_price: null,
      reminder_days: null,
      billing_day: 29,
    });
  });

  for (const format of ['csv', 'json'] as const) {
    it(`imports its own ${format} back unchanged: every field, and the next export is the same file`, async () => {
      await seed(alice);
      const first = await alice.call('exports.subscriptions', { format });
      const bob = await signedInCaller(core, 'bob');
      await bob.call('settings.update', { locale: 'de-DE' });
      await importInto(bob, first);
      const expected = (await listed(alice)).map((e) => ({ ...e, owner_name: 'bob' }));
      expect(await listed(bob)).toEqual(expected);
      const again = await bob.call('exports.subscriptions', { format });
      const body = (f: FileOut) => text(f).replace(/"exported_at":"[^"]+",|"workspace":"[^"]*",/g, '').replace(/\b(alice|bob)\b/g, 'owner');
      expect(body(again)).toBe(body(first));
    });
  }
});

describe('a large export', () => {
  it('writes every live subscription once, by name then id, across the chunks it reads them in', async () => {
    // Distinct names in a shuffled order, and one name on many rows (told apart by amount, kept in file order).
    const file = Array.from({ length: 2300 }, (_, i) => ({ name: i % 400 === 0 ? 'Same' : `Tool ${(i * 7919) % 2300}`, amount: `${1 + i}.00`, i }));
    const sheet = ['Name,Amount,Renewal date', ...file.map((r) => `${r.name},${r.amount},2027-03-0${1 + (r.i % 9)}`)].join('\n');
    const { preview } = await alice.call('imports.preview', { file: new TextEncoder().encode(sheet) });
    await alice.call('imports.commit', { id: preview.id });
    const gone = (await alice.call('expenses.list', { q: 'Tool 7', limit: 500 })).expenses.find((e) => e.name === 'Tool 7')!;
    await alice.call('expenses.delete', { id: gone.id });
    const rows = parse(text(await alice.call('exports.subscriptions', { format: 'csv' })), { bom: true, columns: true }) as Array<Record<string, string>>;
    const json = JSON.parse(text(await alice.call('exports.subscriptions', { format: 'json' }))) as { subscriptions: Array<{ name: string; amount: string }> };
    const expected = file.filter((r) => r.name !== 'Tool 7').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.i - b.i));
    expect(rows.map((r) => [r.Name, r.Amount])).toEqual(expected.map((r) => [r.name, r.amount]));
    expect(json.subscriptions.map((s) => [s.name, s.amount])).toEqual(expected.map((r) => [r.name, r.amount]));
  });
});

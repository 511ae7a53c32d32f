import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileOut } from '../../../common/contract/files';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// The accounting export read back with csv-parse (an independent parser): the documented header rows, one bill line
// per expected charge, account codes per category, formula cells escaped.

let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-12-02T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

const text = (file: FileOut) => (typeof file.data === 'string' ? file.data : new TextDecoder().decode(file.data));
const rows = (file: FileOut) => parse(text(file), { bom: true }) as string[][];

async function categoryId(name: string): Promise<number> {
  return (await alice.call('categories.list', {})).categories.find((c) => c.name === name)!.id;
}

async function seed(): Promise<void> {
  await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, currency: 'EUR', renewal_date: '2026-12-31' });
  await alice.call('expenses.create', { name: '=cmd|calc', category: 'Development', amount: 1.5, currency: 'USD', renewal_date: '2027-01-05', billing_cycle: { unit: 'week', every: 1 } });
  await alice.call('expenses.create', { name: 'Yearly tool', category: 'Development', amount: 1200, currency: 'JPY', renewal_date: '2027-06-01', billing_cycle: { unit: 'year', every: 1 } });
  const paused = await alice.call('expenses.create', { name: 'Paused', category: 'Design', amount: 3, renewal_date: '2027-01-10' });
  await alice.call('expenses.update', { id: paused.expense.id, status: 'paused' });
  await alice.call('categories.update', { id: await categoryId('Design'), account_code: '6100' });
}

describe('accounting export', () => {
  it('gives Xero bill lines for next month by default: the template header with required columns starred, each charge in its currency, UTF-8 with BOM', async () => {
    await seed();
    const file = await alice.call('exports.accounting', { format: 'xero' });
    expect(file.name).toBe('spend-manager-xero-bills-alice-ltd-2027-01-01-to-2027-01-31.csv');
    expect(file.type).toMatch(/^text\/csv/);
    expect(text(file).charCodeAt(0)).toBe(0xfeff);
    const [header, ...lines] = rows(file);
    expect(header).toEqual(['*ContactName', '*InvoiceNumber', '*InvoiceDate', '*DueDate', '*Description', '*Quantity', '*UnitAmount', '*AccountCode', '*TaxType', 'Currency']);
    // Figma renews Jan 31; the weekly one on Jan 5, 12, 19, 26; the yearly one and the paused one not in January.
    expect(lines.map((l) => [l[0], l[2], l[6], l[7], l[9]])).toEqual([
      ["'=cmd|calc", '05/01/2027', '1.50', '', 'USD'],
      ["'=cmd|calc", '12/01/2027', '1.50', '', 'USD'],
      ["'=cmd|calc", '19/01/2027', '1.50', '', 'USD'],
      ["'=cmd|calc", '26/01/2027', '1.50', '', 'USD'],
      ['Figma', '31/01/2027', '45.00', '6100', 'EUR'],
    ]);
    expect(new Set(lines.map((l) => l[1])).size).toBe(5);
    expect(lines.every((l) => l[5] === '1')).toBe(true);
  });

  it('gives QuickBooks Online bill lines for a chosen period, with the account code and the currency of each charge', async () => {
    await seed();
    const file = await alice.call('exports.accounting', { format: 'quickbooks', from: '2027-05-25', to: '2027-06-05' });
    const [header, ...lines] = rows(file);
    expect(header).toEqual(['Bill No.', 'Supplier', 'Bill Date', 'Due Date', 'Account', 'Line Description', 'Line Amount', 'Currency']);
    expect(lines).toEqual([
      ['SM-2-20270525', "'=cmd|calc", '25/05/2027', '25/05/2027', '', "'=cmd|calc", '1.50', 'USD'],
      ['SM-1-20270531', 'Figma', '31/05/2027', '31/05/2027', '6100', 'Figma', '45.00', 'EUR'],
      ['SM-2-20270601', "'=cmd|calc", '01/06/2027', '01/06/2027', '', "'=cmd|calc", '1.50', 'USD'],
      ['SM-3-20270601', 'Yearly tool', '01/06/2027', '01/06/2027', '', 'Yearly tool', '1200', 'JPY'],
    ]);
  });

  it('refuses a period that ends before it starts, in words', async () => {
    const refusal = await refusalOf(alice, 'exports.accounting', { format: 'xero', from: '2027-02-01', to: '2027-01-01' });
    expect(refusal.code).toBe('validation');
    expect(refusal.message).toBe('The period ends (2027-01-01) before it starts (2027-02-01)');
  });
});

describe('account codes per category', () => {
  it('sets, shows and clears a category’s account code; only an admin may, and at most 30 characters', async () => {
    const id = await categoryId('Design');
    expect((await alice.call('categories.update', { id, account_code: ' 6100-SOFT ' })).category).toMatchObject({ name: 'Design', account_code: '6100-SOFT' });
    expect((await alice.call('categories.list', {})).categories.find((c) => c.id === id)!.account_code).toBe('6100-SOFT');
    expect((await alice.call('categories.update', { id, account_code: '' })).category.account_code).toBeNull();
    const long = await refusalOf(alice, 'categories.update', { id, account_code: 'x'.repeat(31) });
    expect(long.fields).toEqual({ account_code: 'Account code must be at most 30 characters' });
    // "Other" cannot be renamed, but its account code can be set.
    expect((await alice.call('categories.update', { id: await categoryId('Other'), account_code: '6999' })).category.account_code).toBe('6999');
  });
});

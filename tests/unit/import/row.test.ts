import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDateOrder, guessMapping } from '../../../main/services/import/mapping';
import { createRowReader, readRow } from '../../../main/services/import/row';
import { readSource } from '../../../main/services/import/source';
import { EXPORT_COLUMNS, type RowContext, type SourceTable } from '../../../main/services/import/types';

const FIXTURES = path.resolve(__dirname, '../../fixtures/import');
const ctx: RowContext = { locale: 'en-US', baseCurrency: 'USD', dateOrder: 'ymd', today: '2027-01-15' };
const table = (headers: string[], ...rows: string[][]): SourceTable => ({ format: 'csv', encoding: 'utf-8', separator: ',', headers, rows: rows.map((cells, i) => ({ row: i + 2, cells })) });

function readOne(headers: string[], cells: string[], context: Partial<RowContext> = {}) {
  const t = table(headers, cells);
  return readRow(t, t.rows[0]!, guessMapping(t), { ...ctx, ...context });
}

describe('amounts', () => {
  it('reads symbols and codes before or after the number', () => {
    expect(readOne(['Name', 'Price'], ['A', '€9.99']).input).toMatchObject({ amount: '9.99', currency: 'EUR' });
    expect(readOne(['Name', 'Price'], ['A', '9,99 EUR'], { locale: 'de-DE' }).input).toMatchObject({ amount: '9.99', currency: 'EUR' });
    expect(readOne(['Name', 'Cost'], ['A', 'USD 12']).input).toMatchObject({ amount: '12', currency: 'USD' });
    expect(readOne(['Name', 'Amount'], ['A', '£1,234.56']).input).toMatchObject({ amount: '1234.56', currency: 'GBP' });
    expect(readOne(['Name', 'Amount'], ['A', '1.234,56'], { locale: 'de-DE' }).input).toMatchObject({ amount: '1234.56' });
    expect(readOne(['Name', 'Amount'], ['A', '₹499']).input).toMatchObject({ currency: 'INR' });
  });

  it('reads "$" as the base currency when it is a dollar, else USD, and says so', () => {
    const cad = readOne(['Name', 'Amount'], ['A', '$9.99'], { baseCurrency: 'CAD' });
    expect(cad.input.currency).toBe('CAD');
    expect(cad.warnings.map((w) => w.message)).toEqual(["row 2, Amount: '$' read as CAD, the workspace's base currency"]);
    const eur = readOne(['Name', 'Amount'], ['A', '$9.99'], { baseCurrency: 'EUR' });
    expect(eur.input.currency).toBe('USD');
    expect(eur.warnings).toHaveLength(1);
  });

  it('says "row 14, Amount: \'abc\' is not a number"', () => {
    const t = table(['Name', 'Amount'], ...Array.from({ length: 13 }, () => ['A', 'abc']));
    const reading = readRow(t, t.rows[12]!, guessMapping(t), ctx);
    expect(reading.errors.map((e) => e.message)).toEqual(["row 14, Amount: 'abc' is not a number"]);
    expect(reading.errors[0]).toMatchObject({ row: 14, column: 'Amount', field: 'amount' });
  });

  it('a currency column that disagrees with the symbol is an error', () => {
    const reading = readOne(['Name', 'Amount', 'Currency'], ['A', '€9.99', 'USD']);
    expect(reading.errors.map((e) => e.message)).toEqual(["row 2, Amount: '€9.99' is in EUR but Currency says USD"]);
  });
});

describe('dates, cycles and flags', () => {
  it('reads each date form, and names an impossible date', () => {
    const date = (text: string, dateOrder: RowContext['dateOrder'] = 'dmy') => readOne(['Name', 'Next renewal'], ['A', text], { dateOrder });
    expect(date('2027-03-31').input.renewal_date).toBe('2027-03-31');
    expect(date('31/03/2027').input.renewal_date).toBe('2027-03-31');
    expect(date('03/31/2027', 'mdy').input.renewal_date).toBe('2027-03-31');
    expect(date('31.03.2027').input.renewal_date).toBe('2027-03-31');
    expect(date('Mar 31, 2027').input.renewal_date).toBe('2027-03-31');
    expect(date('31 Mar 2027').input.renewal_date).toBe('2027-03-31');
    expect(date('31/02/2027').errors.map((e) => e.message)).toEqual(["row 2, Next renewal: '31/02/2027' is not a date"]);
  });

  it('detects the date order, and says when every date could be either', () => {
    const order = (...dates: string[]) => {
      const t = table(['Name', 'Renewal date'], ...dates.map((d) => ['A', d]));
      return detectDateOrder(t, guessMapping(t));
    };
    expect(order('2027-03-31')).toBe('ymd');
    expect(order('03/04/2027', '31/03/2027')).toBe('dmy');
    expect(order('03/04/2027', '03/31/2027')).toBe('mdy');
    expect(order('03/04/2027', '05/06/2027')).toBe('ambiguous');
    expect(order('03.04.2027')).toBe('dmy');
  });

  it('reads cycles as people and this app write them', () => {
    const cases: Array<[string, string, number]> = [
      ['Monthly', 'month', 1], ['Every 3 Months', 'month', 3], ['yearly', 'year', 1], ['annual', 'year', 1], ['annually', 'year', 1],
      ['quarterly', 'month', 3], ['semi-annually', 'month', 6], ['weekly', 'week', 1], ['every 2 weeks', 'week', 2], ['fortnightly', 'week', 2],
      ['30 days', 'day', 30], ['daily', 'day', 1], ['every 30 days', 'day', 30], ['every 2 years', 'year', 2],
    ];
    for (const [text, unit, every] of cases) expect(readOne(['Name', 'Billing cycle'], ['A', text]).input.billing_cycle, text).toEqual({ unit, every });
    expect(readOne(['Name', 'Billing cycle'], ['A', 'sometimes']).errors[0]!.message).toMatch(/^row 2, Billing cycle: 'sometimes' is not a billing cycle/);
  });

  it('reads reminder days, "none" turning reminders off', () => {
    expect(readOne(['Name', 'Reminder days'], ['A', '14, 7, 1']).input.reminder_days).toEqual([14, 7, 1]);
    expect(readOne(['Name', 'Reminder days'], ['A', 'none']).input).toEqual({ name: 'A', reminders_enabled: false });
    expect(readOne(['Name', 'Reminder days'], ['A', '']).input).toEqual({ name: 'A' });
  });

  it('takes back the apostrophe the export puts before a formula-like cell', () => {
    expect(readOne(['Name', 'Amount'], ["'=SUM(A1)", '1']).input.name).toBe('=SUM(A1)');
  });
});

describe('Wallos', () => {
  it('reads its JSON export: Disabled → paused, Manual → no auto-renew, Cancellation Date → notice period', async () => {
    const source = await readSource(fs.readFileSync(path.join(FIXTURES, 'wallos-export.json')), { encoding: null, separator: null });
    const mapping = guessMapping(source);
    const [netflix, domain] = source.rows.map((r) => readRow(source, r, mapping, { ...ctx, locale: 'de-DE' }));
    expect(netflix!.errors).toEqual([]);
    expect(netflix!.input).toEqual({
      name: 'Netflix', category: 'Entertainment', description: 'Family plan', url: 'https://netflix.com', payment_method: 'PayPal', owner: 'alice',
      amount: '9.99', currency: 'EUR', billing_cycle: { unit: 'month', every: 1 }, renewal_date: '2027-03-31', status: 'active', auto_renew: true,
      reminders_enabled: true, notice_period_days: 7,
    });
    expect(domain!.input).toMatchObject({ amount: '12', currency: 'USD', billing_cycle: { unit: 'month', every: 3 }, status: 'paused', auto_renew: false, reminders_enabled: false });
    expect(domain!.input.notice_period_days).toBeUndefined();
  });

  it('refuses a cancellation date after the renewal', () => {
    const t: SourceTable = { ...table(['Name', 'Next Payment', 'Cancellation Date'], ['A', '2027-03-01', '2027-03-05']), format: 'wallos-json' };
    expect(readRow(t, t.rows[0]!, guessMapping(t), ctx).errors.map((e) => e.message)).toEqual(["row 2, Cancellation Date: '2027-03-05' is after the renewal date 2027-03-01"]);
  });
});

describe('this app’s export', () => {
  it('maps every export header exactly and reads plain decimals whatever the locale', () => {
    const headers = EXPORT_COLUMNS.map((c) => c.header);
    const cells = ['Figma', '1.234', 'BHD', 'every 3 months', '2027-03-31', 'Design', 'Team', 'https://figma.com', 'Visa', 'trial', 'no', '30', '2027-02-01', 'ann', 'R&D', '3', '0.411', '14, 7'];
    const t = table(headers, cells);
    expect(Object.keys(guessMapping(t))).toHaveLength(EXPORT_COLUMNS.length);
    const reading = readRow(t, t.rows[0]!, guessMapping(t), { ...ctx, locale: 'de-DE' });
    expect(reading.errors).toEqual([]);
    expect(reading.input).toEqual({
      name: 'Figma', amount: '1.234', currency: 'BHD', billing_cycle: { unit: 'month', every: 3 }, renewal_date: '2027-03-31', category: 'Design',
      description: 'Team', url: 'https://figma.com', payment_method: 'Visa', status: 'trial', auto_renew: false, notice_period_days: 30,
      trial_ends_on: '2027-02-01', owner: 'ann', cost_centre: 'R&D', seats: 3, seat_price: '0.411', reminder_days: [14, 7],
    });
  });
});

describe('regressions', () => {
  it('a sheet with a few of the export’s headers ("Amount", "Billing cycle") still reads decimal commas in de-DE', () => {
    const reading = readOne(['Name', 'Amount', 'Currency', 'Billing cycle', 'Next renewal', 'Category'], ['Tool', '2,01', 'EUR', 'Monthly', '2027-02-02', 'x'], { locale: 'de-DE' });
    expect(reading.errors).toEqual([]);
    expect(reading.input.amount).toBe('2.01');
  });
});

describe('a reader reused over many rows', () => {
  it('reads each row exactly as a reader made for that row alone (nothing of one row leaks into the next)', async () => {
    const { default: fc } = await import('fast-check');
    const headers = ['Name', 'Amount', 'Currency', 'Cycle', 'Renewal date', 'Trial ends', 'Status', 'Auto-renew', 'Last day to cancel', 'Reminder days', 'Seats', 'Price per seat', 'Billing day', 'Notes'];
    const cell = fc.constantFrom('', ' ', 'abc', '€9.99', '9,99', '12 USD', 'CAD', 'EUR', 'monthly', 'every 3 months', '2027-03-31', '31.03.2027', '2027-02-30', 'trial', 'paused', 'yes', 'no', 'none', '14, 7', '3', '31', "'=1+1", '$5');
    const rows = fc.array(fc.array(cell, { minLength: headers.length, maxLength: headers.length }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(rows, (cells) => {
        const t = table(headers, ...cells);
        const mapping = guessMapping(t);
        const reader = createRowReader(t, mapping, ctx);
        for (const row of t.rows) expect(reader(row)).toStrictEqual(readRow(t, row, mapping, ctx));
      }),
      { numRuns: 200 },
    );
  });
});

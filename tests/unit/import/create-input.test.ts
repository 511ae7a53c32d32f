import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expenseCreateInput } from '../../../common/contract/expenses';
import { acceptCreateInput, parseCreateInput } from '../../../main/services/import/create-input';

// The import's quick path for expenseCreateInput must be the schema itself, only quicker: whatever it accepts the
// schema accepts with the same output, and whatever it leaves to the schema is answered by it.

const pad = fc.constantFrom('', ' ', '  ', '\t', '\n', '\u00a0', '\u3000');
const padded = (inner: fc.Arbitrary<string>) => fc.tuple(pad, inner, pad).map(([a, b, c]) => a + b + c);
const textOfLength = (lengths: number[]) => fc.constantFrom(...lengths).chain((n) => fc.string({ minLength: n, maxLength: n, unit: fc.constantFrom('a', 'é', 'Z', '😀', ' ', '-') }));
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer({ min: -5, max: 400 }),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5, 2 ** 53, 1e9 + 1),
  fc.string(),
  fc.array(fc.integer({ min: -1, max: 400 }), { maxLength: 12 }),
  fc.constant({}),
);
/** Mostly a value the schema takes (or none), sometimes one at or past an edge, now and then anything at all. */
const field = <T, U>(valid: fc.Arbitrary<T>, edges: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 40, arbitrary: valid }, { weight: 10, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: edges }, { weight: 1, arbitrary: anyValue });
const text = (valid: number[], edges: number[]) => field(padded(textOfLength(valid)), padded(textOfLength(edges)));
const validDates = padded(fc.constantFrom('2027-03-31', '2028-02-29', '1900-01-01', '9999-12-31', '2026-12-03'));
const edgeDates = padded(fc.constantFrom('2027-02-30', '2027-2-3', '0001-01-01', '1899-12-31', '2027-02-29', '27-03-31', '2027-13-01', 'abc', ''));
const candidateOf = fc
  .record({
    name: text([1, 2, 199, 200], [0, 201]),
    category: text([1, 59, 60], [0, 61]),
    amount: field(padded(fc.constantFrom('9.99', '12', '1234.56', '-1', 'x'.repeat(40), '1.234,5')), padded(fc.constantFrom('', 'x'.repeat(41)))),
    currency: field(padded(fc.constantFrom('EUR', 'eur', 'Usd', 'JPY', 'KWD')), padded(fc.constantFrom('XXX', 'ABC', 'EU', ''))),
    billing_cycle: field(
      fc.record({ unit: fc.constantFrom('day', 'week', 'month', 'year'), every: fc.integer({ min: 1, max: 1000 }) }),
      fc.oneof(
        fc.record({ unit: fc.constantFrom('Month', 'decade', 'month'), every: fc.oneof(fc.integer({ min: -1, max: 1002 }), fc.constantFrom(1.5, NaN)) }),
        fc.record({ unit: fc.constant('month'), every: fc.constant(1), extra: fc.constant(1) }),
        fc.constantFrom('monthly', 'Quarterly', 'fortnightly'),
      ),
    ),
    renewal_date: fc.oneof({ weight: 12, arbitrary: validDates }, { weight: 1, arbitrary: edgeDates }, { weight: 1, arbitrary: anyValue }),
    description: text([0, 1, 1999, 2000], [2001]),
    status: field(fc.constantFrom('active', 'trial', 'paused', 'cancelled'), fc.constantFrom('Active', 'gone')),
    trial_ends_on: field(fc.oneof(validDates, fc.constant(null)), edgeDates),
    notice_period_days: field(fc.oneof(fc.integer({ min: 0, max: 365 }), fc.constant(null)), fc.constantFrom(-1, 366, 3.5)),
    auto_renew: field(fc.boolean(), fc.constantFrom('yes', 1)),
    payment_method: text([0, 1, 100], [101]),
    url: field(padded(fc.constantFrom('', 'https://a.test/x', 'HTTP://A.TEST', 'https://x'.padEnd(2000, 'x'))), padded(fc.constantFrom('ftp://a', 'https://a b', 'https://', 'https://x'.padEnd(2001, 'x')))),
    reminder_days: field(fc.oneof(fc.array(fc.integer({ min: 0, max: 365 }), { maxLength: 10 }), fc.constant(null)), fc.array(fc.oneof(fc.integer({ min: -1, max: 366 }), fc.constant(2.5)), { maxLength: 11 })),
    seats: field(fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.constant(null)), fc.constantFrom(0, 100_001, 1.5)),
    seat_price: field(fc.oneof(padded(fc.constantFrom('2.50', '7')), fc.constant(null)), fc.constantFrom('', ' ', 2.5)),
    cost_centre: field(fc.oneof(padded(fc.constantFrom('', 'Sales', 'x'.repeat(80))), fc.constant(null)), padded(fc.constantFrom('EMEA\tfield', 'a\u0085b', 'x'.repeat(81)))),
    unknown: fc.oneof({ weight: 30, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(1) }),
  })
  // As the import builds it: no key whose value is undefined.
  .map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as Record<string, unknown>);


describe('the import’s quick expenseCreateInput', () => {
  it('accepts only what the schema accepts, with the schema’s output', () => {
    let quick = 0;
    let valid = 0;
    fc.assert(
      fc.property(candidateOf, (candidate) => {
        const accepted = acceptCreateInput(candidate);
        const parsed = expenseCreateInput.safeParse(candidate);
        if (parsed.success) valid += 1;
        if (accepted !== null) {
          quick += 1;
          expect(parsed.success).toBe(true);
          expect(accepted).toStrictEqual(parsed.data);
          expect(Object.keys(accepted)).toEqual(Object.keys(parsed.data!));
        }
        const result = parseCreateInput(candidate);
        expect(result.success).toBe(parsed.success);
        if (result.success) expect(result.data).toStrictEqual(parsed.data);
        else expect(result.issues).toEqual(parsed.error!.issues);
      }),
      { numRuns: 5000 },
    );
    // The generator reaches both sides: rows taken quickly, and valid rows it still leaves to the schema (numbers, shorthands).
    expect(quick).toBeGreaterThan(100);
    expect(valid).toBeGreaterThan(quick);
  });

  it('takes the quick path for the rows an import reads from an ordinary sheet', () => {
    const row = { name: 'Tool 1', amount: '9.99', currency: 'EUR', billing_cycle: { unit: 'month', every: 3 }, renewal_date: '2027-03-31', category: 'Software', description: 'a note' };
    expect(acceptCreateInput(row)).toStrictEqual(expenseCreateInput.parse(row));
    expect(acceptCreateInput({ ...row, reminder_days: [1, 7, 1], seats: 3, seat_price: '2.50', cost_centre: ' Sales ', url: 'https://x.test', status: 'trial', trial_ends_on: '2027-01-01', auto_renew: false, notice_period_days: 30, payment_method: 'Visa' })).not.toBeNull();
  });

  it('leaves every refusal to the schema, so its words are the schema’s', () => {
    expect(acceptCreateInput({ name: 'A', renewal_date: '2027-02-30' })).toBeNull();
    expect(parseCreateInput({ name: 'A', renewal_date: '2027-02-30' })).toEqual({ success: false, issues: expenseCreateInput.safeParse({ name: 'A', renewal_date: '2027-02-30' }).error!.issues });
  });
});

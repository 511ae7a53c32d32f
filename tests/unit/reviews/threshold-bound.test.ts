import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ONE, type Rational, fromDecimalString } from '../../../common/domain/rational';
import { moneyView } from '../../../main/services/money-view';
import { minimumAmounts } from '../../../main/services/review-state';

// The queries for due reviews leave out, per currency, the amounts whose charge stays under the review threshold in
// the base currency (so the dashboard does not load every plan renewing in the next fortnight). The least amount
// they keep must be exactly the one from which the review's own rounding reaches the threshold.

const currencies = ['EUR', 'JPY', 'KWD', 'GBP', 'IDR'] as const;

function accountWith(base: string, rates: Record<string, string>) {
  const map = new Map<string, Rational>(Object.entries(rates).map(([c, r]) => [c, fromDecimalString(r)]));
  map.set(base, ONE);
  return { rates: map, money: moneyView(base, map) };
}

describe('the least amount a due-review query keeps', () => {
  it('is the least amount whose converted charge reaches the threshold, for any rate and threshold', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.integer({ min: 1, max: 9_999_999 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (currency, digits, scale, threshold) => {
          const account = accountWith('USD', { [currency]: (digits / 10 ** scale).toFixed(scale) });
          const least = minimumAmounts(account, threshold).get(currency)!;
          // Past what JavaScript holds exactly (a tiny rate, a high threshold) no amount matters: the bound says so.
          if (least < Number.MAX_SAFE_INTEGER) expect(account.money.baseMinor(least, currency)! >= BigInt(threshold)).toBe(true);
          if (least > 0) expect(account.money.baseMinor(least - 1, currency)! < BigInt(threshold)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('is the threshold itself in the base currency, nothing for a currency without a rate, and 0 for a threshold of 0', () => {
    const account = accountWith('USD', { EUR: '1.08' });
    expect(minimumAmounts(account, 10_000).get('USD')).toBe(10_000);
    // 9,259 cents × 1.08 = 9,999.72, rounds to 10,000; 9,258 × 1.08 = 9,998.64.
    expect(minimumAmounts(account, 10_000).get('EUR')).toBe(9_259);
    expect(minimumAmounts(account, 10_000).has('BRL')).toBe(false);
    expect(minimumAmounts(account, 0).get('EUR')).toBe(0);
  });
});

// A price-change alert (issue 13): when what a payment really cost is far enough from what the plan said to be news.
// Exact: amounts are integer minor units, the threshold and the percentage are integer arithmetic.

/** A payment more than this many percent off its expected amount is a price change. */
export const PRICE_CHANGE_PERCENT = 2;

/** Days after it is raised that an alert may still go out (Spend Manager closed, mail failing): its target date. */
export const PRICE_ALERT_DAYS = 7;

/** Whether `actualMinor` differs from `expectedMinor` by more than PRICE_CHANGE_PERCENT (exactly 2 % is not). */
export function isPriceChange(expectedMinor: number, actualMinor: number): boolean {
  const diff = BigInt(actualMinor) - BigInt(expectedMinor);
  const off = diff < 0n ? -diff : diff;
  return off * 100n > BigInt(PRICE_CHANGE_PERCENT) * BigInt(expectedMinor);
}

/** n / d rounded half away from zero (d > 0). */
function roundDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  return twice >= d ? q + (n < 0n ? -1n : 1n) : q;
}

/**
 * The change as a signed percentage in words: "+10 %", "-3.5 %", "+250 %". Whole percents from 10 % on, one decimal
 * below, where the threshold lies (half away from zero); null when nothing was expected (no base to compare with).
 */
export function percentChangeText(expectedMinor: number, actualMinor: number): string | null {
  if (expectedMinor <= 0) return null;
  const diff = BigInt(actualMinor) - BigInt(expectedMinor);
  const expected = BigInt(expectedMinor);
  const tenths = roundDiv(diff * 1000n, expected);
  const magnitude = tenths < 0n ? -tenths : tenths;
  const sign = diff < 0n ? '-' : '+';
  if (magnitude >= 100n) {
    const whole = roundDiv(diff * 100n, expected);
    return `${sign}${whole < 0n ? -whole : whole} %`;
  }
  const text = magnitude % 10n === 0n ? `${magnitude / 10n}` : `${magnitude / 10n}.${magnitude % 10n}`;
  return `${sign}${text} %`;
}

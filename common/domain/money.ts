// Amounts are parsed as decimal text into integer minor units, so "19.99" can never become 1998.

import { currencyExponent, isCurrencyCode } from './currencies';
import { type Rational, div, mul, rational, roundToInteger } from './rational';

/** Largest amount a single subscription may cost, in major units: at 4 decimals (CLF) 10^13 minor units, well inside 2^53. */
export const MAX_MAJOR_AMOUNT = 1_000_000_000;
export const MAX_AMOUNT_MESSAGE = 'Amount must be at most 1,000,000,000';
/** Longest amount text worth parsing ("1,000,000,000.0000" is 18 characters). */
export const MAX_AMOUNT_TEXT = 40;
/** The largest whole number of minor units a JSON number (a double) carries exactly. */
export const MAX_EXACT_MINOR = BigInt(Number.MAX_SAFE_INTEGER);

export type ParseAmountResult = { ok: true; minor: number } | { ok: false; reason: string };

// Plain decimals for typed text; exponent notation only arrives via String(number).
const TYPED_DECIMAL = /^(-)?(\d*)(?:\.(\d*))?$/;
const NUMBER_TEXT = /^(-)?(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

interface DecimalParts {
  negative: boolean;
  digits: string; // all significant digits, int then fraction
  scale: number; // value = digits × 10^-scale (scale may be negative)
}

function splitDecimal(text: string, fromNumber: boolean): DecimalParts | null {
  const m = (fromNumber ? NUMBER_TEXT : TYPED_DECIMAL).exec(text);
  if (!m) return null;
  const intDigits = m[2] ?? '';
  const fracDigits = m[3] ?? '';
  if (intDigits.length + fracDigits.length === 0) return null;
  return {
    negative: m[1] === '-',
    digits: intDigits + fracDigits,
    scale: fracDigits.length - Number(m[4] ?? '0'),
  };
}

function fail(reason: string): ParseAmountResult {
  return { ok: false, reason };
}

/**
 * A user-entered amount in major units ("45", "19.99", 19.99) as integer minor units.
 * Typed text with more decimals than the currency has is refused even when they are
 * zeros: "1.000" JPY is more likely a thousand with a grouping dot than one yen.
 */
export function parseMajorAmount(input: string | number, currency: string): ParseAmountResult {
  if (!isCurrencyCode(currency)) return fail(`Unknown currency: ${currency}`);
  const exponent = currencyExponent(currency);

  let parts: DecimalParts | null;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail('Amount must be a number');
    // String(n) is the shortest text that round-trips, i.e. what the user typed.
    parts = splitDecimal(String(input), true);
  } else {
    const text = input.trim();
    if (text === '') return fail('Amount is required');
    parts = splitDecimal(text, false);
  }
  if (!parts) return fail('Amount must be a number');

  if (parts.negative && /[1-9]/.test(parts.digits)) return fail('Amount cannot be negative');
  if (parts.scale > exponent) {
    return fail(
      exponent === 0
        ? `${currency} has no decimal places`
        : `${currency} allows at most ${exponent} decimal place${exponent === 1 ? '' : 's'}`,
    );
  }
  // scale is now at most 4, or negative only for huge numbers like 1e+21.
  const scaled =
    parts.scale >= 0
      ? rational(BigInt(parts.digits), 10n ** BigInt(parts.scale))
      : rational(BigInt(parts.digits) * 10n ** BigInt(-parts.scale));
  if (scaled.num > BigInt(MAX_MAJOR_AMOUNT) * scaled.den) {
    return fail(MAX_AMOUNT_MESSAGE);
  }
  return { ok: true, minor: Number(scaled.num * 10n ** BigInt(exponent) / scaled.den) };
}

function assertMinor(minor: number): void {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Minor units must be a safe integer: ${minor}`);
}

/** Major units as a JSON number: 4500 USD -> 45, 1999 USD -> 19.99, 500 JPY -> 500. */
export function minorToMajor(minor: number, currency: string): number {
  assertMinor(minor);
  // One correctly rounded division yields the double nearest the exact decimal,
  // which is exactly what parsing "19.99" would give.
  return minor / 10 ** currencyExponent(currency);
}

/** Exact major-unit text with all the currency's decimals: 4500 USD -> "45.00". */
export function minorToMajorString(minor: number, currency: string): string {
  assertMinor(minor);
  const exponent = currencyExponent(currency);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const sign = minor < 0 ? '-' : '';
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * An amount in `from` minor units expressed exactly in `to` minor units.
 * `rate` is how many `to` major units one `from` major unit is worth.
 */
export function convertMinor(
  amountMinor: number | Rational,
  from: string,
  to: string,
  rate: Rational,
): Rational {
  const amount = typeof amountMinor === 'number' ? rational(amountMinor) : amountMinor;
  const shift = currencyExponent(to) - currencyExponent(from);
  const major = mul(amount, rate);
  return shift >= 0
    ? mul(major, rational(10n ** BigInt(shift)))
    : div(major, rational(10n ** BigInt(-shift)));
}

/** Rounds an exact minor-unit value once, half away from zero, to a storable integer. */
export function roundMinor(r: Rational): number {
  const rounded = roundToInteger(r);
  const n = Number(rounded);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Amount exceeds safe integer range: ${rounded}`);
  return n;
}

/** Whether an integer number of minor units is exact as a JSON number. */
export function isExactMinor(minor: bigint): boolean {
  return minor <= MAX_EXACT_MINOR && minor >= -MAX_EXACT_MINOR;
}

/**
 * Whole minor units of any size as major units, never throwing: exact within 2^53 minor units
 * (like minorToMajor), the nearest double beyond (a sum over very many rows), which still shows right.
 */
export function bigMinorToMajor(minor: bigint, currency: string): number {
  if (isExactMinor(minor)) return minorToMajor(Number(minor), currency);
  return Number(minor) / 10 ** currencyExponent(currency);
}

/** An exact minor-unit value rounded once, half away from zero, in major units; never throws. */
export function roundedMajor(r: Rational, currency: string): number {
  return bigMinorToMajor(roundToInteger(r), currency);
}

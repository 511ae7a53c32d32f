// Exact BigInt fractions, so money sums and conversions are rounded once at the end instead of drifting in floats.

export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function toBigInt(n: bigint | number): bigint {
  if (typeof n === 'bigint') return n;
  if (!Number.isSafeInteger(n)) throw new RangeError(`Not a safe integer: ${n}`);
  return BigInt(n);
}

/** num/den reduced, with a positive denominator. */
export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  let n = toBigInt(num);
  let d = toBigInt(den);
  if (d === 0n) throw new RangeError('Denominator is zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { num: n / g, den: d / g } : { num: n, den: d };
}

export const ZERO: Rational = rational(0n);
export const ONE: Rational = rational(1n);

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

// Guards BigInt exponentiation against "1e999999999" taking the process down.
const MAX_DECIMAL_EXPONENT = 400;

/** Exact value of a decimal literal such as "1.0825", "-.5" or "1e-7"; throws on anything else. */
export function fromDecimalString(s: string): Rational {
  const m = DECIMAL.exec(s.trim());
  const intDigits = m?.[2] ?? '';
  const fracDigits = m?.[3] ?? '';
  if (!m || intDigits.length + fracDigits.length === 0) {
    throw new RangeError(`Not a decimal number: ${JSON.stringify(s)}`);
  }
  const exponent = Number(m[4] ?? '0') - fracDigits.length;
  if (Math.abs(exponent) > MAX_DECIMAL_EXPONENT) {
    throw new RangeError(`Decimal exponent out of range: ${JSON.stringify(s)}`);
  }
  const digits = BigInt(intDigits + fracDigits) * (m[1] === '-' ? -1n : 1n);
  return exponent >= 0
    ? rational(digits * 10n ** BigInt(exponent))
    : rational(digits, 10n ** BigInt(-exponent));
}

export function add(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return rational(a.num + b.num, a.den);
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Rational, b: Rational): Rational {
  return add(a, neg(b));
}

export function neg(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('Division by zero');
  return rational(a.num * b.den, a.den * b.num);
}

export function sum(values: Iterable<Rational>): Rational {
  let total = ZERO;
  for (const v of values) total = add(total, v);
  return total;
}

export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function equals(a: Rational, b: Rational): boolean {
  return compare(a, b) === 0;
}

/**
 * Nearest integer, ties rounded half away from zero (2.5 -> 3, -2.5 -> -3):
 * the commercial rounding people expect on invoices, and symmetric for refunds.
 */
export function roundToInteger(r: Rational): bigint {
  const negative = r.num < 0n;
  const abs = negative ? -r.num : r.num;
  const quotient = abs / r.den;
  const remainder = abs % r.den;
  const rounded = 2n * remainder >= r.den ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/** Approximate value, for charts and sorting only; never for stored money. */
export function toNumber(r: Rational): number {
  // Split first so huge numerators and denominators cannot overflow to Infinity/Infinity.
  const whole = r.num / r.den;
  const rest = r.num % r.den;
  return Number(whole) + Number((rest * 2n ** 53n) / r.den) / 2 ** 53;
}

import { type Rational, mul, rational } from '../../common/domain/rational';

// Sums amounts that each carry an exact factor (monthly equivalent × rate). Amounts sharing a factor
// are added as BigInts first; the parts then meet over one common denominator, so a total over
// 100,000 rows costs a handful of gcds instead of one per addition.

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export class ExactSum {
  private readonly parts = new Map<string, { factor: Rational; amount: bigint }>();

  /** Adds amount × factor; `key` names the factor (equal keys must carry equal factors). */
  add(amount: bigint, key: string, factor: Rational): void {
    const part = this.parts.get(key);
    if (part) part.amount += amount;
    else this.parts.set(key, { factor, amount });
  }

  value(): Rational {
    let den = 1n;
    for (const d of new Set([...this.parts.values()].map((p) => p.factor.den))) den = (den / gcd(den, d)) * d;
    let num = 0n;
    for (const { factor, amount } of this.parts.values()) num += amount * factor.num * (den / factor.den);
    return rational(num, den);
  }

  times(k: number): Rational {
    return mul(this.value(), rational(k));
  }
}

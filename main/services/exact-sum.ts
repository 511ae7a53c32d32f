import { type Rational, ZERO, add, mul, rational } from '../../common/domain/rational';
import { times } from './money-view';

// Sums amounts that each carry an exact factor (monthly equivalent × rate). Amounts sharing a
// factor are added as BigInts first, so 100,000 rows cost a few dozen fraction additions.

export class ExactSum {
  private readonly parts = new Map<string, { factor: Rational; amount: bigint }>();

  /** Adds amount × factor; `key` names the factor (equal keys must carry equal factors). */
  add(amount: bigint, key: string, factor: Rational): void {
    const part = this.parts.get(key);
    if (part) part.amount += amount;
    else this.parts.set(key, { factor, amount });
  }

  value(): Rational {
    let total = ZERO;
    for (const { factor, amount } of this.parts.values()) total = add(total, times(amount, factor));
    return total;
  }

  times(k: number): Rational {
    return mul(this.value(), rational(k));
  }
}

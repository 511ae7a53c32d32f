import { bigMinorToMajor } from '../../common/domain/money';
import { type Rational, roundToInteger } from '../../common/domain/rational';
import { ExactSum } from './exact-sum';

// Monthly spend split by one dimension (category, cost centre, owner): each bucket is summed exactly
// and rounded once, like the total; a bucket none of whose plans has a rate is "not converted" (null),
// never 0. Buckets come out by amount, largest first, then by label.

interface Bucket {
  sum: ExactSum;
  count: number;
  unconverted: number;
}

export interface BreakdownRow<K> {
  key: K;
  label: string;
  monthly_total: number | null;
  count: number;
  unconverted_count: number;
}

export class SpendBreakdown<K> {
  private readonly buckets = new Map<K, Bucket>();

  /** `n` plans of one currency and cycle summing `amount` minor units; `factor` is their monthly base factor (null: no rate). */
  add(key: K, n: number, amount: bigint, factorKey: string, factor: Rational | null): void {
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { sum: new ExactSum(), count: 0, unconverted: 0 }));
    bucket.count += n;
    if (factor) bucket.sum.add(amount, factorKey, factor);
    else bucket.unconverted += n;
  }

  rows(labelOf: (key: K) => string, baseCurrency: string): BreakdownRow<K>[] {
    const rows = [...this.buckets].map(([key, { sum, count, unconverted }]) => ({
      key,
      label: labelOf(key),
      minor: unconverted === count ? null : roundToInteger(sum.value()),
      count,
      unconverted,
    }));
    const size = (minor: bigint | null) => minor ?? -1n;
    rows.sort((a, b) => (size(b.minor) > size(a.minor) ? 1 : size(b.minor) < size(a.minor) ? -1 : a.label.localeCompare(b.label)));
    return rows.map(({ key, label, minor, count, unconverted }) => ({
      key,
      label,
      monthly_total: minor === null ? null : bigMinorToMajor(minor, baseCurrency),
      count,
      unconverted_count: unconverted,
    }));
  }
}

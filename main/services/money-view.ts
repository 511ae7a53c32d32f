import type { BillingCycle } from '../../common/domain/billing-cycles';
import { convertMinor } from '../../common/domain/money';
import { monthlyEquivalent } from '../../common/domain/monthly-equivalent';
import { ONE, type Rational, roundToInteger } from '../../common/domain/rational';

// Exact per-unit factors (monthly equivalent, conversion to base) computed once per request,
// so a page of 10,000 subscriptions costs one BigInt multiply-and-round per number.

/** amount × factor, exact and unreduced (rounding does not need a reduced fraction). */
export function times(amountMinor: number | bigint, factor: Rational): Rational {
  return { num: BigInt(amountMinor) * factor.num, den: factor.den };
}

export interface MoneyView {
  readonly baseCurrency: string;
  /** Base minor units per minor unit of `currency`; null without a rate. */
  toBaseFactor(currency: string): Rational | null;
  /** Minor units of `currency` per month, per minor unit charged every `cycle`. */
  monthlyFactor(cycle: BillingCycle): Rational;
  /** Base minor units per month, per minor unit of `currency` charged every `cycle`; null without a rate. */
  monthlyBaseFactor(currency: string, cycle: BillingCycle): Rational | null;
  /** Rounded once, as BigInt: a high rate can take a legal amount past 2^53 base minor units. */
  monthlyMinor(amountMinor: number, cycle: BillingCycle): bigint;
  monthlyBaseMinor(amountMinor: number, currency: string, cycle: BillingCycle): bigint | null;
  baseMinor(amountMinor: number, currency: string): bigint | null;
}

export function moneyView(baseCurrency: string, rates: ReadonlyMap<string, Rational>): MoneyView {
  const toBase = new Map<string, Rational | null>();
  const monthly = new Map<string, Rational>();
  const monthlyBase = new Map<string, Rational | null>();

  const view: MoneyView = {
    baseCurrency,
    toBaseFactor(currency) {
      let factor = toBase.get(currency);
      if (factor === undefined) {
        const rate = rates.get(currency);
        factor = rate ? convertMinor(ONE, currency, baseCurrency, rate) : null;
        toBase.set(currency, factor);
      }
      return factor;
    },
    monthlyFactor(cycle) {
      const key = `${cycle.unit}:${cycle.every}`;
      let factor = monthly.get(key);
      if (!factor) {
        factor = monthlyEquivalent(1, cycle);
        monthly.set(key, factor);
      }
      return factor;
    },
    monthlyBaseFactor(currency, cycle) {
      const key = `${currency}:${cycle.unit}:${cycle.every}`;
      let factor = monthlyBase.get(key);
      if (factor === undefined) {
        const rate = rates.get(currency);
        factor = rate ? convertMinor(view.monthlyFactor(cycle), currency, baseCurrency, rate) : null;
        monthlyBase.set(key, factor);
      }
      return factor;
    },
    monthlyMinor: (amountMinor, cycle) => roundToInteger(times(amountMinor, view.monthlyFactor(cycle))),
    monthlyBaseMinor(amountMinor, currency, cycle) {
      const factor = view.monthlyBaseFactor(currency, cycle);
      return factor ? roundToInteger(times(amountMinor, factor)) : null;
    },
    baseMinor(amountMinor, currency) {
      const factor = view.toBaseFactor(currency);
      return factor ? roundToInteger(times(amountMinor, factor)) : null;
    },
  };
  return view;
}

// Equivalents stay exact fractions until a total is shown, so three $100/year tools make $25.00/month, not $24.99.

import type { BillingCycle } from './billing-cycles';
import { type Rational, div, mul, rational, sum } from './rational';
import { roundMinor } from './money';

// Mean Gregorian year (365.2425 days, 52.1775 weeks) so long-run totals match the calendar.
const DAYS_PER_YEAR = rational(3_652_425n, 10_000n);
const WEEKS_PER_YEAR = rational(521_775n, 10_000n);

export interface RecurringAmount {
  amountMinor: number;
  cycle: BillingCycle;
}

function chargesPerYear(cycle: BillingCycle): Rational {
  const every = rational(cycle.every);
  switch (cycle.unit) {
    case 'day':
      return div(DAYS_PER_YEAR, every);
    case 'week':
      return div(WEEKS_PER_YEAR, every);
    case 'month':
      return div(rational(12n), every);
    case 'year':
      return div(rational(1n), every);
  }
}

/** Exact minor units per month for a charge of `amountMinor` every `cycle`. */
export function monthlyEquivalent(amountMinor: number, cycle: BillingCycle): Rational {
  return div(yearlyEquivalent(amountMinor, cycle), rational(12n));
}

/** Exact minor units per year (12 × the monthly equivalent). */
export function yearlyEquivalent(amountMinor: number, cycle: BillingCycle): Rational {
  return mul(rational(amountMinor), chargesPerYear(cycle));
}

export function sumMonthlyEquivalents(items: Iterable<RecurringAmount>): Rational {
  const parts: Rational[] = [];
  for (const { amountMinor, cycle } of items) parts.push(monthlyEquivalent(amountMinor, cycle));
  return sum(parts);
}

/** Total per month in minor units, rounded once (half away from zero) after exact summing. */
export function monthlyTotalMinor(items: Iterable<RecurringAmount>): number {
  return roundMinor(sumMonthlyEquivalents(items));
}

/** Total per year in minor units, rounded once after exact summing. */
export function yearlyTotalMinor(items: Iterable<RecurringAmount>): number {
  return roundMinor(mul(sumMonthlyEquivalents(items), rational(12n)));
}

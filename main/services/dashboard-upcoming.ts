import { type BillingCycle, cycleDatesBetween } from '../../common/domain/billing-cycles';
import type { IsoDate } from '../../common/domain/calendar-date';
import type { Rational } from '../../common/domain/rational';
import type { MoneyView } from './money-view';
import type { UpcomingCharges, UpcomingGroup, UpcomingWindow } from '../db/repositories/dashboard';
import { ExactSum } from './exact-sum';

// How many times each plan charges in the upcoming window. The card, the list and the forecast all
// count charges through cycleDatesBetween, so a fortnightly plan is two renewals everywhere.

export interface RenewingPlan {
  renewal_date: IsoDate;
  cycle: BillingCycle;
  anchor_day: number;
  auto_renew: boolean;
}

/** Charges of one plan in the window: every cycle date for an auto-renewing plan, its one date for a plan that ends. */
export function occurrencesIn(plan: RenewingPlan, window: UpcomingWindow): number {
  if (!plan.auto_renew) return 1;
  return cycleDatesBetween(plan.renewal_date, plan.cycle, plan.anchor_day, window.from, window.toExclusive).length;
}

/** A stored plan (a row or a group of equal ones) as occurrencesIn reads it. */
export function planOf(g: Pick<UpcomingGroup, 'renewal_date' | 'cycle_unit' | 'cycle_every' | 'anchor_day' | 'auto_renew'>): RenewingPlan {
  return { renewal_date: g.renewal_date, cycle: { unit: g.cycle_unit, every: g.cycle_every }, anchor_day: g.anchor_day, auto_renew: g.auto_renew === 1 };
}

/** Charges in the window, from upcomingCharges: every plan there once, the ones that may repeat as often as they do. */
export function upcomingCount(charges: UpcomingCharges, window: UpcomingWindow): number {
  let count = charges.plans;
  for (const g of charges.repeating) count += Number(g.n) * (occurrencesIn(planOf(g), window) - 1);
  return count;
}

export interface UpcomingTotals {
  /** Charges in the window, every plan × its occurrences. */
  count: number;
  /** Base minor units of the charges that have a rate, exact. */
  total: Rational;
  /** Charges whose currency has no rate (not in `total`). */
  unconverted: number;
}

export function upcomingTotals(groups: UpcomingGroup[], window: UpcomingWindow, money: MoneyView): UpcomingTotals {
  const total = new ExactSum();
  let count = 0;
  let unconverted = 0;
  for (const g of groups) {
    const occurrences = occurrencesIn(planOf(g), window);
    const charges = Number(g.n) * occurrences;
    count += charges;
    const factor = money.toBaseFactor(g.currency);
    if (factor) total.add(BigInt(g.total) * BigInt(occurrences), g.currency, factor);
    else unconverted += charges;
  }
  return { count, total: total.value(), unconverted };
}

// When a renewal needs a decision, and what a decision saves (issue 13). Pure: dates are the account's own
// calendar days, money is integer minor units of the subscription's currency.

import { type BillingCycle, anchorDayOf, cycleDatesBetween, nextCycleDate } from './billing-cycles';
import { type IsoDate, addDaysWithin } from './calendar-date';
import { zonedTimeToInstant } from './zoned-time';

/** A review opens no later than this many days before the last day to cancel. */
export const REVIEW_DAYS_BEFORE_LAST_DAY = 7;
/** The default amount (major units of the base currency) from which a renewal of any cycle is reviewed. */
export const DEFAULT_REVIEW_THRESHOLD = 100;

export const REVIEW_ACTIONS = ['keep', 'downgrade', 'cancel', 'negotiate'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];
/** Every entry of the log: a decision, a reopen, or the app noting a renewal nobody decided. */
export type ReviewLogAction = ReviewAction | 'reopen' | 'renewed_without_review';

/** Whether a cycle renews once a year or less often (annual, 2-yearly, 12 months, 52 weeks, 365 days). */
export function isYearlyOrLonger(cycle: BillingCycle): boolean {
  switch (cycle.unit) {
    case 'year':
      return true;
    case 'month':
      return cycle.every >= 12;
    case 'week':
      return cycle.every >= 52;
    case 'day':
      return cycle.every >= 365;
  }
}

/**
 * Whether a renewal matters enough to review: every yearly-or-longer one, and any whose charge in the base
 * currency is at least the threshold (chargeBaseMinor null: no rate, so only the cycle can tell).
 */
export function renewalMatters(cycle: BillingCycle, chargeBaseMinor: bigint | null, thresholdMinor: number): boolean {
  return isYearlyOrLonger(cycle) || (chargeBaseMinor !== null && chargeBaseMinor >= BigInt(thresholdMinor));
}

/**
 * The last day to cancel before `renewal`: the notice period before it, or the day before the renewal when the
 * plan has no notice period. null when that falls before the calendar's start.
 */
export function lastDayToCancel(renewal: IsoDate, noticeDays: number | null): IsoDate | null {
  return addDaysWithin(renewal, -Math.max(noticeDays ?? 0, 1));
}

export interface ReviewTiming {
  renewal_date: IsoDate;
  last_day: IsoDate;
  /** The day the review opens. */
  opens_on: IsoDate;
}

/**
 * When the review of the renewal on `renewal` opens and closes; null when the dates leave the calendar. It opens
 * at the later of the plan's first reminder of its last day to cancel (its longest lead day before that day) and
 * 7 days before that day: a 30-day reminder opens it a week ahead, a 3-day one 3 days ahead, none a week ahead.
 */
export function reviewTiming(renewal: IsoDate, noticeDays: number | null, leadDays: readonly number[]): ReviewTiming | null {
  const lastDay = lastDayToCancel(renewal, noticeDays);
  if (lastDay === null) return null;
  const ahead = Math.min(REVIEW_DAYS_BEFORE_LAST_DAY, leadDays.length === 0 ? REVIEW_DAYS_BEFORE_LAST_DAY : Math.max(...leadDays));
  return { renewal_date: renewal, last_day: lastDay, opens_on: addDaysWithin(lastDay, -ahead) ?? lastDay };
}

/** The instant a review opens: its opening day at the reminders' time of day, in the member's zone. */
export function reviewOpensAt(timing: ReviewTiming, timeOfDay: string, timeZone: string): Date {
  return zonedTimeToInstant(timing.opens_on, timeOfDay, timeZone);
}

export interface SavingInput {
  action: ReviewAction;
  /** The renewal the decision is about: the first charge it changes. */
  renewal_date: IsoDate;
  cycle: BillingCycle;
  anchor_day: number;
  /** The day the decision was made, in the account's calendar. */
  decided_on: IsoDate;
  amount_before_minor: number;
  amount_after_minor: number;
}

/** The charges from the reviewed renewal on that fall within 12 months of the decision day. */
export function chargesWithinYear(renewal: IsoDate, cycle: BillingCycle, anchorDay: number, decidedOn: IsoDate): IsoDate[] {
  const yearLater = nextCycleDate(decidedOn, { unit: 'year', every: 1 }, anchorDayOf(decidedOn));
  return cycleDatesBetween(renewal, cycle, anchorDay, renewal > decidedOn ? renewal : decidedOn, yearLater);
}

/**
 * What a decision saves, in minor units of the subscription's currency: a cancellation the amounts of the
 * charges that no longer happen, a downgrade the difference on each, counted over the 12 months from the
 * decision. Keeping or negotiating saves nothing (a negotiated price arrives as a downgrade).
 */
export function realisedSaving(input: SavingInput): number {
  if (input.action !== 'cancel' && input.action !== 'downgrade') return 0;
  const perCharge = input.action === 'cancel' ? input.amount_before_minor : input.amount_before_minor - input.amount_after_minor;
  if (perCharge <= 0) return 0;
  return perCharge * chargesWithinYear(input.renewal_date, input.cycle, input.anchor_day, input.decided_on).length;
}

// Fixed-term contracts (issue 13): a subscription's minimum term, its end and what happens then. Pure: dates are
// the account's own calendar days. The end is the day the next term would start (a 12-month contract from
// 2027-01-31 ends 2028-01-31), so the last day to cancel is the end minus the notice period, as for a renewal.

import { type BillingCycle, anchorDayOf, nextCycleDate, rollForward } from './billing-cycles';
import { type IsoDate, addDaysWithin, diffDays } from './calendar-date';
import { lastDayToCancel } from './renewal-review';

export const CONTRACT_END_ACTIONS = ['renew', 'monthly', 'end'] as const;
export type ContractEndAction = (typeof CONTRACT_END_ACTIONS)[number];
/** Fifty years: no contract is longer, and every end stays inside the calendar. */
export const MAX_TERM_MONTHS = 600;
export const MAX_RENEW_MONTHS = 120;

/** A contract as stored: end_date is the current end (it moves on when the contract renews). */
export interface ContractTerms {
  start_date: IsoDate;
  term_months: number;
  end_date: IsoDate;
  anchor_day: number;
  end_action: ContractEndAction;
  renew_months: number | null;
  /** The end the sweep applied "monthly" or "end" on; null while the contract runs. */
  ended_on: IsoDate | null;
}

const months = (n: number): BillingCycle => ({ unit: 'month', every: n });

/** start + term months, keeping the start's day (clamped to short months): Jan 31 + 1 month = Feb 28 (29 in a leap year). */
export function derivedEnd(start: IsoDate, termMonths: number): IsoDate | null {
  return nextCycleDate(start, months(termMonths), anchorDayOf(start));
}

/** The day of the month a contract's end keeps as it renews: the start's when the end was derived, else the end's own. */
export function contractAnchorDay(start: IsoDate, termMonths: number, end: IsoDate): number {
  return derivedEnd(start, termMonths) === end ? anchorDayOf(start) : anchorDayOf(end);
}

/** The end after one renewal: renew_months later, on the anchor day (Feb 28 from a Jan 31 contract renews to Mar 31). */
export function renewedEnd(terms: Pick<ContractTerms, 'end_date' | 'anchor_day' | 'renew_months'>): IsoDate | null {
  return nextCycleDate(terms.end_date, months(terms.renew_months!), terms.anchor_day);
}

/** Whether the contract still binds: not ended by the sweep, and (unless it renews) its end not reached yet. */
export function isRunning(terms: Pick<ContractTerms, 'end_action' | 'end_date' | 'ended_on'>, today: IsoDate): boolean {
  return terms.ended_on === null && (terms.end_action === 'renew' || terms.end_date > today);
}

/**
 * The contract as it stands on `today` (ARCHITECTURE rule 9: a read shows what the sweep will store): a renewing
 * contract whose end has come is on its next end, the first one after today. Unchanged terms come back as they are.
 */
export function contractOn<T extends ContractTerms>(terms: T, today: IsoDate): T {
  if (terms.ended_on !== null || terms.end_action !== 'renew' || terms.end_date > today) return terms;
  const next = rollForward(terms.end_date, months(terms.renew_months!), terms.anchor_day, addDaysWithin(today, 1) ?? today);
  return next === null || next === terms.end_date ? terms : { ...terms, end_date: next };
}

/**
 * The last day to cancel the contract so that it stops at its end: the end minus the notice period (the day before
 * the end without one). null for a contract that ends by itself (nothing to cancel), or once it no longer runs.
 */
export function contractLastDay(terms: ContractTerms, noticeDays: number | null, today: IsoDate): IsoDate | null {
  const current = contractOn(terms, today);
  if (current.end_action === 'end' || !isRunning(current, today)) return null;
  return lastDayToCancel(current.end_date, noticeDays);
}

/** Days from start to end: a notice period longer than this could never be given in time. */
export function termDays(start: IsoDate, end: IsoDate): number {
  return diffDays(end, start);
}

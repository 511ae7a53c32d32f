import { type BillingCycle, cycleDatesBetween } from './billing-cycles';
import type { IsoDate } from './calendar-date';

// What was paid (issue 13): which renewals a roll forward went past, each of them a payment.

/** At most this many renewals of one plan become payments in one roll (the latest ones): a daily plan left for years stays bounded. */
export const MAX_PAYMENTS_PER_ROLL = 1000;

/** The renewals a plan went through when its renewal date moves from `renewal` to `next`: every cycle date in [renewal, next). */
export function renewalsPassed(renewal: IsoDate, cycle: BillingCycle, anchorDay: number, next: IsoDate): IsoDate[] {
  return cycleDatesBetween(renewal, cycle, anchorDay, renewal, next).slice(-MAX_PAYMENTS_PER_ROLL);
}

// A subscription's renewals as an iCalendar recurrence (RFC 5545), giving exactly the dates of
// billing-cycles.ts: months and years keep the anchor day, clamped to short months.

import { type BillingCycle, nextCycleDate } from './billing-cycles';
import { type IsoDate, daysInMonth, formatIsoDate, partsOf } from './calendar-date';

export interface Recurrence {
  /** DTSTART: the first date the rule produces. */
  start: IsoDate;
  /** The RRULE value, without "RRULE:" (e.g. "FREQ=MONTHLY;BYMONTHDAY=-1"). */
  rule: string;
  /** Extra dates (RDATE) outside the rule: a 29th/30th anchor's short months. */
  extraDates: IsoDate[];
  /** A first renewal out of step with the anchor, before `start`: an event of its own. */
  once: IsoDate | null;
}

const FREQ = { day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY', year: 'YEARLY' } as const;

/** The fewest days a month has in any year (February: 28). */
function shortestMonth(month: number): number {
  return month === 2 ? 28 : daysInMonth(2001, month);
}

/**
 * How far ahead the clamped days of a 29th or 30th anchor are listed (RDATE): a feed is read again
 * daily, an exported file is good for this long.
 */
export const CLAMPED_YEARS = 25;

/**
 * The BY parts that clamp the anchor day the way billing-cycles does:
 * - monthly, anchor 31: BYMONTHDAY=-1 (every month's last day);
 * - monthly, anchor 29 or 30: BYMONTHDAY=29|30, which skips the months too short for it (RFC 5545
 *   §3.3.10), and those months' last days come as RDATEs (see clampedDays). BYMONTHDAY=28,29,30;BYSETPOS=-1
 *   says the same, but libical and ical.js (Thunderbird, Evolution) expand BYSETPOS only with BYDAY;
 * - yearly, an anchor the month cannot always hold (29 Feb, 31 Apr…): BYMONTH=m;BYMONTHDAY=-1;
 * - otherwise nothing: DTSTART's own day repeats.
 */
function clampParts(cycle: BillingCycle, anchorDay: number, month: number): string[] {
  if (cycle.unit === 'month') {
    if (anchorDay <= 28) return [];
    return [anchorDay === 31 ? 'BYMONTHDAY=-1' : `BYMONTHDAY=${anchorDay}`];
  }
  if (cycle.unit === 'year' && anchorDay > shortestMonth(month)) return [`BYMONTH=${month}`, 'BYMONTHDAY=-1'];
  return [];
}

/** A monthly 29th/30th anchor's renewals on a shorter month's last day, up to CLAMPED_YEARS after `start`. */
function clampedDays(start: IsoDate, cycle: BillingCycle, anchorDay: number): IsoDate[] {
  if (cycle.unit !== 'month' || anchorDay < 29 || anchorDay > 30) return [];
  const { year, month, day } = partsOf(start);
  const until = formatIsoDate({ year: Math.min(year + CLAMPED_YEARS, 9999), month, day: Math.min(day, 28) });
  const days: IsoDate[] = [];
  // billing-cycles' months by arithmetic (the anchor day, clamped to short months): no date is parsed in the
  // loop, which runs 300 times for a monthly plan (a 1,000-subscription feed is built in 200 ms or less).
  for (let index = year * 12 + month - 1 + cycle.every; ; index += cycle.every) {
    const y = Math.floor(index / 12);
    if (y > 9999) return days;
    const m = (index % 12) + 1;
    const length = daysInMonth(y, m);
    const date = formatIsoDate({ year: y, month: m, day: Math.min(anchorDay, length) });
    if (date > until) return days;
    if (length < anchorDay) days.push(date);
  }
}

/** Whether the rule itself produces `date`: a monthly 29th/30th rule skips the shorter months. */
function ruleHolds(date: IsoDate, cycle: BillingCycle, anchorDay: number): boolean {
  return !(cycle.unit === 'month' && (anchorDay === 29 || anchorDay === 30) && partsOf(date).day < anchorDay);
}

/** Whether `date` is where the anchor lands in its own month (a renewal in step with its anchor). */
function inStep(date: IsoDate, cycle: BillingCycle, anchorDay: number): boolean {
  if (cycle.unit === 'day' || cycle.unit === 'week') return true;
  const { year, month, day } = partsOf(date);
  return day === Math.min(anchorDay, daysInMonth(year, month));
}

/**
 * The recurrence of renewals from `renewalDate` on. DTSTART is the first renewal in step with the
 * anchor; when the rule itself skips it (Feb 28 of a 30th anchor) it is an RDATE too: RFC 5545 leaves
 * such a DTSTART undefined, and ical.js drops it while others keep it; a set holds each date once.
 * A renewal date out of step with its anchor (a cycle changed without a new date: the app charges it
 * once, then returns to the anchor) is `once`, for the caller to show as an event of its own, since
 * parsers drop an RDATE before DTSTART. null when nothing in step comes before the calendar's end.
 */
export function recurrenceOf(renewalDate: IsoDate, cycle: BillingCycle, anchorDay: number): Recurrence | null {
  let once: IsoDate | null = null;
  let start: IsoDate | null = renewalDate;
  if (!inStep(renewalDate, cycle, anchorDay)) {
    once = renewalDate;
    start = nextCycleDate(renewalDate, cycle, anchorDay);
  }
  if (start === null) return null;
  const parts = [`FREQ=${FREQ[cycle.unit]}`];
  if (cycle.every > 1) parts.push(`INTERVAL=${cycle.every}`);
  parts.push(...clampParts(cycle, anchorDay, partsOf(start).month));
  const extraDates = ruleHolds(start, cycle, anchorDay) ? [] : [start];
  extraDates.push(...clampedDays(start, cycle, anchorDay));
  return { start, rule: parts.join(';'), extraDates, once };
}

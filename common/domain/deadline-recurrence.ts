// The last days to cancel of a subscription (each renewal minus the notice period) as an iCalendar recurrence,
// giving exactly those dates: the renewals' own rule moved back where every shifted date keeps a rule's form
// (the same day of the month, or the same day from the end of the month before), else the dates themselves
// (RDATE), listed as far ahead as a clamped renewal's are.

import type { BillingCycle } from './billing-cycles';
import { type IsoDate, MIN_DATE, addDaysWithin, daysInMonth, epochDayOf, fromEpochDay, partsOf, toEpochDay } from './calendar-date';
import { CLAMPED_YEARS, type Recurrence, recurrenceOf } from './recurrence-rule';

/** At most this many listed deadlines (25 years of a monthly plan). */
export const MAX_LISTED_DEADLINES = CLAMPED_YEARS * 12;
const FIRST_DAY = toEpochDay(MIN_DATE);

/**
 * The recurrence of `renewal − noticeDays` for every renewal from `renewal` on (`renewal` in step with the
 * anchor or not); null when no deadline is left on the calendar. `once` is always null: every date is in the set.
 */
export function deadlineRecurrenceOf(renewal: IsoDate, cycle: BillingCycle, anchorDay: number, noticeDays: number): Recurrence | null {
  // A 29th or 30th monthly anchor skips February in its rule: its deadlines are listed without computing it.
  const clamped = cycle.unit === 'month' && (anchorDay === 29 || anchorDay === 30);
  const renewals = clamped ? null : recurrenceOf(renewal, cycle, anchorDay);
  const start = renewals && renewals.once === null ? addDaysWithin(renewals.start, -noticeDays) : null;
  if (renewals && renewals.once === null && start !== null) {
    const rule = shiftedRule(renewals, cycle, anchorDay, noticeDays);
    if (rule !== null) return { start, rule, extraDates: [], once: null };
  }
  return listedDeadlines(renewal, cycle, anchorDay, noticeDays);
}

/** The renewals' rule, moved back `days`, when it produces exactly the moved dates; else null. */
function shiftedRule(renewals: Recurrence, cycle: BillingCycle, anchorDay: number, days: number): string | null {
  // Days and weeks repeat at a fixed step: any shift keeps the step.
  if (cycle.unit === 'day' || cycle.unit === 'week') return renewals.rule;
  if (renewals.extraDates.length > 0) return null;
  if (!renewals.rule.includes('BYMONTHDAY')) {
    const { month, day } = partsOf(renewals.start);
    if (day !== anchorDay) return null;
    // The anchor's own day every time (no BY part): still in the same month after the shift.
    if (anchorDay - days >= 1) return renewals.rule;
    // Into the month before, as far from its end every time (30 days before the 15th: the 16th day from the end).
    const fromEnd = days - anchorDay + 1;
    if (fromEnd > 28) return null;
    return cycle.unit === 'month' ? `${renewals.rule};BYMONTHDAY=-${fromEnd}` : `${renewals.rule};BYMONTH=${month === 1 ? 12 : month - 1};BYMONTHDAY=-${fromEnd}`;
  }
  // Every month's (or that month's) last day: the (days+1)-th day from the end, which every month has up to 28.
  if (renewals.rule.includes('BYMONTHDAY=-1') && days <= 27) return renewals.rule.replace('BYMONTHDAY=-1', `BYMONTHDAY=-${days + 1}`);
  return null;
}

/** The deadlines listed one by one (RDATE), DTSTART the first of them, CLAMPED_YEARS ahead at most. */
function listedDeadlines(renewal: IsoDate, cycle: BillingCycle, anchorDay: number, days: number): Recurrence | null {
  const dates: IsoDate[] = [];
  const push = (epochDay: number) => {
    if (epochDay - days >= FIRST_DAY) dates.push(fromEpochDay(epochDay - days));
  };
  const first = partsOf(renewal);
  const last = epochDayOf({ year: Math.min(first.year + CLAMPED_YEARS, 9999), month: first.month, day: Math.min(first.day, 28) });
  if (cycle.unit === 'day' || cycle.unit === 'week') {
    const step = (cycle.unit === 'week' ? 7 : 1) * cycle.every;
    for (let day = epochDayOf(first); day <= last && dates.length < MAX_LISTED_DEADLINES; day += step) push(day);
  } else {
    // Months and years by arithmetic (billing-cycles' rule: the anchor day, clamped to short months), one
    // parse for the whole list: a 25-year list is 300 dates.
    push(epochDayOf(first));
    const step = (cycle.unit === 'year' ? 12 : 1) * cycle.every;
    for (let index = first.year * 12 + first.month - 1 + step; dates.length < MAX_LISTED_DEADLINES; index += step) {
      const year = Math.floor(index / 12);
      const month = (index % 12) + 1;
      const day = epochDayOf({ year, month, day: Math.min(anchorDay, daysInMonth(year, month)) });
      if (day > last) break;
      push(day);
    }
  }
  if (dates.length === 0) return null;
  // DTSTART is listed too: without an RRULE, ical.js expands the RDATEs alone.
  return { start: dates[0]!, rule: '', extraDates: dates.length > 1 ? dates : [], once: null };
}

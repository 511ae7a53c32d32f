// The last days to cancel of a subscription (each renewal minus the notice period) as an iCalendar recurrence,
// giving exactly those dates: the renewals' own rule moved back, where every shifted date keeps a rule's form,
// else the dates themselves (RDATE), listed as far ahead as a clamped renewal's are.

import { type BillingCycle, nextCycleDate } from './billing-cycles';
import { type IsoDate, addDaysWithin, partsOf } from './calendar-date';
import { CLAMPED_YEARS, type Recurrence, recurrenceOf } from './recurrence-rule';

/** At most this many listed deadlines (25 years of a monthly plan). */
export const MAX_LISTED_DEADLINES = CLAMPED_YEARS * 12;

/**
 * The recurrence of `renewal − noticeDays` for every renewal from `renewal` on (`renewal` in step with the
 * anchor or not); null when no deadline is left on the calendar. `once` is always null: every date is in the set.
 */
export function deadlineRecurrenceOf(renewal: IsoDate, cycle: BillingCycle, anchorDay: number, noticeDays: number): Recurrence | null {
  const renewals = recurrenceOf(renewal, cycle, anchorDay);
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
  // The anchor's own day every time (no BY part): still in the same month after the shift.
  if (!renewals.rule.includes('BYMONTHDAY')) return anchorDay - days >= 1 && partsOf(renewals.start).day === anchorDay ? renewals.rule : null;
  // Every month's (or that month's) last day: the (days+1)-th day from the end, which every month has up to 28.
  if (renewals.rule.includes('BYMONTHDAY=-1') && days <= 27) return renewals.rule.replace('BYMONTHDAY=-1', `BYMONTHDAY=-${days + 1}`);
  return null;
}

/** The deadlines listed one by one (RDATE), DTSTART the first of them, CLAMPED_YEARS ahead at most. */
function listedDeadlines(renewal: IsoDate, cycle: BillingCycle, anchorDay: number, days: number): Recurrence | null {
  const { year, month, day } = partsOf(renewal);
  const until = `${String(Math.min(year + CLAMPED_YEARS, 9999)).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, 28)).padStart(2, '0')}`;
  const dates: IsoDate[] = [];
  for (let date: IsoDate | null = renewal; date !== null && date <= until && dates.length < MAX_LISTED_DEADLINES; date = nextCycleDate(date, cycle, anchorDay)) {
    const deadline = addDaysWithin(date, -days);
    if (deadline !== null) dates.push(deadline);
  }
  if (dates.length === 0) return null;
  // DTSTART is listed too: without an RRULE, ical.js expands the RDATEs alone.
  return { start: dates[0]!, rule: '', extraDates: dates.length > 1 ? dates : [], once: null };
}

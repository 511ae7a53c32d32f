// Charges are computed from the anchor day, so a Jan 31 subscription returns to the 31st after February.

import { type IsoDate, MAX_DATE, addDaysWithin, compareDates, daysInMonth, diffDays, formatIsoDate, partsOf } from './calendar-date';

export type CycleUnit = 'day' | 'week' | 'month' | 'year';

export const CYCLE_UNITS: readonly CycleUnit[] = ['day', 'week', 'month', 'year'];

export interface BillingCycle {
  unit: CycleUnit;
  every: number;
}

export const MAX_CYCLE_EVERY = 1000;

export function isValidCycle(cycle: unknown): cycle is BillingCycle {
  if (typeof cycle !== 'object' || cycle === null) return false;
  const { unit, every } = cycle as Partial<BillingCycle>;
  return (
    CYCLE_UNITS.includes(unit as CycleUnit) &&
    Number.isInteger(every) &&
    (every as number) >= 1 &&
    (every as number) <= MAX_CYCLE_EVERY
  );
}

export function isValidAnchorDay(day: unknown): day is number {
  return Number.isInteger(day) && (day as number) >= 1 && (day as number) <= 31;
}

function assertCycle(cycle: BillingCycle, anchorDay: number): void {
  if (!isValidCycle(cycle)) throw new RangeError(`Invalid billing cycle: ${JSON.stringify(cycle)}`);
  if (!isValidAnchorDay(anchorDay)) throw new RangeError(`Invalid anchor day: ${anchorDay}`);
}

/** The day of month a new subscription remembers as its anchor. */
export function anchorDayOf(date: IsoDate): number {
  return partsOf(date).day;
}

function stepDays(cycle: BillingCycle): number {
  return cycle.unit === 'week' ? 7 * cycle.every : cycle.every;
}

function monthsPerStep(cycle: BillingCycle): number {
  return cycle.unit === 'year' ? 12 * cycle.every : cycle.every;
}

const LAST_YEAR = partsOf(MAX_DATE).year;

// The k-th charge after `start` (k = 0 is `start` itself); independent of the path,
// which is what lets rollForward jump straight to the right cycle. null past MAX_DATE:
// the calendar ends there, so no cycle steps into a five-digit year.
function occurrence(start: IsoDate, cycle: BillingCycle, anchorDay: number, k: number): IsoDate | null {
  if (k === 0) return start;
  if (cycle.unit === 'day' || cycle.unit === 'week') return addDaysWithin(start, k * stepDays(cycle));
  const { year, month } = partsOf(start);
  const index = year * 12 + (month - 1) + k * monthsPerStep(cycle);
  const y = Math.floor(index / 12);
  if (y > LAST_YEAR) return null;
  const m = (index % 12) + 1;
  return formatIsoDate({ year: y, month: m, day: Math.min(anchorDay, daysInMonth(y, m)) });
}

const beforeDate = (date: IsoDate | null, limit: IsoDate): boolean => date !== null && compareDates(date, limit) < 0;

// Smallest k with occurrence(k) >= date, computed arithmetically rather than by stepping.
function firstIndexOnOrAfter(start: IsoDate, cycle: BillingCycle, anchorDay: number, date: IsoDate): number {
  if (compareDates(start, date) >= 0) return 0;
  if (cycle.unit === 'day' || cycle.unit === 'week') {
    return Math.ceil(diffDays(date, start) / stepDays(cycle));
  }
  const s = partsOf(start);
  const d = partsOf(date);
  const monthsApart = (d.year - s.year) * 12 + (d.month - s.month);
  // Cycles landing in an earlier month are before `date`; at most one more step is needed.
  let k = Math.max(1, Math.floor(monthsApart / monthsPerStep(cycle)));
  while (beforeDate(occurrence(start, cycle, anchorDay, k), date)) k += 1;
  return k;
}

/**
 * The renewal after `date`: months and years keep the anchor day, clamped to short months.
 * null when it would fall after 9999-12-31 (the last date the contract knows).
 */
export function nextCycleDate(date: IsoDate, cycle: BillingCycle, anchorDay: number): IsoDate | null {
  assertCycle(cycle, anchorDay);
  return occurrence(date, cycle, anchorDay, 1);
}

/**
 * The first renewal on or after `today`; a renewal due today has not passed yet.
 * null when that renewal would fall after 9999-12-31.
 */
export function rollForward(
  renewalDate: IsoDate,
  cycle: BillingCycle,
  anchorDay: number,
  today: IsoDate,
): IsoDate | null {
  assertCycle(cycle, anchorDay);
  return occurrence(renewalDate, cycle, anchorDay, firstIndexOnOrAfter(renewalDate, cycle, anchorDay, today));
}

/**
 * Every charge date in [from, toExclusive), starting no earlier than `renewalDate`;
 * toExclusive null: through 9999-12-31, the calendar's last day.
 */
export function cycleDatesBetween(
  renewalDate: IsoDate,
  cycle: BillingCycle,
  anchorDay: number,
  from: IsoDate,
  toExclusive: IsoDate | null,
): IsoDate[] {
  assertCycle(cycle, anchorDay);
  const dates: IsoDate[] = [];
  for (let k = firstIndexOnOrAfter(renewalDate, cycle, anchorDay, from); ; k += 1) {
    const date = occurrence(renewalDate, cycle, anchorDay, k);
    if (date === null || (toExclusive !== null && compareDates(date, toExclusive) >= 0)) return dates;
    dates.push(date);
  }
}

const SINGLE: Record<CycleUnit, string> = { day: 'daily', week: 'weekly', month: 'monthly', year: 'yearly' };

export function describeCycle(cycle: BillingCycle): string {
  return cycle.every === 1 ? SINGLE[cycle.unit] : `every ${cycle.every} ${cycle.unit}s`;
}

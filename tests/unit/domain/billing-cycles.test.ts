import { describe, it, expect } from 'vitest';
import {
  type BillingCycle,
  type CycleUnit,
  anchorDayOf,
  cycleDatesBetween,
  describeCycle,
  isValidCycle,
  nextCycleDate,
  rollForward,
} from '../../../common/domain/billing-cycles';
import { addDays, compareDates, daysInMonth, formatIsoDate } from '../../../common/domain/calendar-date';

const monthly: BillingCycle = { unit: 'month', every: 1 };
const yearly: BillingCycle = { unit: 'year', every: 1 };
const daily: BillingCycle = { unit: 'day', every: 1 };
const weekly: BillingCycle = { unit: 'week', every: 1 };

function chain(start: string, cycle: BillingCycle, anchor: number, count: number): string[] {
  const dates = [start];
  for (let i = 1; i < count; i += 1) dates.push(nextCycleDate(dates[i - 1] as string, cycle, anchor)!);
  return dates;
}

describe('nextCycleDate', () => {
  it('rolls Jan 31 monthly to Feb 28, then Mar 31, then Apr 30', () => {
    expect(chain('2027-01-31', monthly, 31, 4)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
  });

  it('rolls Jan 31 monthly to Feb 29 in a leap year', () => {
    expect(nextCycleDate('2028-01-31', monthly, 31)).toBe('2028-02-29');
  });

  it('restores the 30th after February for a subscription started on the 30th', () => {
    expect(chain('2027-01-30', monthly, 30, 3)).toEqual(['2027-01-30', '2027-02-28', '2027-03-30']);
  });

  it('rolls Dec 31 monthly into January of the next year', () => {
    expect(nextCycleDate('2026-12-31', monthly, 31)).toBe('2027-01-31');
  });

  it('rolls Feb 29 yearly to Feb 28 until the next leap year brings Feb 29 back', () => {
    expect(chain('2024-02-29', yearly, 29, 5)).toEqual([
      '2024-02-29',
      '2025-02-28',
      '2026-02-28',
      '2027-02-28',
      '2028-02-29',
    ]);
  });

  it('rolls every 3 months from Nov 30 to Feb 28, then May 30', () => {
    expect(chain('2026-11-30', { unit: 'month', every: 3 }, 30, 3)).toEqual(['2026-11-30', '2027-02-28', '2027-05-30']);
  });

  it('keeps the month of a yearly subscription and its anchor day', () => {
    expect(nextCycleDate('2026-04-30', yearly, 30)).toBe('2027-04-30');
    expect(nextCycleDate('2026-06-15', { unit: 'year', every: 2 }, 15)).toBe('2028-06-15');
  });

  it('adds plain days and weeks across month, year and leap-day boundaries', () => {
    expect(nextCycleDate('2026-12-29', { unit: 'week', every: 1 }, 29)).toBe('2027-01-05');
    expect(nextCycleDate('2027-02-20', { unit: 'week', every: 2 }, 20)).toBe('2027-03-06');
    expect(nextCycleDate('2028-02-28', daily, 28)).toBe('2028-02-29');
    expect(nextCycleDate('2027-01-31', { unit: 'day', every: 30 }, 31)).toBe('2027-03-02');
  });

  it('handles the longest allowed cycle of 1000 months', () => {
    expect(nextCycleDate('2027-01-31', { unit: 'month', every: 1000 }, 31)).toBe('2110-05-31');
  });

  it('refuses broken cycles rather than looping forever', () => {
    for (const cycle of [
      { unit: 'month', every: 0 },
      { unit: 'month', every: 1001 },
      { unit: 'month', every: 1.5 },
      { unit: 'fortnight', every: 1 },
    ]) {
      expect(isValidCycle(cycle)).toBe(false);
      expect(() => rollForward('2020-01-01', cycle as BillingCycle, 1, '2027-01-01')).toThrow(RangeError);
    }
    expect(() => nextCycleDate('2027-01-01', monthly, 32)).toThrow(RangeError);
    expect(() => nextCycleDate('2027-01-01', monthly, 0)).toThrow(RangeError);
  });
});

describe('anchorDayOf', () => {
  it('remembers the chosen day of month', () => {
    expect(anchorDayOf('2027-01-31')).toBe(31);
    expect(anchorDayOf('2028-02-29')).toBe(29);
  });
});

describe('rollForward', () => {
  it('keeps a renewal due today, since it has not passed yet', () => {
    expect(rollForward('2026-11-25', monthly, 25, '2026-11-25')).toBe('2026-11-25');
  });

  it('leaves a future renewal where it is', () => {
    expect(rollForward('2027-03-31', monthly, 31, '2026-11-25')).toBe('2027-03-31');
  });

  it('moves a renewal from yesterday one cycle on', () => {
    expect(rollForward('2026-11-24', monthly, 24, '2026-11-25')).toBe('2026-12-24');
  });

  it('rolls a month-end subscription from 2000 to the current month end', () => {
    expect(rollForward('2000-01-31', monthly, 31, '2026-11-25')).toBe('2026-11-30');
    expect(rollForward('2000-01-31', monthly, 31, '2027-02-01')).toBe('2027-02-28');
  });

  it('rolls a daily subscription from 1990 to today', () => {
    expect(rollForward('1990-01-01', daily, 1, '2026-11-25')).toBe('2026-11-25');
    expect(rollForward('1990-01-01', { unit: 'day', every: 7 }, 1, '2026-11-25')).toBe('2026-11-30');
  });

  it('rolls a leap-day yearly subscription to Feb 28 or Feb 29 depending on the year', () => {
    expect(rollForward('2000-02-29', yearly, 29, '2027-01-10')).toBe('2027-02-28');
    expect(rollForward('2000-02-29', yearly, 29, '2028-01-10')).toBe('2028-02-29');
    expect(rollForward('2000-02-29', { unit: 'year', every: 4 }, 29, '2026-06-01')).toBe('2028-02-29');
  });

  it('rolls quarterly subscriptions landing before today in the same month to the next quarter', () => {
    expect(rollForward('2026-02-10', { unit: 'month', every: 3 }, 10, '2026-11-25')).toBe('2027-02-10');
    expect(rollForward('2026-02-28', { unit: 'month', every: 3 }, 30, '2026-11-25')).toBe('2026-11-30');
  });

  it('agrees with stepping one cycle at a time for 3,000 random subscriptions', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const units: CycleUnit[] = ['day', 'week', 'month', 'year'];
    const everies = [1, 1, 2, 3, 5, 6, 12, 13];
    for (let i = 0; i < 3000; i += 1) {
      const unit = units[random(4)] as CycleUnit;
      const cycle: BillingCycle = { unit, every: everies[random(everies.length)] as number };
      const anchor = 1 + random(31);
      const year = 2000 + random(25);
      const month = 1 + random(12);
      const start = formatIsoDate({ year, month, day: Math.min(anchor, daysInMonth(year, month)) });
      const today = addDays(start, random(unit === 'day' || unit === 'week' ? 400 : 4000) - 20);
      let expected = start;
      while (compareDates(expected, today) < 0) expected = nextCycleDate(expected, cycle, anchor)!;
      if (rollForward(start, cycle, anchor, today) !== expected) {
        throw new Error(`${start} ${JSON.stringify(cycle)} anchor ${anchor} today ${today}`);
      }
    }
    expect(seed).not.toBe(42);
  });

  it('jumps whole cycles instead of stepping day by day through decades', () => {
    const started = performance.now();
    for (let i = 0; i < 10_000; i += 1) rollForward('1990-01-01', daily, 1, '2026-11-25');
    // Stepping would be 13,478 steps per call; jumping is a handful.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('cycleDatesBetween', () => {
  it('lists the 12 month-end charges of a year for a 31st-anchored subscription', () => {
    expect(cycleDatesBetween('2026-10-31', monthly, 31, '2027-01-01', '2028-01-01')).toEqual([
      '2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31', '2027-06-30',
      '2027-07-31', '2027-08-31', '2027-09-30', '2027-10-31', '2027-11-30', '2027-12-31',
    ]);
  });

  it('starts the forecast at the next renewal, not before it', () => {
    expect(cycleDatesBetween('2027-03-15', monthly, 15, '2027-01-01', '2027-06-01')).toEqual([
      '2027-03-15',
      '2027-04-15',
      '2027-05-15',
    ]);
  });

  it('includes a charge on the first day and excludes one on the end day', () => {
    expect(cycleDatesBetween('2027-01-01', monthly, 1, '2027-01-01', '2027-03-01')).toEqual(['2027-01-01', '2027-02-01']);
  });

  it('counts 366 daily charges in a leap year and one yearly charge', () => {
    expect(cycleDatesBetween('2020-05-05', daily, 5, '2028-01-01', '2029-01-01')).toHaveLength(366);
    expect(cycleDatesBetween('2020-05-05', yearly, 5, '2028-01-01', '2029-01-01')).toEqual(['2028-05-05']);
  });

  it('returns nothing when the window ends before the renewal', () => {
    expect(cycleDatesBetween('2028-01-01', yearly, 1, '2027-01-01', '2028-01-01')).toEqual([]);
  });

  it('lists fortnightly charges from an old start date', () => {
    expect(cycleDatesBetween('2026-01-02', { unit: 'week', every: 2 }, 2, '2026-11-25', '2026-12-31')).toEqual([
      '2026-12-04',
      '2026-12-18',
    ]);
  });
});

describe('describeCycle', () => {
  it('uses everyday words for single cycles and counts for the rest', () => {
    expect(describeCycle(daily)).toBe('daily');
    expect(describeCycle({ unit: 'week', every: 1 })).toBe('weekly');
    expect(describeCycle(monthly)).toBe('monthly');
    expect(describeCycle(yearly)).toBe('yearly');
    expect(describeCycle({ unit: 'month', every: 3 })).toBe('every 3 months');
    expect(describeCycle({ unit: 'week', every: 2 })).toBe('every 2 weeks');
    expect(describeCycle({ unit: 'day', every: 10 })).toBe('every 10 days');
    expect(describeCycle({ unit: 'year', every: 2 })).toBe('every 2 years');
  });
});

describe('the end of the calendar (9999-12-31)', () => {
  const cycles: BillingCycle[] = [daily, weekly, monthly, yearly, { unit: 'month', every: 1000 }, { unit: 'year', every: 1000 }, { unit: 'day', every: 1000 }];

  it('answers null, not a RangeError or a five-digit year, for a cycle that would step past 9999-12-31', () => {
    for (const cycle of cycles) expect(nextCycleDate('9999-12-31', cycle, 31), JSON.stringify(cycle)).toBeNull();
    for (const cycle of cycles.filter((c) => c !== daily)) expect(rollForward('9999-12-25', cycle, 25, '9999-12-30'), JSON.stringify(cycle)).toBeNull();
    expect(rollForward('9999-12-25', daily, 25, '9999-12-31')).toBe('9999-12-31');
    expect(nextCycleDate('9999-11-30', monthly, 31)).toBe('9999-12-31');
  });

  it('lists charges up to 9999-12-31 and stops there', () => {
    expect(cycleDatesBetween('9999-12-20', weekly, 20, '9999-12-01', '9999-12-31')).toEqual(['9999-12-20', '9999-12-27']);
    for (const cycle of cycles) {
      for (const date of cycleDatesBetween('9999-01-31', cycle, 31, '9999-01-01', '9999-12-31')) expect(date).toMatch(/^9999-\d{2}-\d{2}$/);
    }
  });

  it('rolls a renewal of 1900-01-01 forward to today with every cycle', () => {
    for (const cycle of cycles) {
      const next = rollForward('1900-01-01', cycle, 1, '2026-03-10');
      expect(next! >= '2026-03-10', JSON.stringify(cycle)).toBe(true);
    }
  });
});

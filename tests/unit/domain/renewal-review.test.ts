import { describe, expect, it } from 'vitest';
import type { BillingCycle } from '../../../common/domain/billing-cycles';
import { chargesWithinYear, isYearlyOrLonger, lastDayToCancel, realisedSaving, renewalMatters, reviewOpensAt, reviewTiming } from '../../../common/domain/renewal-review';

// When a renewal review opens and what a decision saves, against dates and sums worked out by hand.

const monthly = { unit: 'month', every: 1 } as const;
const yearly = { unit: 'year', every: 1 } as const;

describe('which renewals are reviewed', () => {
  it('reviews every yearly or longer plan, whatever it costs, and others from the threshold up', () => {
    expect(([yearly, { unit: 'month', every: 12 }, { unit: 'week', every: 52 }, { unit: 'day', every: 365 }, { unit: 'year', every: 2 }] as BillingCycle[]).map(isYearlyOrLonger)).toEqual([true, true, true, true, true]);
    expect(([monthly, { unit: 'month', every: 6 }, { unit: 'week', every: 51 }, { unit: 'day', every: 364 }] as BillingCycle[]).map(isYearlyOrLonger)).toEqual([false, false, false, false]);
    expect(renewalMatters(yearly, 500n, 10_000)).toBe(true);
    expect(renewalMatters(monthly, 10_000n, 10_000)).toBe(true);
    expect(renewalMatters(monthly, 9_999n, 10_000)).toBe(false);
    // No exchange rate: only the cycle can tell.
    expect(renewalMatters(monthly, null, 10_000)).toBe(false);
  });
});

describe('review timing', () => {
  it('closes on the last day to cancel: the notice period before the renewal, or the day before it without one', () => {
    expect(lastDayToCancel('2026-06-20', null)).toBe('2026-06-19');
    expect(lastDayToCancel('2026-06-20', 0)).toBe('2026-06-19');
    expect(lastDayToCancel('2026-08-01', 30)).toBe('2026-07-02');
  });

  it('opens a week before the last day across month ends: Mar 31 with 30 days notice closes Mar 1 and opens Feb 22 (Feb 23 in a leap year)', () => {
    expect(reviewTiming('2027-03-31', 30, [7])).toEqual({ renewal_date: '2027-03-31', last_day: '2027-03-01', opens_on: '2027-02-22' });
    expect(reviewTiming('2028-03-31', 30, [7])).toEqual({ renewal_date: '2028-03-31', last_day: '2028-03-01', opens_on: '2028-02-23' });
    expect(reviewTiming('2026-03-01', null, [30, 7])).toEqual({ renewal_date: '2026-03-01', last_day: '2026-02-28', opens_on: '2026-02-21' });
    expect(reviewTiming('2027-01-01', null, [14])).toEqual({ renewal_date: '2027-01-01', last_day: '2026-12-31', opens_on: '2026-12-24' });
  });

  it('opens later when the first reminder of the last day comes later than a week ahead: 3 lead days open it 3 days ahead, 0 on the day', () => {
    expect(reviewTiming('2026-06-20', null, [3, 1])!.opens_on).toBe('2026-06-16');
    expect(reviewTiming('2026-06-20', null, [0])!.opens_on).toBe('2026-06-19');
    expect(reviewTiming('2026-06-20', null, [])!.opens_on).toBe('2026-06-12');
  });

  it('opens at the reminders’ time of day in the member’s zone, across daylight saving changes', () => {
    // Berlin moves to summer time on Mar 29, 2026: 09:00 is 08:00Z the day before and 07:00Z that day.
    expect(reviewOpensAt({ renewal_date: '2026-04-06', last_day: '2026-04-05', opens_on: '2026-03-28' }, '09:00', 'Europe/Berlin').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(reviewOpensAt({ renewal_date: '2026-04-07', last_day: '2026-04-05', opens_on: '2026-03-29' }, '09:00', 'Europe/Berlin').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    // New York falls back on Nov 1, 2026: 09:00 is 13:00Z on Oct 31 and 14:00Z on Nov 1.
    expect(reviewOpensAt({ renewal_date: '2026-11-08', last_day: '2026-11-07', opens_on: '2026-10-31' }, '09:00', 'America/New_York').toISOString()).toBe('2026-10-31T13:00:00.000Z');
    expect(reviewOpensAt({ renewal_date: '2026-11-09', last_day: '2026-11-08', opens_on: '2026-11-01' }, '09:00', 'America/New_York').toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });
});

describe('realised savings', () => {
  it('a monthly plan cancelled mid-year saves the 12 charges of the year from the decision: 12 × 150.00 = 1,800.00', () => {
    expect(chargesWithinYear('2026-06-20', monthly, 20, '2026-06-15')).toHaveLength(12);
    expect(realisedSaving({ action: 'cancel', renewal_date: '2026-06-20', cycle: monthly, anchor_day: 20, decided_on: '2026-06-15', amount_before_minor: 15_000, amount_after_minor: 0 })).toBe(180_000);
  });

  it('a downgrade from the next cycle saves the difference on each of those charges: 20 → 15 seats at 10.00 is 12 × 50.00 = 600.00', () => {
    expect(realisedSaving({ action: 'downgrade', renewal_date: '2026-07-01', cycle: monthly, anchor_day: 1, decided_on: '2026-06-26', amount_before_minor: 20_000, amount_after_minor: 15_000 })).toBe(60_000);
  });

  it('an annual plan cancelled 3 days before its last day to cancel saves its one renewal: 600.00', () => {
    expect(chargesWithinYear('2026-09-30', yearly, 30, '2026-08-28')).toEqual(['2026-09-30']);
    expect(realisedSaving({ action: 'cancel', renewal_date: '2026-09-30', cycle: yearly, anchor_day: 30, decided_on: '2026-08-28', amount_before_minor: 60_000, amount_after_minor: 0 })).toBe(60_000);
  });

  it('counts a month-end plan’s short months and stops 12 months after the decision (Jan 31 monthly from Jan 10: 12 charges, Feb 28 among them)', () => {
    const dates = chargesWithinYear('2027-01-31', monthly, 31, '2027-01-10');
    expect(dates.slice(0, 3)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31']);
    expect(dates).toHaveLength(12);
    expect(dates.at(-1)).toBe('2027-12-31');
  });

  it('keeping and negotiating save nothing', () => {
    for (const action of ['keep', 'negotiate'] as const) {
      expect(realisedSaving({ action, renewal_date: '2026-07-01', cycle: monthly, anchor_day: 1, decided_on: '2026-06-26', amount_before_minor: 20_000, amount_after_minor: 20_000 })).toBe(0);
    }
  });
});

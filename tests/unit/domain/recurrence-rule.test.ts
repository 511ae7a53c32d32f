import { describe, expect, it } from 'vitest';
import { anchorDayOf, nextCycleDate, type BillingCycle } from '../../../common/domain/billing-cycles';
import type { IsoDate } from '../../../common/domain/calendar-date';
import { recurrenceOf } from '../../../common/domain/recurrence-rule';
import { readCalendar } from '../../support/ical-read';

const compact = (date: IsoDate) => date.replaceAll('-', '');

/** One all-day event with the recurrence, as an .ics, read back and expanded by ical.js (an independent parser). */
function expandWithIcalJs(renewal: IsoDate, cycle: BillingCycle, anchorDay: number, count: number): string[] {
  const recurrence = recurrenceOf(renewal, cycle, anchorDay);
  if (!recurrence) return [];
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Spend Manager//test//EN',
    'BEGIN:VEVENT',
    'UID:renewal-1@test',
    'DTSTAMP:20261201T000000Z',
    'SUMMARY:Renewal',
    `DTSTART;VALUE=DATE:${compact(recurrence.start)}`,
    `RRULE:${recurrence.rule}`,
    ...(recurrence.extraDates.length > 0 ? [`RDATE;VALUE=DATE:${recurrence.extraDates.map(compact).join(',')}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  const [event] = readCalendar(lines.join('\r\n'));
  const dates = event!.dates(count);
  return recurrence.once ? [recurrence.once, ...dates].slice(0, count) : dates;
}

/** The app's own renewal dates (billing-cycles.ts), from the same renewal date on. */
function appDates(renewal: IsoDate, cycle: BillingCycle, anchorDay: number, count: number): string[] {
  const out: string[] = [renewal];
  for (let date = nextCycleDate(renewal, cycle, anchorDay); date !== null && out.length < count; date = nextCycleDate(date, cycle, anchorDay)) out.push(date);
  return out;
}

const cases: [label: string, renewal: IsoDate, cycle: BillingCycle, anchorDay?: number][] = [
  ['monthly on the 31st (month-end)', '2027-01-31', { unit: 'month', every: 1 }],
  ['monthly on the 30th, through February', '2027-01-30', { unit: 'month', every: 1 }],
  ['monthly on the 29th, through a leap February', '2027-12-29', { unit: 'month', every: 1 }],
  ['monthly anchored on the 30th, next renewal on Feb 28', '2027-02-28', { unit: 'month', every: 1 }, 30],
  ['monthly anchored on the 31st, next renewal on Apr 30', '2027-04-30', { unit: 'month', every: 1 }, 31],
  ['every 3 months on the 31st', '2027-01-31', { unit: 'month', every: 3 }],
  ['every 2 months on the 30th', '2026-12-30', { unit: 'month', every: 2 }],
  ['monthly on the 15th', '2027-03-15', { unit: 'month', every: 1 }],
  ['yearly on 29 February', '2028-02-29', { unit: 'year', every: 1 }],
  ['yearly anchored on 29 February, next renewal in a common year', '2027-02-28', { unit: 'year', every: 1 }, 29],
  ['yearly on 31 March', '2027-03-31', { unit: 'year', every: 1 }],
  ['every 2 years', '2027-06-01', { unit: 'year', every: 2 }],
  ['weekly', '2027-01-04', { unit: 'week', every: 1 }],
  ['every 2 weeks', '2027-01-04', { unit: 'week', every: 2 }],
  ['every 30 days', '2027-01-31', { unit: 'day', every: 30 }],
  ['a first renewal out of step with its anchor (charged once, then back on the 31st)', '2027-03-15', { unit: 'month', every: 1 }, 31],
];

describe('renewals as an iCalendar recurrence', () => {
  it.each(cases)('%s: ical.js expands the same 24 dates as the app', (_label, renewal, cycle, anchor) => {
    const anchorDay = anchor ?? anchorDayOf(renewal);
    expect(expandWithIcalJs(renewal, cycle, anchorDay, 24)).toEqual(appDates(renewal, cycle, anchorDay, 24));
  });

  it('says month-end as BYMONTHDAY=-1 and a plain day as the start date alone', () => {
    expect(recurrenceOf('2027-01-31', { unit: 'month', every: 1 }, 31)?.rule).toBe('FREQ=MONTHLY;BYMONTHDAY=-1');
    expect(recurrenceOf('2027-03-15', { unit: 'month', every: 1 }, 15)?.rule).toBe('FREQ=MONTHLY');
    expect(recurrenceOf('2027-01-04', { unit: 'week', every: 2 }, 4)?.rule).toBe('FREQ=WEEKLY;INTERVAL=2');
    expect(recurrenceOf('2028-02-29', { unit: 'year', every: 1 }, 29)?.rule).toBe('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1');
  });
});

describe('the short months of a 29th or 30th anchor (RDATE)', () => {
  it('lists every clamped renewal of the next 25 years, as billing-cycles steps them', () => {
    const cycle: BillingCycle = { unit: 'month', every: 1 };
    const stepped: IsoDate[] = [];
    for (let date = nextCycleDate('2027-01-30', cycle, 30); date !== null && date <= '2052-01-28'; date = nextCycleDate(date, cycle, 30)) {
      if (Number(date.slice(8)) < 30) stepped.push(date);
    }
    expect(recurrenceOf('2027-01-30', cycle, 30)!.extraDates).toEqual(stepped);
    expect(stepped).toHaveLength(25);
    // Every 2 months from January runs through the odd months only: no February, nothing clamped.
    expect(recurrenceOf('2027-01-29', { unit: 'month', every: 2 }, 29)!.extraDates).toEqual([]);
  });
});

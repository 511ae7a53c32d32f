import { describe, expect, it } from 'vitest';
import { anchorDayOf, nextCycleDate, type BillingCycle } from '../../../common/domain/billing-cycles';
import { addDays, type IsoDate } from '../../../common/domain/calendar-date';
import { deadlineRecurrenceOf } from '../../../common/domain/deadline-recurrence';
import { readCalendar } from '../../support/ical-read';

const compact = (date: IsoDate) => date.replaceAll('-', '');

/** The deadlines' recurrence as one all-day event, read back and expanded by ical.js. */
function expandWithIcalJs(renewal: IsoDate, cycle: BillingCycle, anchorDay: number, notice: number, count: number): string[] {
  const recurrence = deadlineRecurrenceOf(renewal, cycle, anchorDay, notice);
  if (!recurrence) return [];
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Spend Manager//test//EN',
    'BEGIN:VEVENT',
    'UID:cancel-1@test',
    'DTSTAMP:20261201T000000Z',
    'SUMMARY:Last day to cancel',
    `DTSTART;VALUE=DATE:${compact(recurrence.start)}`,
    ...(recurrence.rule ? [`RRULE:${recurrence.rule}`] : []),
    ...(recurrence.extraDates.length > 0 ? [`RDATE;VALUE=DATE:${recurrence.extraDates.map(compact).join(',')}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return readCalendar(lines.join('\r\n'))[0]!.dates(count);
}

/** Each of the app's renewals (billing-cycles.ts) from `renewal` on, minus the notice period. */
function appDeadlines(renewal: IsoDate, cycle: BillingCycle, anchorDay: number, notice: number, count: number): string[] {
  const out: string[] = [];
  for (let date: IsoDate | null = renewal; date !== null && out.length < count; date = nextCycleDate(date, cycle, anchorDay)) out.push(addDays(date, -notice));
  return out;
}

const cases: [label: string, renewal: IsoDate, cycle: BillingCycle, notice: number, rule: string | null, anchorDay?: number][] = [
  ['monthly on the 31st, 7 days before each month-end', '2027-01-31', { unit: 'month', every: 1 }, 7, 'FREQ=MONTHLY;BYMONTHDAY=-8'],
  ['monthly on the 15th, 10 days before', '2027-03-15', { unit: 'month', every: 1 }, 10, 'FREQ=MONTHLY'],
  ['monthly on the 1st, 30 days before (two months back after a February: listed)', '2027-02-01', { unit: 'month', every: 1 }, 30, ''],
  ['monthly on the 15th, 30 days before (the 16th day from the end of the month before)', '2027-01-15', { unit: 'month', every: 1 }, 30, 'FREQ=MONTHLY;BYMONTHDAY=-16'],
  ['every 2 months on the 3rd, 30 days before', '2027-01-03', { unit: 'month', every: 2 }, 30, 'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-28'],
  ['yearly on 10 March, 30 days before (through leap Februaries)', '2027-03-10', { unit: 'year', every: 1 }, 30, 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-21'],
  ['yearly on 5 January, 14 days before (in December)', '2027-01-05', { unit: 'year', every: 1 }, 14, 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-10'],
  ['monthly on the 30th, 2 days before (clamped Februaries: listed)', '2027-01-30', { unit: 'month', every: 1 }, 2, ''],
  ['every 3 months on the 31st, 14 days before', '2027-01-31', { unit: 'month', every: 3 }, 14, 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-15'],
  ['yearly on 29 February, 30 days before (listed)', '2028-02-29', { unit: 'year', every: 1 }, 30, ''],
  ['yearly on 29 February, 1 day before', '2028-02-29', { unit: 'year', every: 1 }, 1, 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-2'],
  ['yearly on 20 June, 60 days before (listed)', '2027-06-20', { unit: 'year', every: 1 }, 60, ''],
  ['weekly, 3 days before', '2027-01-04', { unit: 'week', every: 1 }, 3, 'FREQ=WEEKLY'],
  ['every 30 days, 45 days before (longer than a cycle)', '2027-03-01', { unit: 'day', every: 30 }, 45, 'FREQ=DAILY;INTERVAL=30'],
  ['a renewal out of step with its 31st anchor (listed)', '2027-03-15', { unit: 'month', every: 1 }, 5, '', 31],
];

describe('last days to cancel as an iCalendar recurrence', () => {
  it.each(cases)('%s: ical.js expands the same 24 dates as the app', (_label, renewal, cycle, notice, rule, anchor) => {
    const anchorDay = anchor ?? anchorDayOf(renewal);
    expect(expandWithIcalJs(renewal, cycle, anchorDay, notice, 24)).toEqual(appDeadlines(renewal, cycle, anchorDay, notice, 24));
    expect(deadlineRecurrenceOf(renewal, cycle, anchorDay, notice)?.rule).toBe(rule);
  });

  it('lists a monthly plan’s deadlines 25 years ahead at most', () => {
    const listed = deadlineRecurrenceOf('2027-02-01', { unit: 'month', every: 1 }, 1, 30)!;
    expect(listed.extraDates).toHaveLength(25 * 12);
    expect(listed.extraDates[0]).toBe(listed.start);
    expect(listed.extraDates.at(-1)).toBe('2051-12-02');
  });
});

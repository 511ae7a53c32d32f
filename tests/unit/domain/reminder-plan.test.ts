import { describe, it, expect } from 'vitest';
import {
  type NoticeInput,
  type PlannedReminder,
  type ReminderSubject,
  compareKinds,
  cycleOnOrAfter,
  daysLeft,
  leadDaysPhrase,
  noticeDeadline,
  planFollowUp,
  planReminders,
  reminderKey,
} from '../../../common/domain/reminder-plan';

const berlin9 = { timeOfDay: '09:00', timeZone: 'Europe/Berlin' };
const TODAY = '2026-03-10';

const subject = (overrides: Partial<ReminderSubject> = {}): ReminderSubject => ({
  status: 'active',
  renewal_date: '2027-06-30',
  cycle: { unit: 'month', every: 1 },
  anchor_day: 30,
  auto_renew: true,
  trial_ends_on: null,
  notice_period_days: null,
  reminder_days: [7, 1],
  ...overrides,
});

const summary = (plan: PlannedReminder[]): string[] =>
  plan.map((r) => `${r.kind} ${r.target_date} -${r.lead_days} @ ${r.due_at.toISOString()}`);

describe('planReminders', () => {
  it('reminds 7 days and 1 day before renewal at 09:00 Berlin time', () => {
    expect(summary(planReminders(subject(), berlin9, TODAY))).toEqual([
      'renewal 2027-06-30 -7 @ 2027-06-23T07:00:00.000Z',
      'renewal 2027-06-30 -1 @ 2027-06-29T07:00:00.000Z',
    ]);
  });

  it('reminds on the renewal day itself for lead 0 and ignores duplicate lead days', () => {
    const plan = planReminders(subject({ reminder_days: [0, 3, 3, 0] }), berlin9, TODAY);
    expect(summary(plan)).toEqual([
      'renewal 2027-06-30 -3 @ 2027-06-27T07:00:00.000Z',
      'renewal 2027-06-30 -0 @ 2027-06-30T07:00:00.000Z',
    ]);
  });

  it('adds a last-day-to-cancel reminder for a notice period', () => {
    const plan = planReminders(subject({ notice_period_days: 30, reminder_days: [3] }), berlin9, TODAY);
    expect(summary(plan)).toEqual([
      'notice 2027-05-31 -3 @ 2027-05-28T07:00:00.000Z',
      // The next cycle's deadline falls on this renewal; its reminder is due before the renewal rolls forward.
      'notice 2027-06-30 -3 @ 2027-06-27T07:00:00.000Z',
      'renewal 2027-06-30 -3 @ 2027-06-27T07:00:00.000Z',
    ]);
  });

  it('treats a zero notice period as no notice period', () => {
    expect(planReminders(subject({ notice_period_days: 0 }), berlin9, TODAY).every((r) => r.kind === 'renewal')).toBe(true);
  });

  it('still warns that a service ends when auto-renew is off, but drops the cancel deadline', () => {
    const plan = planReminders(subject({ auto_renew: false, notice_period_days: 30, reminder_days: [1] }), berlin9, TODAY);
    expect(summary(plan)).toEqual(['renewal 2027-06-30 -1 @ 2027-06-29T07:00:00.000Z']);
  });

  it('warns before a trial ends as well as before the first renewal', () => {
    const plan = planReminders(
      subject({ status: 'trial', trial_ends_on: '2027-06-14', renewal_date: '2027-06-15', reminder_days: [2] }),
      berlin9,
      TODAY,
    );
    expect(summary(plan)).toEqual([
      'trial 2027-06-14 -2 @ 2027-06-12T07:00:00.000Z',
      'renewal 2027-06-15 -2 @ 2027-06-13T07:00:00.000Z',
    ]);
  });

  it('sends no trial reminder for an active subscription with an old trial date', () => {
    const plan = planReminders(subject({ trial_ends_on: '2027-01-01' }), berlin9, TODAY);
    expect(plan.some((r) => r.kind === 'trial')).toBe(false);
  });

  it('plans nothing for paused or cancelled subscriptions', () => {
    for (const status of ['paused', 'cancelled'] as const) {
      expect(planReminders(subject({ status, notice_period_days: 10, trial_ends_on: '2027-06-01' }), berlin9, TODAY)).toEqual([]);
    }
  });

  it('plans nothing when the user chose no reminder days', () => {
    expect(planReminders(subject({ reminder_days: [] }), berlin9, TODAY)).toEqual([]);
  });

  it('lists every reminder earliest first across kinds', () => {
    const plan = planReminders(
      subject({ status: 'trial', trial_ends_on: '2027-06-20', notice_period_days: 14, reminder_days: [0, 7, 30] }),
      berlin9,
      TODAY,
    );
    expect(plan).toHaveLength(10);
    const times = plan.map((r) => r.due_at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(plan[0]).toMatchObject({ kind: 'notice', target_date: '2027-06-16', lead_days: 30 });
  });

  it('accepts lead days up to a year and refuses anything else', () => {
    const plan = planReminders(subject({ reminder_days: [365] }), berlin9, TODAY);
    expect(plan[0]?.due_at.toISOString()).toBe('2026-06-30T07:00:00.000Z');
    for (const bad of [366, -1, 1.5, Number.NaN]) {
      expect(() => planReminders(subject({ reminder_days: [bad] }), berlin9, TODAY), String(bad)).toThrow(RangeError);
    }
    expect(() => planReminders(subject({ notice_period_days: -3 }), berlin9, TODAY)).toThrow(RangeError);
  });

  it('moves a 02:30 reminder on the Berlin spring-forward day to 03:00 local', () => {
    const plan = planReminders(subject({ renewal_date: '2027-03-30', reminder_days: [2] }), { timeOfDay: '02:30', timeZone: 'Europe/Berlin' }, TODAY);
    expect(plan[0]?.due_at.toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  it('fires a 01:30 reminder once, at the first 01:30, on the New York fall-back day', () => {
    const plan = planReminders(subject({ renewal_date: '2027-11-08', reminder_days: [1] }), { timeOfDay: '01:30', timeZone: 'America/New_York' }, TODAY);
    expect(plan.map((r) => r.due_at.toISOString())).toEqual(['2027-11-07T05:30:00.000Z']);
  });

  it('keeps 09:00 local across a DST change between two lead days', () => {
    const plan = planReminders(subject({ renewal_date: '2027-11-10', reminder_days: [7, 1] }), { timeOfDay: '09:00', timeZone: 'America/New_York' }, TODAY);
    expect(plan.map((r) => r.due_at.toISOString())).toEqual(['2027-11-03T13:00:00.000Z', '2027-11-09T14:00:00.000Z']);
  });

  it('fires at 09:00 in the user zone, not the machine zone', () => {
    const renewal = subject({ renewal_date: '2027-01-10', reminder_days: [0] });
    const due = (timeZone: string): string | undefined =>
      planReminders(renewal, { timeOfDay: '09:00', timeZone }, TODAY)[0]?.due_at.toISOString();
    expect(due('Pacific/Auckland')).toBe('2027-01-09T20:00:00.000Z');
    expect(due('America/Sao_Paulo')).toBe('2027-01-10T12:00:00.000Z');
    expect(due('UTC')).toBe('2027-01-10T09:00:00.000Z');
  });
});

describe('planReminders at the edges of the calendar', () => {
  it('does not throw for a renewal and trial end on 0001-01-01 with lead days and a notice period reaching before them', () => {
    const ancient = subject({ status: 'trial', renewal_date: '0001-01-01', anchor_day: 1, trial_ends_on: '0001-01-01', notice_period_days: 365, reminder_days: [365, 0] });
    // Only what can still happen: the last day to cancel the first renewal a year's notice can still stop (2027-04-01),
    // and the next deadline's year-ahead reminder, due on 2026-04-02, the day this cycle rolls forward.
    const expected = [
      'notice 2026-04-01 -365 @ 2025-04-01T07:00:00.000Z',
      'notice 2026-04-01 -0 @ 2026-04-01T07:00:00.000Z',
      'notice 2027-04-02 -365 @ 2026-04-02T07:00:00.000Z',
    ];
    expect(summary(planReminders(ancient, berlin9, TODAY))).toEqual(expected);
    expect(summary(planReminders({ ...ancient, renewal_date: '1900-01-01', trial_ends_on: '1900-01-01' }, berlin9, TODAY))).toEqual(expected);
    expect(planReminders({ ...ancient, auto_renew: false }, berlin9, TODAY)).toEqual([]);
  });

  it('plans the next last day to cancel from a renewal a century ago without computing the past ones', () => {
    const plan = planReminders(subject({ renewal_date: '1926-03-20', anchor_day: 20, notice_period_days: 30, reminder_days: [0] }), berlin9, TODAY);
    // The charge on 2026-03-20 can no longer be stopped (its last day was 2026-02-18); the one on 2026-04-20 can.
    expect(summary(plan)).toEqual(['notice 2026-03-21 -0 @ 2026-03-21T08:00:00.000Z']);
  });

  it('reminds before a renewal on 1900-01-10 even when its lead days reach back into 1899', () => {
    const plan = planReminders(subject({ renewal_date: '1900-01-10', anchor_day: 10, reminder_days: [30, 0] }), { timeOfDay: '09:00', timeZone: 'UTC' }, '1900-01-01');
    expect(summary(plan)).toEqual(['renewal 1900-01-10 -30 @ 1899-12-11T09:00:00.000Z', 'renewal 1900-01-10 -0 @ 1900-01-10T09:00:00.000Z']);
  });

  it('reminds before a renewal on 9999-12-31 and leaves out a next cycle past year 9999 instead of throwing', () => {
    const plan = planReminders(
      subject({ renewal_date: '9999-12-31', anchor_day: 31, notice_period_days: 60, reminder_days: [7, 0] }),
      { timeOfDay: '09:00', timeZone: 'UTC' },
      '9999-12-20',
    );
    expect(summary(plan)).toEqual(['renewal 9999-12-31 -7 @ 9999-12-24T09:00:00.000Z', 'renewal 9999-12-31 -0 @ 9999-12-31T09:00:00.000Z']);
    for (const cycle of [{ unit: 'day', every: 1 }, { unit: 'week', every: 2 }, { unit: 'year', every: 1000 }] as const) {
      expect(planReminders(subject({ renewal_date: '9999-12-31', anchor_day: 31, cycle, notice_period_days: 365, reminder_days: [0] }), berlin9, '9999-12-31')).toHaveLength(1);
    }
  });

  it('leaves out a reminder whose instant would fall in year 10000 (a five-digit ISO year)', () => {
    const plan = planReminders(
      subject({ renewal_date: '9999-12-31', anchor_day: 31, reminder_days: [1, 0] }),
      { timeOfDay: '23:00', timeZone: 'Etc/GMT+12' },
      '9999-12-01',
    );
    expect(plan.map((r) => r.due_at.toISOString())).toEqual(['9999-12-31T11:00:00.000Z']);
  });
});

describe('noticeDeadline', () => {
  const monthly = (overrides: Partial<NoticeInput> = {}): NoticeInput => ({
    status: 'active',
    renewal_date: '2026-03-29',
    cycle: { unit: 'month', every: 1 },
    anchor_day: 29,
    auto_renew: true,
    notice_period_days: 60,
    ...overrides,
  });

  it('says the last day to cancel this cycle passed when the notice (60 days) is longer than the time left (19 days), and names the next one', () => {
    expect(noticeDeadline(monthly(), TODAY)).toEqual({
      state: 'passed',
      last_day: '2026-01-28',
      renewal_date: '2026-03-29',
      // The April 29 renewal's last day (Feb 28) has passed too: May 29 is the first that can still be stopped.
      next: { last_day: '2026-03-30', renewal_date: '2026-05-29' },
    });
  });

  it('gives this cycle\'s last day while it is today or later', () => {
    expect(noticeDeadline(monthly({ notice_period_days: 19 }), TODAY)).toEqual({ state: 'upcoming', last_day: '2026-03-10', renewal_date: '2026-03-29' });
  });

  it('counts from the renewal a passed date rolls forward to', () => {
    expect(noticeDeadline(monthly({ renewal_date: '2025-11-29', notice_period_days: 10 }), TODAY)).toEqual({
      state: 'upcoming',
      last_day: '2026-03-19',
      renewal_date: '2026-03-29',
    });
  });

  it('has nothing to say without a notice period, without auto-renew, or for a paused or cancelled plan', () => {
    expect(noticeDeadline(monthly({ notice_period_days: null }), TODAY)).toBeNull();
    expect(noticeDeadline(monthly({ notice_period_days: 0 }), TODAY)).toBeNull();
    expect(noticeDeadline(monthly({ auto_renew: false }), TODAY)).toBeNull();
    expect(noticeDeadline(monthly({ status: 'paused' }), TODAY)).toBeNull();
    expect(noticeDeadline(monthly({ status: 'cancelled' }), TODAY)).toBeNull();
  });

  it('has no next last day when the next renewal would fall after 9999-12-31', () => {
    expect(noticeDeadline(monthly({ renewal_date: '9999-12-31', anchor_day: 31 }), '9999-12-01')).toEqual({
      state: 'passed',
      last_day: '9999-11-01',
      renewal_date: '9999-12-31',
      next: null,
    });
  });
});

describe('cycleOnOrAfter', () => {
  const month = { unit: 'month', every: 1 } as const;

  it('keeps the anchor day across short months', () => {
    expect(cycleOnOrAfter('2026-01-31', month, 31, '2026-02-15')).toBe('2026-02-28');
    expect(cycleOnOrAfter('2026-01-31', month, 31, '2026-03-01')).toBe('2026-03-31');
    expect(cycleOnOrAfter('2026-01-31', month, 31, '2026-01-01')).toBe('2026-01-31');
  });

  it('jumps a thousand-year cycle and stops at the end of the calendar without throwing', () => {
    const millennium = { unit: 'year', every: 1000 } as const;
    expect(cycleOnOrAfter('2026-06-01', millennium, 1, '2026-07-01')).toBe('3026-06-01');
    expect(cycleOnOrAfter('2026-06-01', millennium, 1, '9026-06-01')).toBe('9026-06-01');
    expect(cycleOnOrAfter('2026-06-01', millennium, 1, '9026-06-02')).toBeNull();
    expect(cycleOnOrAfter('9999-12-25', { unit: 'week', every: 1 }, 25, '9999-12-30')).toBeNull();
    expect(cycleOnOrAfter('0001-01-01', { unit: 'day', every: 1 }, 1, '9999-12-31')).toBe('9999-12-31');
  });
});

describe('reminderKey', () => {
  it('gives each occurrence its own stable key', () => {
    const plan = planReminders(
      subject({ status: 'trial', trial_ends_on: '2027-06-30', notice_period_days: 7, reminder_days: [0, 1, 7] }),
      berlin9,
      TODAY,
    );
    const keys = plan.map((r) => reminderKey(42, r));
    expect(new Set(keys).size).toBe(plan.length);
    expect(reminderKey(42, { kind: 'renewal', target_date: '2027-06-30', lead_days: 7 })).toBe('42:renewal:2027-06-30:7');
    expect(planReminders(subject(), berlin9, TODAY).map((r) => reminderKey(42, r))).toEqual(
      planReminders(subject(), berlin9, TODAY).map((r) => reminderKey(42, r)),
    );
  });

  it('cannot be confused by an id containing the separator', () => {
    const a = reminderKey('1:renewal', { kind: 'trial', target_date: '2027-06-30', lead_days: 0 });
    const b = reminderKey('1', { kind: 'renewal', target_date: '2027-06-30', lead_days: 0 });
    expect(a).not.toBe(b);
    expect(a.split(':')).toHaveLength(4);
  });
});

describe('daysLeft', () => {
  it('counts whole calendar days, zero on the day and negative once passed', () => {
    expect(daysLeft('2027-03-01', '2027-02-27')).toBe(2);
    expect(daysLeft('2028-03-01', '2028-02-27')).toBe(3);
    expect(daysLeft('2027-03-28', '2027-03-28')).toBe(0);
    expect(daysLeft('2027-03-28', '2027-03-29')).toBe(-1);
  });
});

describe('leadDaysPhrase', () => {
  it('reads "30, 7 and 1 day before", not "30 days before and 7 days before and 1 day before"', () => {
    expect(leadDaysPhrase([30, 7, 1])).toBe('30, 7 and 1 day before');
    expect(leadDaysPhrase([1, 30, 7, 7])).toBe('30, 7 and 1 day before');
    expect(leadDaysPhrase([14, 3])).toBe('14 and 3 days before');
    expect(leadDaysPhrase([1])).toBe('1 day before');
    expect(leadDaysPhrase([7, 0])).toBe('7 days before and on the day');
    expect(leadDaysPhrase([0])).toBe('on the day');
  });
});

describe('planFollowUp (a negotiation’s follow-up day)', () => {
  const berlin = { timeOfDay: '09:00', timeZone: 'Europe/Berlin' };
  it('is due on the day itself at the reminder time: 09:00 Berlin on Mar 30, 2026 (summer time) is 07:00Z, on Mar 28 08:00Z', () => {
    expect(planFollowUp('2026-03-30', berlin, '2026-03-15')).toEqual({ kind: 'follow_up', target_date: '2026-03-30', lead_days: 0, due_at: new Date('2026-03-30T07:00:00.000Z') });
    expect(planFollowUp('2026-03-28', berlin, '2026-03-15')!.due_at.toISOString()).toBe('2026-03-28T08:00:00.000Z');
  });
  it('is planned on the day itself and never once it has passed', () => {
    expect(planFollowUp('2026-03-15', berlin, '2026-03-15')?.target_date).toBe('2026-03-15');
    expect(planFollowUp('2026-03-14', berlin, '2026-03-15')).toBeNull();
  });
  it('tells a follow-up before the deadline and the charge of the same day', () => {
    expect((['renewal', 'trial', 'notice', 'follow_up'] as const).slice().sort(compareKinds)).toEqual(['follow_up', 'notice', 'trial', 'renewal']);
  });
});

import { describe, it, expect } from 'vitest';
import {
  type PlannedReminder,
  type ReminderSubject,
  daysLeft,
  planReminders,
  reminderKey,
} from '../../../common/domain/reminder-plan';

const berlin9 = { timeOfDay: '09:00', timeZone: 'Europe/Berlin' };

const subject = (overrides: Partial<ReminderSubject> = {}): ReminderSubject => ({
  status: 'active',
  renewal_date: '2027-06-30',
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
    expect(summary(planReminders(subject(), berlin9))).toEqual([
      'renewal 2027-06-30 -7 @ 2027-06-23T07:00:00.000Z',
      'renewal 2027-06-30 -1 @ 2027-06-29T07:00:00.000Z',
    ]);
  });

  it('reminds on the renewal day itself for lead 0 and ignores duplicate lead days', () => {
    const plan = planReminders(subject({ reminder_days: [0, 3, 3, 0] }), berlin9);
    expect(summary(plan)).toEqual([
      'renewal 2027-06-30 -3 @ 2027-06-27T07:00:00.000Z',
      'renewal 2027-06-30 -0 @ 2027-06-30T07:00:00.000Z',
    ]);
  });

  it('adds a last-day-to-cancel reminder for a notice period', () => {
    const plan = planReminders(subject({ notice_period_days: 30, reminder_days: [3] }), berlin9);
    expect(summary(plan)).toEqual([
      'notice 2027-05-31 -3 @ 2027-05-28T07:00:00.000Z',
      'renewal 2027-06-30 -3 @ 2027-06-27T07:00:00.000Z',
    ]);
  });

  it('treats a zero notice period as no notice period', () => {
    expect(planReminders(subject({ notice_period_days: 0 }), berlin9).every((r) => r.kind === 'renewal')).toBe(true);
  });

  it('still warns that a service ends when auto-renew is off, but drops the cancel deadline', () => {
    const plan = planReminders(subject({ auto_renew: false, notice_period_days: 30, reminder_days: [1] }), berlin9);
    expect(summary(plan)).toEqual(['renewal 2027-06-30 -1 @ 2027-06-29T07:00:00.000Z']);
  });

  it('warns before a trial ends as well as before the first renewal', () => {
    const plan = planReminders(
      subject({ status: 'trial', trial_ends_on: '2027-06-14', renewal_date: '2027-06-15', reminder_days: [2] }),
      berlin9,
    );
    expect(summary(plan)).toEqual([
      'trial 2027-06-14 -2 @ 2027-06-12T07:00:00.000Z',
      'renewal 2027-06-15 -2 @ 2027-06-13T07:00:00.000Z',
    ]);
  });

  it('sends no trial reminder for an active subscription with an old trial date', () => {
    const plan = planReminders(subject({ trial_ends_on: '2027-01-01' }), berlin9);
    expect(plan.some((r) => r.kind === 'trial')).toBe(false);
  });

  it('plans nothing for paused or cancelled subscriptions', () => {
    for (const status of ['paused', 'cancelled'] as const) {
      expect(planReminders(subject({ status, notice_period_days: 10, trial_ends_on: '2027-06-01' }), berlin9)).toEqual([]);
    }
  });

  it('plans nothing when the user chose no reminder days', () => {
    expect(planReminders(subject({ reminder_days: [] }), berlin9)).toEqual([]);
  });

  it('lists every reminder earliest first across kinds', () => {
    const plan = planReminders(
      subject({ status: 'trial', trial_ends_on: '2027-06-20', notice_period_days: 14, reminder_days: [0, 7, 30] }),
      berlin9,
    );
    expect(plan).toHaveLength(9);
    const times = plan.map((r) => r.due_at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(plan[0]).toMatchObject({ kind: 'notice', target_date: '2027-06-16', lead_days: 30 });
  });

  it('accepts lead days up to a year and refuses anything else', () => {
    const plan = planReminders(subject({ reminder_days: [365] }), berlin9);
    expect(plan[0]?.due_at.toISOString()).toBe('2026-06-30T07:00:00.000Z');
    for (const bad of [366, -1, 1.5, Number.NaN]) {
      expect(() => planReminders(subject({ reminder_days: [bad] }), berlin9), String(bad)).toThrow(RangeError);
    }
    expect(() => planReminders(subject({ notice_period_days: -3 }), berlin9)).toThrow(RangeError);
  });

  it('moves a 02:30 reminder on the Berlin spring-forward day to 03:00 local', () => {
    const plan = planReminders(subject({ renewal_date: '2027-03-30', reminder_days: [2] }), {
      timeOfDay: '02:30',
      timeZone: 'Europe/Berlin',
    });
    expect(plan[0]?.due_at.toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  it('fires a 01:30 reminder once, at the first 01:30, on the New York fall-back day', () => {
    const plan = planReminders(subject({ renewal_date: '2027-11-08', reminder_days: [1] }), {
      timeOfDay: '01:30',
      timeZone: 'America/New_York',
    });
    expect(plan.map((r) => r.due_at.toISOString())).toEqual(['2027-11-07T05:30:00.000Z']);
  });

  it('keeps 09:00 local across a DST change between two lead days', () => {
    const plan = planReminders(subject({ renewal_date: '2027-11-10', reminder_days: [7, 1] }), {
      timeOfDay: '09:00',
      timeZone: 'America/New_York',
    });
    expect(plan.map((r) => r.due_at.toISOString())).toEqual(['2027-11-03T13:00:00.000Z', '2027-11-09T14:00:00.000Z']);
  });

  it('fires at 09:00 in the user zone, not the machine zone', () => {
    const renewal = subject({ renewal_date: '2027-01-10', reminder_days: [0] });
    const due = (timeZone: string): string | undefined =>
      planReminders(renewal, { timeOfDay: '09:00', timeZone })[0]?.due_at.toISOString();
    expect(due('Pacific/Auckland')).toBe('2027-01-09T20:00:00.000Z');
    expect(due('America/Sao_Paulo')).toBe('2027-01-10T12:00:00.000Z');
    expect(due('UTC')).toBe('2027-01-10T09:00:00.000Z');
  });
});

describe('reminderKey', () => {
  it('gives each occurrence its own stable key', () => {
    const plan = planReminders(
      subject({ status: 'trial', trial_ends_on: '2027-06-30', notice_period_days: 7, reminder_days: [0, 1, 7] }),
      berlin9,
    );
    const keys = plan.map((r) => reminderKey(42, r));
    expect(new Set(keys).size).toBe(plan.length);
    expect(reminderKey(42, { kind: 'renewal', target_date: '2027-06-30', lead_days: 7 })).toBe('42:renewal:2027-06-30:7');
    expect(planReminders(subject(), berlin9).map((r) => reminderKey(42, r))).toEqual(
      planReminders(subject(), berlin9).map((r) => reminderKey(42, r)),
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

// Every reminder occurrence is decided here, so the scheduler only stores rows and fires them.

import { type IsoDate, addDays, diffDays } from './calendar-date';
import { zonedTimeToInstant } from './zoned-time';

export type SubscriptionStatus = 'active' | 'trial' | 'paused' | 'cancelled';
export type ReminderKind = 'renewal' | 'notice' | 'trial';

export const MAX_LEAD_DAYS = 365;

export interface ReminderSubject {
  status: SubscriptionStatus;
  renewal_date: IsoDate;
  auto_renew: boolean;
  trial_ends_on: IsoDate | null;
  notice_period_days: number | null;
  reminder_days: readonly number[];
}

export interface ReminderDelivery {
  /** 'HH:MM' on the user's wall clock. */
  timeOfDay: string;
  /** IANA zone, e.g. 'Europe/Berlin'. */
  timeZone: string;
}

export interface PlannedReminder {
  kind: ReminderKind;
  /** The day the reminder is about: renewal, last day to cancel, or trial end. */
  target_date: IsoDate;
  lead_days: number;
  due_at: Date;
}

export function isValidLeadDay(n: unknown): n is number {
  return Number.isInteger(n) && (n as number) >= 0 && (n as number) <= MAX_LEAD_DAYS;
}

const KIND_ORDER: Record<ReminderKind, number> = { notice: 0, trial: 1, renewal: 2 };

function targetsOf(subject: ReminderSubject): { kind: ReminderKind; date: IsoDate }[] {
  if (subject.status !== 'active' && subject.status !== 'trial') return [];
  // Kept without auto-renew too: the user still wants to hear that the service ends.
  const targets: { kind: ReminderKind; date: IsoDate }[] = [{ kind: 'renewal', date: subject.renewal_date }];
  const notice = subject.notice_period_days;
  if (notice !== null) {
    if (!Number.isInteger(notice) || notice < 0) throw new RangeError(`Invalid notice period: ${notice}`);
    // Without auto-renew nothing will be charged, so there is no cancellation deadline.
    if (notice > 0 && subject.auto_renew) {
      targets.push({ kind: 'notice', date: addDays(subject.renewal_date, -notice) });
    }
  }
  if (subject.status === 'trial' && subject.trial_ends_on !== null) {
    targets.push({ kind: 'trial', date: subject.trial_ends_on });
  }
  return targets;
}

/** Every reminder occurrence for one subscription, earliest first. */
export function planReminders(subject: ReminderSubject, delivery: ReminderDelivery): PlannedReminder[] {
  const invalid = subject.reminder_days.find((d) => !isValidLeadDay(d));
  if (invalid !== undefined) throw new RangeError(`Invalid reminder lead day: ${invalid}`);
  const leads = [...new Set(subject.reminder_days)].sort((a, b) => a - b);

  const planned: PlannedReminder[] = [];
  for (const { kind, date } of targetsOf(subject)) {
    for (const lead of leads) {
      planned.push({
        kind,
        target_date: date,
        lead_days: lead,
        due_at: zonedTimeToInstant(addDays(date, -lead), delivery.timeOfDay, delivery.timeZone),
      });
    }
  }
  return planned.sort(
    (a, b) =>
      a.due_at.getTime() - b.due_at.getTime() ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      a.lead_days - b.lead_days,
  );
}

/** Stable identity of one occurrence, for the reminders table's unique key. */
export function reminderKey(
  expenseId: number | string,
  reminder: Pick<PlannedReminder, 'kind' | 'target_date' | 'lead_days'>,
): string {
  return [encodeURIComponent(String(expenseId)), reminder.kind, reminder.target_date, reminder.lead_days].join(':');
}

/** Whole days from `today` until `target`; 0 on the day itself, negative once passed. */
export function daysLeft(target: IsoDate, today: IsoDate): number {
  return diffDays(target, today);
}

import type { InputOf, Reminder } from '../../../../common/contract';
import { api } from '../../api/client';

export const REMINDERS_KEY = ['reminders'] as const;

/** The log's tabs. */
export type ReminderFilter = 'upcoming' | 'sent' | 'problems' | 'dismissed' | 'all';

const QUERY: Record<ReminderFilter, InputOf<'reminders.list'>> = {
  upcoming: { when: 'upcoming' },
  sent: { state: 'sent' },
  problems: { state: ['missed', 'failed'] },
  dismissed: { state: 'dismissed' },
  all: {},
};

export async function listReminders(filter: ReminderFilter): Promise<{ reminders: Reminder[]; total: number }> {
  const { reminders, total } = await api('reminders.list', QUERY[filter]);
  return { reminders, total };
}

export async function snoozeReminder(id: number, choice: { days: number } | { until: string }): Promise<Reminder> {
  return (await api('reminders.snooze', { id, ...choice })).reminder;
}

export async function dismissReminder(id: number): Promise<Reminder> {
  return (await api('reminders.dismiss', { id })).reminder;
}

export async function restoreReminder(id: number): Promise<Reminder> {
  return (await api('reminders.restore', { id })).reminder;
}

// Reminders: query keys, the log's queries and the actions on a reminder, in one place.
import { useQuery } from '@tanstack/react-query';
import type { InputOf, Reminder } from '../../../../common/contract';
import { api } from '../../api/client';

export const reminderKeys = {
  all: ['reminders'] as const,
  list: (filter: ReminderFilter) => ['reminders', filter] as const,
};

/** The log's tabs. */
export type ReminderFilter = 'upcoming' | 'sent' | 'problems' | 'dismissed' | 'all';

const QUERY: Record<ReminderFilter, InputOf<'reminders.list'>> = {
  upcoming: { when: 'upcoming' },
  sent: { state: 'sent' },
  problems: { state: ['missed', 'failed'] },
  dismissed: { state: 'dismissed' },
  all: {},
};

export function useReminders(filter: ReminderFilter) {
  return useQuery({
    queryKey: reminderKeys.list(filter),
    queryFn: async (): Promise<{ reminders: Reminder[]; total: number }> => {
      const { reminders, total } = await api('reminders.list', QUERY[filter]);
      return { reminders, total };
    },
    // The scheduler works in the background: keep the log current, and look again soon while a send is under way.
    refetchInterval: (query) => (query.state.data?.reminders.some((r) => r.state === 'sending') ? 1_500 : 15_000),
  });
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

/** Holds every reminder until `until` (null: resume now); answers when they are held until. */
export async function pauseReminders(until: Date | null): Promise<string | null> {
  return (await api('reminders.pause', { until: until ? until.toISOString() : null })).paused_until;
}

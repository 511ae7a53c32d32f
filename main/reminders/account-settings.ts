import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock } from '../ports';
import { type AccountSettings, accountSettingsOf, loadAccountSettings, parseLeadDays } from '../services/account-settings';

export { parseLeadDays };

// The reminder subsystem's view of services/account-settings (the one loader and its defaults).

export interface ReminderAccountSettings {
  timeOfDay: string;
  timeZone: string;
  defaultDays: readonly number[];
  locale: string;
  pausedUntil: string | null;
}

type SettingsLike = Parameters<typeof accountSettingsOf>[0];

function forReminders(settings: AccountSettings): ReminderAccountSettings {
  return { timeOfDay: settings.timeOfDay, timeZone: settings.timeZone, defaultDays: settings.defaultDays, locale: settings.emailLocale, pausedUntil: settings.pausedUntil };
}

export function reminderSettingsOf(row: SettingsLike | undefined, clock: Clock): ReminderAccountSettings {
  return forReminders(accountSettingsOf(row, clock));
}

export async function loadReminderSettings(db: Kysely<Database>, userId: number, clock: Clock): Promise<ReminderAccountSettings> {
  return forReminders(await loadAccountSettings(db, clock, userId));
}

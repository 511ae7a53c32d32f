import type { Kysely } from 'kysely';
import { isValidTimeOfDay } from '../../common/domain/zoned-time';
import type { Database, SettingsRow } from '../db/schema';
import type { Clock } from '../ports';
import { effectiveTimeZone, parseLeadDays } from '../services/account-context';

export { parseLeadDays };

// What the reminder subsystem needs from an account's settings; an account without a row gets the defaults.

export const DEFAULT_REMINDER_DAYS: readonly number[] = [7];
export const DEFAULT_REMINDER_TIME = '09:00';

export interface ReminderAccountSettings {
  timeOfDay: string;
  timeZone: string;
  defaultDays: readonly number[];
  locale: string;
  pausedUntil: string | null;
}

type SettingsLike = Pick<SettingsRow, 'time_zone' | 'reminder_time' | 'reminder_days_default' | 'locale' | 'reminders_paused_until'>;

export function reminderSettingsOf(row: SettingsLike | undefined, clock: Clock): ReminderAccountSettings {
  const zone = effectiveTimeZone(row, clock);
  return {
    timeOfDay: row && isValidTimeOfDay(row.reminder_time) ? row.reminder_time : DEFAULT_REMINDER_TIME,
    timeZone: zone,
    defaultDays: parseLeadDays(row?.reminder_days_default ?? null) ?? DEFAULT_REMINDER_DAYS,
    locale: row?.locale ?? 'en-US',
    pausedUntil: row?.reminders_paused_until ?? null,
  };
}

export async function loadReminderSettings(db: Kysely<Database>, userId: number, clock: Clock): Promise<ReminderAccountSettings> {
  const row = await db
    .selectFrom('settings')
    .select(['time_zone', 'reminder_time', 'reminder_days_default', 'locale', 'reminders_paused_until'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return reminderSettingsOf(row, clock);
}

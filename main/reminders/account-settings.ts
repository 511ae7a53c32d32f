import type { Kysely } from 'kysely';
import { isValidTimeZone } from '../../common/domain/calendar-date';
import { isValidLeadDay } from '../../common/domain/reminder-plan';
import { isValidTimeOfDay } from '../../common/domain/zoned-time';
import type { Database, SettingsRow } from '../db/schema';
import type { Clock } from '../ports';

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

/** A stored JSON list of lead days, or null when it is missing or not a clean list. */
export function parseLeadDays(json: string | null): number[] | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value.every(isValidLeadDay) ? (value as number[]) : null;
  } catch {
    return null;
  }
}

type SettingsLike = Pick<SettingsRow, 'time_zone' | 'reminder_time' | 'reminder_days_default' | 'locale' | 'reminders_paused_until'>;

export function reminderSettingsOf(row: SettingsLike | undefined, clock: Clock): ReminderAccountSettings {
  const zone = row?.time_zone && isValidTimeZone(row.time_zone) ? row.time_zone : clock.timeZone();
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

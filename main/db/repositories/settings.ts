import type { Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../schema';

// The settings table: one row per account (base currency, locale, zone, reminder defaults, SMTP).
// Columns left out of an insert take the migration's defaults (base USD, remind 7 days ahead at 09:00).

export interface SettingsTable {
  user_id: number;
  base_currency: Generated<string>;
  locale: string | null;
  time_zone: string | null;
  reminder_days_default: Generated<string>;
  reminder_time: Generated<string>;
  reminders_paused_until: string | null;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: 'none' | 'starttls' | 'tls' | null;
  smtp_username: string | null;
  smtp_from: string | null;
  updated_at: string;
}
export type SettingsRow = Selectable<SettingsTable>;
export type NewSettingsRow = Insertable<SettingsTable>;
export type SettingsUpdate = Updateable<SettingsTable>;

export function findSettings(db: Kysely<Database>, userId: number): Promise<SettingsRow | undefined> {
  return db.selectFrom('settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function insertSettings(db: Kysely<Database>, row: NewSettingsRow): Promise<void> {
  await db.insertInto('settings').values(row).execute();
}

/**
 * Writes these columns of the account's row, creating the row (with defaults for the rest) when an
 * account made before settings existed has none.
 */
export async function upsertSettings(db: Kysely<Database>, userId: number, change: Omit<SettingsUpdate, 'user_id'> & { updated_at: string }): Promise<void> {
  await db
    .insertInto('settings')
    .values({ ...change, user_id: userId })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(change))
    .execute();
}

/** Changes columns of an existing row only (an account without a row keeps having none). */
export async function updateSettings(db: Kysely<Database>, userId: number, change: Omit<SettingsUpdate, 'user_id'>): Promise<void> {
  await db.updateTable('settings').set(change).where('user_id', '=', userId).execute();
}

export async function deleteSettingsOfUser(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('settings').where('user_id', '=', userId).execute();
}

/** Accounts whose reminders are paused past `nowIso`, with the end of each pause. */
export function pausedAccounts(db: Kysely<Database>, nowIso: string) {
  return db.selectFrom('settings').select(['user_id', 'reminders_paused_until']).where('reminders_paused_until', '>', nowIso).execute();
}

/** The reminder-related settings of several accounts (those without a row are left out). */
export function settingsOfUsers(db: Kysely<Database>, userIds: number[]) {
  return db
    .selectFrom('settings')
    .select(['user_id', 'time_zone', 'reminder_time', 'reminder_days_default', 'locale', 'reminders_paused_until'])
    .where('user_id', 'in', userIds)
    .execute();
}

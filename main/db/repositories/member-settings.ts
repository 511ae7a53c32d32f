import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The member_settings table (0013): a person's own choices in every workspace (language and formats,
// time zone); reminder times are computed in the recipient's zone.

export interface MemberSettingsTable {
  user_id: number;
  locale: string | null;
  time_zone: string | null;
  updated_at: string;
}
export type MemberSettingsRow = Selectable<MemberSettingsTable>;

export function findMemberSettings(db: Kysely<Database>, userId: number): Promise<MemberSettingsRow | undefined> {
  return db.selectFrom('member_settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Writes these columns of the member's row, creating it when missing. */
export async function upsertMemberSettings(db: Kysely<Database>, userId: number, change: Partial<Pick<MemberSettingsRow, 'locale' | 'time_zone'>> & { updated_at: string }): Promise<void> {
  await db
    .insertInto('member_settings')
    .values({ locale: null, time_zone: null, ...change, user_id: userId })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(change))
    .execute();
}

/** The zones and locales of several members (those without a row are left out). */
export function settingsOfMembers(db: Kysely<Database>, userIds: number[]) {
  return db.selectFrom('member_settings').select(['user_id', 'time_zone', 'locale']).where('user_id', 'in', userIds).execute();
}

export async function deleteMemberSettings(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('member_settings').where('user_id', '=', userId).execute();
}

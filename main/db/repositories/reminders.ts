import type { Kysely } from 'kysely';
import type { Database } from '../schema';

// The reminders table: one row per occurrence (subscription, kind, date, lead), with its delivery state.

export async function deleteRemindersOfUser(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('reminders').where('user_id', '=', userId).execute();
}

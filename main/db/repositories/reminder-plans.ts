import type { Kysely } from 'kysely';
import type { Database } from '../schema';

// The reminder_plans table: per account, the zone its pending reminders were planned in and a replan under way.

export async function deleteReminderPlansOfUser(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('reminder_plans').where('user_id', '=', userId).execute();
}

import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The reminder_plans table: per account, the zone its pending reminders were planned in and a replan under way.

/** What an account's pending reminders were planned for (0009); owned by the reminder subsystem. */
export interface ReminderPlansTable {
  user_id: number;
  /** The zone the pending reminders were last planned in. */
  time_zone: string;
  /** Null: no replan under way; otherwise the highest subscription id already replanned. */
  replan_after: number | null;
  replan_reason: 'settings' | 'time zone' | null;
  updated_at: string;
}
export type ReminderPlanRow = Selectable<ReminderPlansTable>;

export async function deleteReminderPlansOfUser(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('reminder_plans').where('user_id', '=', userId).execute();
}

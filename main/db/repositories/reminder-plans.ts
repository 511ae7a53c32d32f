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

/** Accounts whose replan is under way (a subquery): their due reminders wait until it is done. */
export function replansUnderWay(db: Kysely<Database>) {
  return db.selectFrom('reminder_plans').select('user_id').where('replan_after', 'is not', null);
}

/** Writes the account's plan row, creating it when the account has none. */
export async function upsertReminderPlan(db: Kysely<Database>, userId: number, row: Omit<ReminderPlanRow, 'user_id'>): Promise<void> {
  await db
    .insertInto('reminder_plans')
    .values({ user_id: userId, ...row })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
    .execute();
}

/** Plan rows for accounts seen for the first time; an account that has one keeps it. */
export async function insertReminderPlans(db: Kysely<Database>, rows: ReminderPlanRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('reminder_plans')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }
}

/** Where the account's replan stands: undefined without a plan row, null when none is under way. */
export async function findReplanCursor(db: Kysely<Database>, userId: number): Promise<number | null | undefined> {
  return (await db.selectFrom('reminder_plans').select('replan_after').where('user_id', '=', userId).executeTakeFirst())?.replan_after;
}

/** Moves the cursor from `from` (compare-and-set); false when another change restarted the replan meanwhile. */
export async function moveReplanCursor(db: Kysely<Database>, userId: number, from: number, change: Pick<ReminderPlanRow, 'updated_at'> & Partial<Pick<ReminderPlanRow, 'replan_after' | 'replan_reason'>>): Promise<boolean> {
  const moved = await db.updateTable('reminder_plans').set(change).where('user_id', '=', userId).where('replan_after', '=', from).executeTakeFirst();
  return Number(moved.numUpdatedRows) === 1;
}

/** The replans under way, by account. */
export function pendingReplans(db: Kysely<Database>) {
  return db.selectFrom('reminder_plans').select(['user_id', 'replan_reason']).where('replan_after', 'is not', null).orderBy('user_id').execute();
}

/** Every account with the zone it chose (null: the OS zone), the zone its reminders were planned in, and any replan reason. */
export function plannedZones(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .leftJoin('member_settings', 'member_settings.user_id', 'users.id')
    .leftJoin('reminder_plans', 'reminder_plans.user_id', 'users.id')
    .select(['users.id as user_id', 'member_settings.time_zone as chosen', 'reminder_plans.time_zone as planned', 'reminder_plans.replan_reason as reason'])
    .execute();
}

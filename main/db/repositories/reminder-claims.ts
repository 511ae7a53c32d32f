import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { replansUnderWay } from './reminder-plans';
import { ARMED_STATES, type ReminderRow, type ReminderUpdate } from './reminders';

// The reminders table as delivery uses it: due rows claimed (compare-and-set to sending), settled
// by the claim that still holds them, or held while their account is paused.

/** Armed rows due by `nowIso`, except those of accounts whose replan is under way (they wait for it). */
export function selectDueReminders(trx: Kysely<Database>, nowIso: string) {
  return trx
    .selectFrom('reminders')
    .selectAll()
    .where(ARMED_STATES.$castTo<boolean>())
    .where('next_attempt_at', '<=', nowIso)
    .where('user_id', 'not in', replansUnderWay(trx));
}

/** Sets `change` on those of `ids` still in the state and due time read; returns the ids taken. */
export async function claimReminders(trx: Kysely<Database>, ids: number[], read: Pick<ReminderRow, 'state' | 'next_attempt_at'>, change: ReminderUpdate): Promise<number[]> {
  const taken: number[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const result = await trx
      .updateTable('reminders')
      .set(change)
      .where('id', 'in', ids.slice(i, i + 500))
      .where('state', '=', read.state)
      .where('next_attempt_at', '=', read.next_attempt_at)
      .returning('id')
      .execute();
    taken.push(...result.map((r) => r.id));
  }
  return taken;
}

/** Settles rows still sending under the claim made at `claimedAt` (a timed-out claim may have been taken over). */
export async function settleClaimed(db: Kysely<Database>, ids: number[], claimedAt: string | null, change: ReminderUpdate): Promise<void> {
  await db.updateTable('reminders').set(change).where('id', 'in', ids).where('state', '=', 'sending').where('claimed_at', '=', claimedAt).execute();
}

/** Deletes claimed rows that have nothing left to say (their subscription went away). */
export async function deleteClaimed(db: Kysely<Database>, ids: number[]): Promise<void> {
  await db.deleteFrom('reminders').where('id', 'in', ids).where('state', '=', 'sending').execute();
}

/** The account's armed rows due by `nowIso` wait until `until` (the end of its pause); returns how many. */
export async function holdDueReminders(db: Kysely<Database>, userId: number, until: string, nowIso: string): Promise<number> {
  const result = await db
    .updateTable('reminders')
    .set({ next_attempt_at: until, updated_at: nowIso })
    .where('user_id', '=', userId)
    .where(ARMED_STATES.$castTo<boolean>())
    .where('next_attempt_at', '<=', nowIso)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** What a reminder email tells about each subscription, its owner and the owner's settings. */
export function deliveryDetails(db: Kysely<Database>, expenseIds: number[]) {
  return db
    .selectFrom('expenses')
    .innerJoin('users', 'users.id', 'expenses.user_id')
    .leftJoin('settings', 'settings.user_id', 'expenses.user_id')
    .select([
      'expenses.id',
      'expenses.name',
      'expenses.amount_minor',
      'expenses.currency',
      'expenses.cycle_unit',
      'expenses.cycle_every',
      'expenses.url',
      'expenses.renewal_date',
      'expenses.status',
      'expenses.deleted_at',
      'users.email',
      'users.company_name',
      'settings.time_zone',
      'settings.reminder_time',
      'settings.reminder_days_default',
      'settings.locale',
      'settings.reminders_paused_until',
    ])
    .where('expenses.id', 'in', expenseIds)
    .execute();
}

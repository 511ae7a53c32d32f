import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../schema';
import { dialectOf } from '../sql-dialect';
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

/**
 * PostgreSQL: the rows read are locked for this transaction, and rows another server's claim has
 * locked are passed over, so servers claim different rows instead of queueing behind one another.
 * Kept for speed, not correctness (the compare-and-set below is what makes a claim exactly-once; without
 * it every mail still went out once, no deadlock): the 4-server race of 1,000 reminders (scripts/bench/race.ts,
 * three runs each, load 16-22 on 2 cores) sent 29.6 mails/s (22.6-29.7) with it, 18.9 (14.7-20.0) without,
 * at 13.9 ms of server CPU per mail against 15.0: without it the servers read the same first rows and
 * wait on the first claim's row locks, only to find them taken. SQLite has one writer at a time and no row locks.
 */
export function skippingClaimed<O>(trx: Kysely<Database>, query: SelectQueryBuilder<Database, 'reminders', O>): SelectQueryBuilder<Database, 'reminders', O> {
  return dialectOf(trx) === 'postgres' ? query.forUpdate().skipLocked() : query;
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

/**
 * Right before a send: those of `ids` still held by the claim made at `claimedAt` are held until
 * `until`; returns them. A row missing from the answer was taken over after its timeout (another
 * server sends it, with the same Message-ID): this claim must not send it too.
 */
export async function renewClaim(db: Kysely<Database>, ids: number[], claimedAt: string | null, until: string): Promise<number[]> {
  const result = await db
    .updateTable('reminders')
    .set({ next_attempt_at: until })
    .where('id', 'in', ids)
    .where('state', '=', 'sending')
    .where('claimed_at', '=', claimedAt)
    .returning('id')
    .execute();
  return result.map((r) => r.id);
}

/** Deletes claimed rows that have nothing left to say (their subscription went away). */
export async function deleteClaimed(db: Kysely<Database>, ids: number[]): Promise<void> {
  await db.deleteFrom('reminders').where('id', 'in', ids).where('state', '=', 'sending').execute();
}

/** The workspace's armed rows due by `nowIso` wait until `until` (the end of its pause); returns how many. */
export async function holdDueReminders(db: Kysely<Database>, workspaceId: number, until: string, nowIso: string): Promise<number> {
  const result = await db
    .updateTable('reminders')
    .set({ next_attempt_at: until, updated_at: nowIso })
    .where('workspace_id', '=', workspaceId)
    .where(ARMED_STATES.$castTo<boolean>())
    .where('next_attempt_at', '<=', nowIso)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Who each recipient is, and their own locale and zone. */
export function recipientDetails(db: Kysely<Database>, userIds: number[]) {
  return db
    .selectFrom('users')
    .leftJoin('member_settings', 'member_settings.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.company_name', 'member_settings.time_zone', 'member_settings.locale'])
    .where('users.id', 'in', userIds)
    .execute();
}

/** What a reminder email tells about each subscription, with its workspace's settings. */
export function deliveryDetails(db: Kysely<Database>, expenseIds: number[]) {
  return db
    .selectFrom('expenses')
    .leftJoin('settings', 'settings.workspace_id', 'expenses.workspace_id')
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
      'expenses.workspace_id',
      'settings.reminder_time',
      'settings.reminder_days_default',
      'settings.reminders_paused_until',
    ])
    .where('expenses.id', 'in', expenseIds)
    .execute();
}

import { type Generated, type Insertable, type Kysely, type Selectable, type Updateable, sql } from 'kysely';
import type { ReminderKind } from '../../../common/domain/reminder-plan';
import type { Database } from '../schema';

// The reminders table: one row per occurrence (subscription, kind, target date, lead days) with its
// delivery state. Durable: the scheduler's one timer is re-armed from it, never the other way round.

export type ReminderState = 'pending' | 'sending' | 'sent' | 'failed' | 'missed' | 'snoozed' | 'dismissed';

export interface RemindersTable {
  id: Generated<number>;
  /** The recipient (0013): the subscription's owner, or an admin who asked for every reminder. */
  user_id: number;
  workspace_id: number;
  expense_id: number;
  kind: ReminderKind;
  target_date: string;
  lead_days: number;
  due_at: string;
  state: Generated<ReminderState>;
  /** When the scheduler looks at this row next (due, retry, snooze, pause or send timeout); null once settled. */
  next_attempt_at: string | null;
  attempts: Generated<number>;
  claimed_at: string | null;
  last_error: string | null;
  /** What last_error means, in words (e.g. "Could not reach … nothing is listening there"); null when it says so itself. */
  last_error_summary: string | null;
  message_id: string | null;
  notification: 'shown' | 'unavailable' | null;
  notified_at: string | null;
  email: 'sent' | 'retrying' | 'failed' | 'not_configured' | 'no_address' | null;
  email_to: string | null;
  emailed_at: string | null;
  snoozed_until: string | null;
  sent_at: string | null;
  /** The state a dismissed row had, so Undo and Restore put it back; null otherwise. */
  dismissed_from: Exclude<ReminderState, 'sending' | 'dismissed'> | null;
  created_at: string;
  updated_at: string;
}
export type ReminderRow = Selectable<RemindersTable>;
export type NewReminderRow = Insertable<RemindersTable>;
export type ReminderUpdate = Updateable<RemindersTable>;

/** The states whose rows still need the scheduler; matches the partial index reminders_armed_next. */
export const ARMED_STATES = sql`state in ('pending', 'snoozed', 'sending')`;

/** The instant the next row needs work, read from the first entry of the partial index. */
export async function earliestPendingAt(db: Kysely<Database>): Promise<Date | null> {
  const row = await db
    .selectFrom('reminders')
    .select('next_attempt_at')
    .where(ARMED_STATES.$castTo<boolean>())
    .where('next_attempt_at', 'is not', null)
    .orderBy('next_attempt_at')
    .limit(1)
    .executeTakeFirst();
  return row?.next_attempt_at ? new Date(row.next_attempt_at) : null;
}

/** A price_change alert's payment (its subscription and renewal), null for other kinds. */
export interface AlertPaymentColumns {
  payment_currency: string | null;
  payment_expected_minor: number | null;
  payment_actual_minor: number | null;
  payment_paid_on: string | null;
}
export type ReminderWithExpense = ReminderRow & { expense_name: string; amount_minor: number; currency: string } & AlertPaymentColumns;

/** The columns a list reads of a price_change alert's payment (joined as `pay`, see withExpense). */
export const ALERT_PAYMENT_COLUMNS = ['pay.currency as payment_currency', 'pay.expected_minor as payment_expected_minor', 'pay.actual_minor as payment_actual_minor', 'pay.paid_on as payment_paid_on'] as const;

/** Whose reminders: the recipient's, in one workspace. */
export interface RecipientScope {
  workspaceId: number;
  userId: number;
}

/** Reminders of live subscriptions, with what the list shows of their subscription. */
function withExpense(db: Kysely<Database>, scope: RecipientScope) {
  return db
    .selectFrom('reminders')
    .innerJoin('expenses', 'expenses.id', 'reminders.expense_id')
    .leftJoin('payments as pay', (join) => join.onRef('pay.expense_id', '=', 'reminders.expense_id').onRef('pay.renewal_date', '=', 'reminders.target_date').on('reminders.kind', '=', 'price_change'))
    .selectAll('reminders')
    .select(['expenses.name as expense_name', 'expenses.amount_minor', 'expenses.currency', ...ALERT_PAYMENT_COLUMNS])
    .where('expenses.deleted_at', 'is', null)
    .where('reminders.workspace_id', '=', scope.workspaceId)
    .where('reminders.user_id', '=', scope.userId);
}

/** One reminder this member receives in this workspace, or undefined (also for anyone else's, or a deleted subscription's). */
export function findOwnReminder(db: Kysely<Database>, scope: RecipientScope, id: number): Promise<ReminderWithExpense | undefined> {
  return withExpense(db, scope).where('reminders.id', '=', id).executeTakeFirst();
}

export interface ReminderFilter {
  /** null: every state. */
  states: readonly ReminderState[] | null;
  expenseId?: number;
}

/** One page of the account's reminders, upcoming first (soonest next), then the past (latest first), and how many match. */
export async function listReminders(db: Kysely<Database>, scope: RecipientScope, filter: ReminderFilter, page: { limit: number; offset: number }): Promise<{ rows: ReminderWithExpense[]; total: number }> {
  let query = withExpense(db, scope);
  if (filter.states) query = query.where('reminders.state', 'in', filter.states);
  if (filter.expenseId !== undefined) query = query.where('reminders.expense_id', '=', filter.expenseId);
  const counted = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await query
    .orderBy(sql`case when ${ARMED_STATES} then 0 else 1 end`)
    .orderBy(sql`case when ${ARMED_STATES} then reminders.next_attempt_at end`)
    .orderBy('reminders.due_at', 'desc')
    .orderBy('reminders.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows, total: Number(counted.n) };
}

/** The ids of the rows sent under each of these Message-IDs (a merged email tells several). */
export async function remindersByMessageId(db: Kysely<Database>, messageIds: readonly string[]): Promise<{ id: number; message_id: string | null }[]> {
  const found: { id: number; message_id: string | null }[] = [];
  for (let i = 0; i < messageIds.length; i += 500) {
    found.push(...(await db.selectFrom('reminders').select(['id', 'message_id']).where('message_id', 'in', messageIds.slice(i, i + 500)).execute()));
  }
  return found;
}

/** Changes one of the member's reminders unless it is being sent right now; false when it was. */
export async function updateReminderUnlessSending(db: Kysely<Database>, scope: RecipientScope, id: number, change: ReminderUpdate): Promise<boolean> {
  const result = await db.updateTable('reminders').set(change).where('id', '=', id).where('user_id', '=', scope.userId).where('workspace_id', '=', scope.workspaceId).where('state', '!=', 'sending').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Changes one of the member's reminders only while it is still dismissed; false when it changed meanwhile. */
export async function updateDismissedReminder(db: Kysely<Database>, scope: RecipientScope, id: number, change: ReminderUpdate): Promise<boolean> {
  const result = await db.updateTable('reminders').set(change).where('id', '=', id).where('user_id', '=', scope.userId).where('workspace_id', '=', scope.workspaceId).where('state', '=', 'dismissed').executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findReminderState(db: Kysely<Database>, id: number): Promise<ReminderState | undefined> {
  return (await db.selectFrom('reminders').select('state').where('id', '=', id).executeTakeFirst())?.state;
}

/** Armed rows of the workspace held until `heldUntil` (an old pause's end) are due at `now` instead. */
export async function releaseHeldReminders(db: Kysely<Database>, workspaceId: number, heldUntil: string, now: string): Promise<void> {
  await db
    .updateTable('reminders')
    .set({ next_attempt_at: now, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where(ARMED_STATES.$castTo<boolean>())
    .where('next_attempt_at', '=', heldUntil)
    .execute();
}

/**
 * Rows of these subscriptions that never went out (pending, snoozed): the ones a replan may change. Price-change
 * alerts are not planned from the subscription (a payment raised them), so a replan leaves them alone.
 */
export function openRemindersOf(db: Kysely<Database>, expenseIds: number[]) {
  return db
    .selectFrom('reminders')
    .select(['id', 'user_id', 'expense_id', 'kind', 'target_date', 'lead_days', 'due_at', 'state', 'attempts'])
    .where('expense_id', 'in', expenseIds)
    .where('state', 'in', ['pending', 'snoozed'])
    .where('kind', '!=', 'price_change')
    .execute();
}

/** Occurrences already planned (in any state) for these subscriptions, on or after `fromDate`. */
export function plannedOccurrences(db: Kysely<Database>, expenseIds: number[], fromDate: string) {
  return db.selectFrom('reminders').select(['expense_id', 'user_id', 'kind', 'target_date']).where('expense_id', 'in', expenseIds).where('target_date', '>=', fromDate).execute();
}

export async function updateReminder(db: Kysely<Database>, id: number, change: ReminderUpdate): Promise<void> {
  await db.updateTable('reminders').set(change).where('id', '=', id).execute();
}

/** Deletes those of `ids` that never went out. */
export async function deleteUnsentReminders(db: Kysely<Database>, ids: number[]): Promise<void> {
  await db.deleteFrom('reminders').where('id', 'in', ids).where('state', 'in', ['pending', 'snoozed']).execute();
}

/** These rows' date passed before they went out: missed, with the reason in words. */
export async function markRemindersMissed(db: Kysely<Database>, ids: number[], reason: string, nowIso: string): Promise<void> {
  await db.updateTable('reminders').set({ state: 'missed', next_attempt_at: null, last_error: reason, updated_at: nowIso }).where('id', 'in', ids).execute();
}

/** Inserts planned occurrences; one already planned (same subscription, recipient, kind, date, lead) is left as it is. Returns how many were new. */
export async function insertReminders(db: Kysely<Database>, rows: NewReminderRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('reminders')
    .values(rows)
    .onConflict((oc) => oc.columns(['expense_id', 'user_id', 'kind', 'target_date', 'lead_days']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

/**
 * Takes back the alerts of the payment of this renewal that have not gone out: pending, snoozed, or dismissed before they went (which
 * restore would otherwise send). One being sent right now goes out; its delivery reads the payment again first.
 */
export async function cancelPriceAlerts(db: Kysely<Database>, payment: { expense_id: number; renewal_date: string }): Promise<number> {
  const result = await db
    .deleteFrom('reminders')
    .where('expense_id', '=', payment.expense_id)
    .where('kind', '=', 'price_change')
    .where('target_date', '=', payment.renewal_date)
    .where((eb) => eb.or([eb('state', 'in', ['pending', 'snoozed']), eb.and([eb('state', '=', 'dismissed'), eb('dismissed_from', 'in', ['pending', 'snoozed'])])]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The pending reminders one member would receive in a workspace (they left it): deleted before a replan. */
export async function deletePendingRemindersOf(db: Kysely<Database>, workspaceId: number, userId: number): Promise<void> {
  await db.deleteFrom('reminders').where('user_id', '=', userId).where('workspace_id', '=', workspaceId).where('state', 'in', ['pending', 'snoozed']).execute();
}

export async function deleteRemindersOfWorkspace(db: Kysely<Database>, workspaceId: number): Promise<void> {
  await db.deleteFrom('reminders').where('workspace_id', '=', workspaceId).execute();
}

export async function deleteRemindersOfUser(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('reminders').where('user_id', '=', userId).execute();
}

/** Every reminder row (history included) of these subscriptions follows them into another workspace. */
export async function moveRemindersToWorkspace(db: Kysely<Database>, expenseIds: readonly number[], workspaceId: number): Promise<void> {
  // In slices: a bound parameter per id, and SQLite caps them per statement.
  for (let i = 0; i < expenseIds.length; i += 500) {
    await db.updateTable('reminders').set({ workspace_id: workspaceId }).where('expense_id', 'in', expenseIds.slice(i, i + 500)).execute();
  }
}

/** Reminders of a workspace's live subscriptions that never went out (pending, snoozed). */
export async function countOpenRemindersOfLive(db: Kysely<Database>, workspaceId: number): Promise<number> {
  const row = await db
    .selectFrom('reminders')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('state', 'in', ['pending', 'snoozed'])
    .where('expense_id', 'in', (eb) => eb.selectFrom('expenses').select('id').where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { ALERT_PAYMENT_COLUMNS, type ReminderWithExpense } from './reminders';

// The reminders feed (a device's notifications): one member's sent reminders, in the order they went out.

/** A position in the feed: after the row sent at `sentAt` with id `id` (id 0: before every row sent at that instant). */
export interface FeedPosition {
  sentAt: string;
  id: number;
}

export type FeedRow = ReminderWithExpense & { workspace_name: string };

/**
 * The member's sent reminders after `after` and sent before `before`, oldest first: only of live subscriptions,
 * in workspaces they still belong to (and, with `skipTwoFactorWorkspaces`, not in those requiring two-factor).
 */
export function feedRows(
  db: Kysely<Database>,
  userId: number,
  window: { after: FeedPosition; before: string; skipTwoFactorWorkspaces: boolean },
  limit: number,
): Promise<FeedRow[]> {
  let query = db
    .selectFrom('reminders')
    .innerJoin('expenses', 'expenses.id', 'reminders.expense_id')
    .innerJoin('workspace_members as m', (join) => join.onRef('m.workspace_id', '=', 'reminders.workspace_id').onRef('m.user_id', '=', 'reminders.user_id'))
    .innerJoin('workspaces as w', 'w.id', 'reminders.workspace_id')
    .leftJoin('payments as pay', (join) => join.onRef('pay.expense_id', '=', 'reminders.expense_id').onRef('pay.renewal_date', '=', 'reminders.target_date').on('reminders.kind', '=', 'price_change'))
    .selectAll('reminders')
    .select(['expenses.name as expense_name', 'expenses.amount_minor', 'expenses.currency', 'w.name as workspace_name', ...ALERT_PAYMENT_COLUMNS])
    .where('reminders.user_id', '=', userId)
    .where('reminders.state', '=', 'sent')
    .where('expenses.deleted_at', 'is', null)
    .where('reminders.sent_at', '<', window.before)
    // ISO-8601 UTC text of one length: text order is time order on both dialects.
    .where((eb) =>
      eb.or([
        eb('reminders.sent_at', '>', window.after.sentAt),
        eb.and([eb('reminders.sent_at', '=', window.after.sentAt), eb('reminders.id', '>', window.after.id)]),
      ]),
    );
  if (window.skipTwoFactorWorkspaces) query = query.where('w.require_two_factor', '=', 0);
  return query.orderBy('reminders.sent_at').orderBy('reminders.id').limit(limit).execute();
}

/** The earliest claim of the member's reminders being sent right now: a row settled later is sent at or after it. */
export async function earliestOpenClaim(db: Kysely<Database>, userId: number): Promise<string | null> {
  const row = await db
    .selectFrom('reminders')
    .select((eb) => eb.fn.min('claimed_at').as('claimed_at'))
    .where('user_id', '=', userId)
    .where('state', '=', 'sending')
    .executeTakeFirst();
  return row?.claimed_at ?? null;
}

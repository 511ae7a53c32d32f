import type { Kysely } from 'kysely';
import { addDays } from '../../../common/domain/calendar-date';
import type { Database } from '../schema';

// What renewal reviews read of the expenses table (the sweep's part, main/services/review-sweep.ts).

/** What deciding whether a passed renewal was reviewed needs of these subscriptions of one workspace. */
export function expensesForReviewLog(db: Kysely<Database>, workspaceId: number, ids: readonly number[]) {
  return db
    .selectFrom('expenses')
    .select(['id', 'user_id', 'renewal_date', 'amount_minor', 'currency', 'cycle_unit', 'cycle_every', 'notice_period_days', 'reminder_days', 'seats'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', [...ids])
    .execute();
}

/** Whether a subscription is still there and runs, before a decided change is applied to it. */
export function expenseStateOf(db: Kysely<Database>, workspaceId: number, id: number) {
  return db.selectFrom('expenses').select(['id', 'status', 'auto_renew', 'deleted_at', 'currency', 'amount_minor', 'seats', 'cycle_unit', 'cycle_every']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/**
 * Notice periods up to each bound, and how far ahead a renewal with such a notice may lie for its review to be
 * open (bound + the week before the last day, + 1 for "the day before" without a notice).
 */
const NOTICE_WINDOWS = [7, 30, 90, 365] as const;
const REVIEW_WEEK = 8;

/**
 * The workspace's running plans whose review may be open on `today`, with what deciding that needs: a renewal no
 * further ahead than its notice period and a week (by buckets of notice periods; the service checks each exactly),
 * and every row whose renewal passed before the sweep reached it (its current cycle is later).
 */
export function expensesUpForReview(db: Kysely<Database>, workspaceId: number, today: string) {
  return db
    .selectFrom('expenses')
    .select(['id', 'user_id', 'name', 'amount_minor', 'currency', 'cycle_unit', 'cycle_every', 'anchor_day', 'renewal_date', 'status', 'trial_ends_on', 'auto_renew', 'notice_period_days', 'reminder_days', 'reminder_sent', 'cancelled_at', 'deleted_at', 'seats', 'seat_price_minor', 'url'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where('auto_renew', '=', 1)
    .where('status', 'in', ['active', 'trial'])
    .where((eb) =>
      eb.or([
        eb('renewal_date', '<', today),
        // Under a contract the review is of its end, which may lie beyond the next renewal (issue 13).
        eb('id', 'in', eb.selectFrom('contracts').select('expense_id').where('ended_on', 'is', null).where('end_date', '<=', addDays(today, NOTICE_WINDOWS.at(-1)! + REVIEW_WEEK))),
        ...NOTICE_WINDOWS.map((bound, i) =>
          eb.and([
            i === 0 ? eb.or([eb('notice_period_days', 'is', null), eb('notice_period_days', '<=', bound)]) : eb.and([eb('notice_period_days', '>', NOTICE_WINDOWS[i - 1]!), eb('notice_period_days', '<=', bound)]),
            eb('renewal_date', '<=', addDays(today, bound + REVIEW_WEEK)),
          ]),
        ),
      ]),
    )
    .execute();
}

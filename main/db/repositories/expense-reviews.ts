import type { Kysely } from 'kysely';
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
  return db.selectFrom('expenses').select(['id', 'status', 'auto_renew', 'deleted_at']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

import { sql, type Kysely } from 'kysely';
import { integerType, numberedKey } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely's builders, never app code.
// Renewal reviews (issue 13). A review is not stored while it is open: it is the renewal of a subscription that
// matters, from its opening day on. What is stored is its log, one row per entry: a decision (keep, downgrade,
// cancel, negotiate), a reopen, or the app noting a renewal nobody decided in time. The latest entry of a
// subscription's renewal says where its review stands. A downgrade or cancellation takes effect on the renewal
// date (effective_on), when the sweep applies it (applied_at). review_settings holds a workspace's threshold.

const ACTIONS = ['keep', 'downgrade', 'cancel', 'negotiate', 'reopen', 'renewed_without_review'];

export async function up(db: Kysely<unknown>): Promise<void> {
  const int = integerType(db);
  await db.schema
    .createTable('review_decisions')
    .addColumn('id', int, numberedKey(db))
    .addColumn('workspace_id', int, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('expense_id', int, (c) => c.notNull().references('expenses.id').onDelete('cascade'))
    // The renewal reviewed, and its last day to cancel.
    .addColumn('renewal_date', 'text', (c) => c.notNull())
    .addColumn('last_day', 'text', (c) => c.notNull())
    // Who decided; null for the app's own entries, or once the account is gone.
    .addColumn('user_id', int, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in (${sql.join(ACTIONS.map((a) => sql.lit(a)))})`))
    .addColumn('note', 'text')
    .addColumn('follow_up_on', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_before_minor', int, (c) => c.notNull())
    .addColumn('amount_after_minor', int, (c) => c.notNull())
    .addColumn('seats_before', int)
    .addColumn('seats_after', int)
    .addColumn('seat_price_after_minor', int)
    // Minor units of `currency` over the 12 months from the decision.
    .addColumn('saving_minor', int, (c) => c.notNull().defaultTo(0))
    .addColumn('effective_on', 'text')
    .addColumn('applied_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_decisions_cycle').on('review_decisions').columns(['expense_id', 'renewal_date', 'id']).execute();
  await db.schema.createIndex('review_decisions_workspace').on('review_decisions').columns(['workspace_id', 'created_at']).execute();
  // The sweep's probe: changes still to apply.
  await db.schema
    .createIndex('review_decisions_pending')
    .on('review_decisions')
    .column('effective_on')
    .where(sql.ref('applied_at'), 'is', null)
    .execute();
  await db.schema
    .createTable('review_settings')
    .addColumn('workspace_id', int, (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    // Minor units of the base currency; null: the default (100 in the base currency).
    .addColumn('threshold_minor', int, (c) => c.check(sql`threshold_minor >= 0`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('review_settings').execute();
  await db.schema.dropTable('review_decisions').execute();
}

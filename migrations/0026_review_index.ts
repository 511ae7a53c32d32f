import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has landed. Uses only Kysely's builders, never app code.
// The dashboard's "renewals to review" counts the running plans renewing in the next weeks by notice period, lead
// days, renewal date, currency and cycle (issue 15). expenses_live_due found them by (workspace, auto-renew, status,
// renewal date) and then read every row from the table (at 100k subscriptions ~70k lookups for one count); the same
// index with those columns after its own covers the count, and its leading columns, and so every seek on it, stay.

const BEFORE = ['workspace_id', 'auto_renew', 'status', 'renewal_date', 'deleted_at'];
const AFTER = [...BEFORE, 'notice_period_days', 'currency', 'cycle_unit', 'cycle_every', 'amount_minor', 'reminder_days'];

async function replace(db: Kysely<unknown>, columns: string[]): Promise<void> {
  await db.schema.dropIndex('expenses_live_due').execute();
  await db.schema.createIndex('expenses_live_due').on('expenses').columns(columns).where(sql.ref('deleted_at'), 'is', null).execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await replace(db, AFTER);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await replace(db, BEFORE);
}

import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has landed. Uses only Kysely's builders, never app code.
// The dashboard sums every charge in the next 30 days by currency and cycle. With only
// (user_id, renewal_date, status) indexed it read the whole account's forecast index instead; this
// index covers that range read, and replaces expenses_live_renewal (its leading columns are the same,
// so the upcoming list and the renewal-date order keep their seek).

const LIVE_UPCOMING = ['user_id', 'renewal_date', 'status', 'currency', 'cycle_unit', 'cycle_every', 'auto_renew', 'anchor_day', 'amount_minor', 'deleted_at'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('expenses_live_upcoming').on('expenses').columns(LIVE_UPCOMING).where(sql.ref('deleted_at'), 'is', null).execute();
  await db.schema.dropIndex('expenses_live_renewal').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('expenses_live_renewal')
    .on('expenses')
    .columns(['user_id', 'renewal_date', 'status', 'deleted_at'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema.dropIndex('expenses_live_upcoming').execute();
}

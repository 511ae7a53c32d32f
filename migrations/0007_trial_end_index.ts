import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has landed. Uses only Kysely's builders, never app code.
// A trial ends when its trial_ends_on passes; every read looks for such trials first, so they are
// found by index (live trials with an end date only) instead of reading every trial row.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('expenses_live_trial_end')
    .on('expenses')
    .columns(['user_id', 'status', 'trial_ends_on'])
    .where(sql.ref('deleted_at'), 'is', null)
    .where(sql.ref('trial_ends_on'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('expenses_live_trial_end').execute();
}

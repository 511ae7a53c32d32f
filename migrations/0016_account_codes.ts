import type { Kysely } from 'kysely';

// Frozen: never edit after it has landed. Uses only Kysely's builders, never app code.
// An accounting account code per category (issue 11, accounting export): the code a bill line is booked to
// in Xero or QuickBooks. Nullable, so every existing category keeps meaning what it meant (no code: an
// empty cell in the export). The 30-character limit is the contract's, not the column's.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('categories').addColumn('account_code', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('categories').dropColumn('account_code').execute();
}

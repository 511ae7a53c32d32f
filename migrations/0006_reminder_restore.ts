import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has landed. Uses only Kysely, never app code.
// A dismissed reminder remembers what it was, so Undo and Restore put it back exactly; a failed
// attempt keeps what its error means in words beside the server's exact reply.

const RESTORABLE = ['pending', 'snoozed', 'sent', 'failed', 'missed'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('reminders')
    .addColumn('dismissed_from', 'text', (c) => c.check(sql`dismissed_from in (${sql.join(RESTORABLE.map((s) => sql.lit(s)))})`))
    .execute();
  await db.schema.alterTable('reminders').addColumn('last_error_summary', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('reminders').dropColumn('last_error_summary').execute();
  await db.schema.alterTable('reminders').dropColumn('dismissed_from').execute();
}

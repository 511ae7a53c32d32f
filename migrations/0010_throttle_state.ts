import type { Kysely } from 'kysely';

// Frozen: never edit after it has landed. Uses only Kysely's builders, never app code.
// Sign-in and registration throttle counts, one row per key ("login:account:42", "login:client:192.0.2.1"),
// so every process sharing the database counts the same attempts. Plain DDL for SQLite and PostgreSQL
// alike: a text key, integer counters, ISO-8601 text instants (UTC, always 24 characters).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('throttle_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    // Null: not blocked. Otherwise no attempt passes before this instant.
    .addColumn('blocked_until', 'text')
    // The row may be forgotten after this instant.
    .addColumn('expires_at', 'text', (c) => c.notNull())
    // Bumped on every change: a write applies only to the version it read (compare-and-set, no lock).
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('throttle_state_expires').on('throttle_state').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('throttle_state_expires').execute();
  await db.schema.dropTable('throttle_state').execute();
}

import { sql, type Kysely } from 'kysely';
import { integerType, numberedKey } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely, never app code.
// One row per reminder occurrence; the scheduler keeps no state of its own beyond this table.

const STATES = ['pending', 'sending', 'sent', 'failed', 'missed', 'snoozed', 'dismissed'];
const ARMED_STATES = ['pending', 'snoozed', 'sending'];

export async function up(db: Kysely<unknown>): Promise<void> {
  const int = integerType(db);
  await db.schema
    .createTable('reminders')
    .addColumn('id', int, numberedKey(db))
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('expense_id', int, (c) => c.notNull().references('expenses.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('renewal', 'notice', 'trial')`))
    .addColumn('target_date', 'text', (c) => c.notNull())
    .addColumn('lead_days', int, (c) => c.notNull().check(sql`lead_days between 0 and 365`))
    // The planned instant (account's reminder time, zone-aware).
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state in (${sql.join(STATES.map((s) => sql.lit(s)))})`))
    // When the scheduler must look at this row next: due_at, a retry, a snooze, a pause, or a send timeout.
    .addColumn('next_attempt_at', 'text')
    .addColumn('attempts', int, (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_at', 'text')
    .addColumn('last_error', 'text')
    // Fixed at the first claim, so a resend after a crash carries the same Message-ID.
    .addColumn('message_id', 'text')
    .addColumn('notification', 'text', (c) => c.check(sql`notification in ('shown', 'unavailable')`))
    .addColumn('notified_at', 'text')
    .addColumn('email', 'text', (c) => c.check(sql`email in ('sent', 'retrying', 'failed', 'not_configured', 'no_address')`))
    .addColumn('email_to', 'text')
    .addColumn('emailed_at', 'text')
    .addColumn('snoozed_until', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reminders_occurrence', ['expense_id', 'kind', 'target_date', 'lead_days'])
    .execute();
  // Arming the one job reads the first entry of this index: the earliest row that still needs work.
  await db.schema
    .createIndex('reminders_armed_next')
    .on('reminders')
    .column('next_attempt_at')
    .where(sql.ref('state'), 'in', ARMED_STATES.map((s) => sql.lit(s)))
    .execute();
  await db.schema.createIndex('reminders_user_due').on('reminders').columns(['user_id', 'due_at']).execute();
  await db.schema.createIndex('reminders_user_state_due').on('reminders').columns(['user_id', 'state', 'due_at']).execute();

  // SMTP settings per account; the password lives in the OS keychain, never here.
  await db.schema.alterTable('settings').addColumn('smtp_host', 'text').execute();
  await db.schema.alterTable('settings').addColumn('smtp_port', int).execute();
  await db.schema
    .alterTable('settings')
    .addColumn('smtp_security', 'text', (c) => c.check(sql`smtp_security in ('none', 'starttls', 'tls')`))
    .execute();
  await db.schema.alterTable('settings').addColumn('smtp_username', 'text').execute();
  await db.schema.alterTable('settings').addColumn('smtp_from', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['smtp_from', 'smtp_username', 'smtp_security', 'smtp_port', 'smtp_host']) {
    await db.schema.alterTable('settings').dropColumn(column).execute();
  }
  await db.schema.dropTable('reminders').execute();
}

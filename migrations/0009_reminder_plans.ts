import { sql, type Kysely } from 'kysely';
import { integerType } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely's builders, never app code.
// What an account's pending reminders were planned for: the time zone they were planned in (an
// account that follows the OS zone is replanned when that zone changes), and a replan under way,
// resumable after a restart (the subscriptions up to `replan_after` are done). Two indexes: an
// account's due rows, for a claim that takes one account's reminders together (digests), and the
// rows that went out in one message.

const ARMED_STATES = ['pending', 'snoozed', 'sending'];

export async function up(db: Kysely<unknown>): Promise<void> {
  const int = integerType(db);
  await db.schema
    .createTable('reminder_plans')
    .addColumn('user_id', int, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    // The zone the pending reminders were last planned in.
    .addColumn('time_zone', 'text', (c) => c.notNull())
    // Null: no replan under way. Otherwise the highest subscription id already replanned.
    .addColumn('replan_after', int)
    .addColumn('replan_reason', 'text', (c) => c.check(sql`replan_reason in ('settings', 'time zone')`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reminders_user_armed_next')
    .on('reminders')
    .columns(['user_id', 'next_attempt_at'])
    .where(sql.ref('state'), 'in', ARMED_STATES.map((s) => sql.lit(s)))
    .execute();
  await db.schema.createIndex('reminders_message').on('reminders').column('message_id').where(sql.ref('message_id'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('reminders_message').execute();
  await db.schema.dropIndex('reminders_user_armed_next').execute();
  await db.schema.dropTable('reminder_plans').execute();
}

import { sql, type Kysely } from 'kysely';
import { integerType, isPostgres, numberedKey } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely, never app code.
// A price-change alert (issue 13): a payment whose actual amount is more than 2 % off its expected one tells the
// subscription's recipients once, through the reminder pipeline: reminders.kind gains 'price_change' (its target
// date is the renewal paid, so the occurrence key holds one alert per payment and recipient). PostgreSQL swaps the
// column's check constraint; SQLite cannot alter a CHECK, so the table is rebuilt exactly as 0020 left it (columns
// in their order, the occurrence key, the foreign keys, every index, ids and the autoincrement counter).

const STATES = ['pending', 'sending', 'sent', 'failed', 'missed', 'snoozed', 'dismissed'];
const RESTORABLE = ['pending', 'snoozed', 'sent', 'failed', 'missed'];
const ARMED_STATES = ['pending', 'snoozed', 'sending'];
const BEFORE = ['renewal', 'notice', 'trial', 'follow_up'];
const AFTER = [...BEFORE, 'price_change'];
const list = (values: string[]) => sql.join(values.map((v) => sql.lit(v)));

const COPY = sql.raw(
  'id, user_id, expense_id, kind, target_date, lead_days, due_at, state, next_attempt_at, attempts, claimed_at, last_error, message_id, notification, notified_at, email, email_to, emailed_at, snoozed_until, sent_at, created_at, updated_at, dismissed_from, last_error_summary, workspace_id',
);

async function rebuildSqlite(db: Kysely<unknown>, kinds: string[]): Promise<void> {
  const int = integerType(db);
  const seq = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'reminders'`.execute(db);
  await db.schema
    .createTable('reminders_rebuilt')
    .addColumn('id', int, numberedKey(db))
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('expense_id', int, (c) => c.notNull().references('expenses.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in (${list(kinds)})`))
    .addColumn('target_date', 'text', (c) => c.notNull())
    .addColumn('lead_days', int, (c) => c.notNull().check(sql`lead_days between 0 and 365`))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state in (${list(STATES)})`))
    .addColumn('next_attempt_at', 'text')
    .addColumn('attempts', int, (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_at', 'text')
    .addColumn('last_error', 'text')
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
    .addColumn('dismissed_from', 'text', (c) => c.check(sql`dismissed_from in (${list(RESTORABLE)})`))
    .addColumn('last_error_summary', 'text')
    .addColumn('workspace_id', int, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addUniqueConstraint('reminders_occurrence', ['expense_id', 'user_id', 'kind', 'target_date', 'lead_days'])
    .execute();
  await sql`insert into reminders_rebuilt (${COPY}) select ${COPY} from reminders`.execute(db);
  await db.schema.dropTable('reminders').execute();
  await db.schema.alterTable('reminders_rebuilt').renameTo('reminders').execute();
  const before = seq.rows[0]?.seq;
  if (before !== undefined) await sql`update sqlite_sequence set seq = ${before} where name = 'reminders' and seq < ${before}`.execute(db);
  const armed = ARMED_STATES.map((s) => sql.lit(s));
  await db.schema.createIndex('reminders_armed_next').on('reminders').column('next_attempt_at').where(sql.ref('state'), 'in', armed).execute();
  await db.schema.createIndex('reminders_user_due').on('reminders').columns(['user_id', 'due_at']).execute();
  await db.schema.createIndex('reminders_user_state_due').on('reminders').columns(['user_id', 'state', 'due_at']).execute();
  await db.schema.createIndex('reminders_user_armed_next').on('reminders').columns(['user_id', 'next_attempt_at']).where(sql.ref('state'), 'in', armed).execute();
  await db.schema.createIndex('reminders_message').on('reminders').column('message_id').where(sql.ref('message_id'), 'is not', null).execute();
}

async function allowKinds(db: Kysely<unknown>, kinds: string[]): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table reminders drop constraint reminders_kind_check`.execute(db);
    await sql`alter table reminders add constraint reminders_kind_check check (kind in (${list(kinds)}))`.execute(db);
  } else {
    await rebuildSqlite(db, kinds);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await allowKinds(db, AFTER);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // An alert has no place in the older table: its rows go (the payment itself, with its actual amount, stays).
  await sql`delete from reminders where kind = 'price_change'`.execute(db);
  await allowKinds(db, BEFORE);
}

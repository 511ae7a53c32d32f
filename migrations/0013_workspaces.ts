import { sql, type Generated, type Kysely } from 'kysely';
import { integerType, isPostgres, numberedKey } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely, never app code.
// Team mode (docs/design/team-mode.md): subscriptions, categories, rates, settings and reminders belong to a
// workspace; accounts are its members with a role. The data move gives every account a personal workspace
// it owns and points every row at it; nothing is lost (the member's own locale and zone move to
// member_settings, settings and rates are keyed by workspace instead of account).
//
// SQLite cannot add a NOT NULL column or drop a column used in a foreign key without rebuilding the table,
// and rebuilding expenses would cascade through every table that references it: there the new
// workspace_id columns of expenses, categories and sessions are plain nullable integers, set by the
// repositories on every insert (PostgreSQL makes them NOT NULL with a foreign key).

const ROLES = sql`role in ('owner', 'admin', 'member', 'viewer')`;
const REMINDER_STATES = ['pending', 'sending', 'sent', 'failed', 'missed', 'snoozed', 'dismissed'];
const RESTORABLE = ['pending', 'snoozed', 'sent', 'failed', 'missed'];
const ARMED_STATES = ['pending', 'snoozed', 'sending'];
const list = (values: string[]) => sql.join(values.map((v) => sql.lit(v)));

// 0003's forecast key, repeated exactly so SQLite can use the index for the dashboard's grouping.
const FORECAST_KEY = sql`(case when cycle_unit in ('month', 'year') then substr(renewal_date, 1, 7) else renewal_date end)`;

/** The expense indexes of 0003, 0007 and 0008, led by the account; after this migration by the workspace. */
function expenseIndexes(db: Kysely<unknown>, scope: 'user_id' | 'workspace_id') {
  const s = sql.ref(scope);
  const nameKey = isPostgres(db) ? sql`lower(name)` : sql`name collate nocase`;
  const live = sql`where deleted_at is null`;
  return [
    sql`create index expenses_live_due on expenses (${s}, auto_renew, status, renewal_date, deleted_at) ${live}`,
    sql`create index expenses_live_created on expenses (${s}, created_at) ${live}`,
    sql`create index expenses_live_name on expenses (${s}, ${nameKey}, deleted_at) ${live}`,
    sql`create index expenses_live_category_name on expenses (${s}, category_id, ${nameKey}, deleted_at) ${live}`,
    sql`create index expenses_live_status_renewal on expenses (${s}, status, renewal_date, deleted_at) ${live}`,
    sql`create index expenses_live_totals on expenses (${s}, status, category_id, currency, cycle_unit, cycle_every, amount_minor, deleted_at) ${live}`,
    sql`create index expenses_live_forecast on expenses (${s}, status, auto_renew, currency, cycle_unit, cycle_every, ${FORECAST_KEY}, amount_minor, renewal_date, deleted_at) ${live}`,
    sql`create index expenses_deleted on expenses (${s}, deleted_at) where deleted_at is not null`,
    sql`create index expenses_live_trial_end on expenses (${s}, status, trial_ends_on) where deleted_at is null and trial_ends_on is not null`,
    sql`create index expenses_live_upcoming on expenses (${s}, renewal_date, status, currency, cycle_unit, cycle_every, auto_renew, anchor_day, amount_minor, deleted_at) ${live}`,
  ];
}
const EXPENSE_INDEX_NAMES = [
  'expenses_live_due',
  'expenses_live_created',
  'expenses_live_name',
  'expenses_live_category_name',
  'expenses_live_status_renewal',
  'expenses_live_totals',
  'expenses_live_forecast',
  'expenses_deleted',
  'expenses_live_trial_end',
  'expenses_live_upcoming',
];

async function replaceExpenseIndexes(db: Kysely<unknown>, scope: 'user_id' | 'workspace_id'): Promise<void> {
  for (const name of EXPENSE_INDEX_NAMES) await db.schema.dropIndex(name).execute();
  for (const statement of expenseIndexes(db, scope)) await statement.execute(db);
}

/** A workspace_id column on an existing table: NOT NULL with a foreign key on PostgreSQL (see the top). */
async function addWorkspaceColumn(db: Kysely<unknown>, table: string, onDelete: 'cascade' | 'set null'): Promise<void> {
  const int = integerType(db);
  if (isPostgres(db)) await db.schema.alterTable(table).addColumn('workspace_id', int, (c) => c.references('workspaces.id').onDelete(onDelete)).execute();
  else await db.schema.alterTable(table).addColumn('workspace_id', int).execute();
}

function reminderColumns(db: Kysely<unknown>, table: string) {
  const int = integerType(db);
  return db.schema
    .createTable(table)
    .addColumn('id', int, numberedKey(db))
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('expense_id', int, (c) => c.notNull().references('expenses.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('renewal', 'notice', 'trial')`))
    .addColumn('target_date', 'text', (c) => c.notNull())
    .addColumn('lead_days', int, (c) => c.notNull().check(sql`lead_days between 0 and 365`))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state in (${list(REMINDER_STATES)})`))
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
    .addColumn('last_error_summary', 'text');
}

const REMINDER_COPY = sql.raw(
  'id, user_id, expense_id, kind, target_date, lead_days, due_at, state, next_attempt_at, attempts, claimed_at, last_error, message_id, notification, notified_at, email, email_to, emailed_at, snoozed_until, sent_at, created_at, updated_at, dismissed_from, last_error_summary',
);

async function createReminderIndexes(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('reminders_armed_next').on('reminders').column('next_attempt_at').where(sql.ref('state'), 'in', ARMED_STATES.map((s) => sql.lit(s))).execute();
  await db.schema.createIndex('reminders_user_due').on('reminders').columns(['user_id', 'due_at']).execute();
  await db.schema.createIndex('reminders_user_state_due').on('reminders').columns(['user_id', 'state', 'due_at']).execute();
  await db.schema.createIndex('reminders_user_armed_next').on('reminders').columns(['user_id', 'next_attempt_at']).where(sql.ref('state'), 'in', ARMED_STATES.map((s) => sql.lit(s))).execute();
  await db.schema.createIndex('reminders_message').on('reminders').column('message_id').where(sql.ref('message_id'), 'is not', null).execute();
}

/** SQLite: reminders rebuilt so the occurrence key can gain the recipient; ids and the autoincrement counter kept. */
async function rebuildSqliteReminders(db: Kysely<unknown>, withWorkspace: boolean): Promise<void> {
  const int = integerType(db);
  const seq = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'reminders'`.execute(db);
  let table = reminderColumns(db, 'reminders_rebuilt');
  if (withWorkspace) {
    table = table
      .addColumn('workspace_id', int, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
      .addUniqueConstraint('reminders_occurrence', ['expense_id', 'user_id', 'kind', 'target_date', 'lead_days']);
  } else {
    table = table.addUniqueConstraint('reminders_occurrence', ['expense_id', 'kind', 'target_date', 'lead_days']);
  }
  await table.execute();
  if (withWorkspace) {
    await sql`insert into reminders_rebuilt (${REMINDER_COPY}, workspace_id)
      select ${REMINDER_COPY}, (select e.workspace_id from expenses e where e.id = reminders.expense_id) from reminders`.execute(db);
  } else {
    await sql`insert into reminders_rebuilt (${REMINDER_COPY}) select ${REMINDER_COPY} from reminders`.execute(db);
  }
  await db.schema.dropTable('reminders').execute();
  await db.schema.alterTable('reminders_rebuilt').renameTo('reminders').execute();
  const before = seq.rows[0]?.seq;
  if (before !== undefined) await sql`update sqlite_sequence set seq = ${before} where name = 'reminders' and seq < ${before}`.execute(db);
  await createReminderIndexes(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const int = integerType(db);
  const pg = isPostgres(db);

  await db.schema
    .createTable('workspaces')
    .addColumn('id', int, numberedKey(db))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('personal', 'company')`))
    // Kept for the owner's "members must use two-factor sign-in" switch (a later migration's feature).
    .addColumn('require_two_factor', int, (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('workspace_members')
    .addColumn('workspace_id', int, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(ROLES))
    // An admin's or owner's opt-in to a reminder for every subscription, not only those they own.
    .addColumn('remind_all', int, (c) => c.notNull().defaultTo(0))
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('workspace_members_pk', ['workspace_id', 'user_id'])
    .execute();
  await db.schema.createIndex('workspace_members_user').on('workspace_members').column('user_id').execute();
  await db.schema
    .createTable('invitations')
    // Public and random: the link names it, and the secret beside it is checked against token_hash.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('workspace_id', int, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(ROLES))
    .addColumn('created_by', int, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by', int, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('invitations_workspace').on('invitations').columns(['workspace_id', 'created_at']).execute();
  // The member's own choices, whatever workspace they are in: reminder times are computed in this zone.
  await db.schema
    .createTable('member_settings')
    .addColumn('user_id', int, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('locale', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The data move: one personal workspace per account, named after its company (else its username), owned by it.
  const now = new Date().toISOString();
  const typed = db as Kysely<MoveTables>;
  const users = await typed.selectFrom('users').select(['id', 'username', 'company_name', 'created_at']).orderBy('id').execute();
  for (const user of users) {
    const name = user.company_name?.trim() ? user.company_name.trim() : user.username;
    const { id } = await typed
      .insertInto('workspaces')
      .values({ name, kind: 'personal', require_two_factor: 0, created_at: user.created_at, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await typed.insertInto('workspace_members').values({ workspace_id: id, user_id: user.id, role: 'owner', remind_all: 0, joined_at: user.created_at }).execute();
  }
  const personal = (column: string) => sql`(select m.workspace_id from workspace_members m where m.user_id = ${sql.ref(column)})`;
  await sql`insert into member_settings (user_id, locale, time_zone, updated_at)
    select u.id, s.locale, s.time_zone, coalesce(s.updated_at, ${now}) from users u left join settings s on s.user_id = u.id`.execute(db);

  for (const table of ['expenses', 'categories'] as const) {
    await addWorkspaceColumn(db, table, 'cascade');
    await sql`update ${sql.table(table)} set workspace_id = ${personal(`${table}.user_id`)}`.execute(db);
    if (pg) await sql`alter table ${sql.table(table)} alter column workspace_id set not null`.execute(db);
  }
  await addWorkspaceColumn(db, 'sessions', 'set null');
  await sql`update sessions set workspace_id = ${personal('sessions.user_id')}`.execute(db);

  // Settings and rates are keyed by workspace: rebuilt (nothing references them), the old key mapped to the new.
  await db.schema
    .createTable('settings_rebuilt')
    .addColumn('workspace_id', int, (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('base_currency', 'text', (c) => c.notNull().defaultTo('USD'))
    .addColumn('reminder_days_default', 'text', (c) => c.notNull().defaultTo('[7]'))
    .addColumn('reminder_time', 'text', (c) => c.notNull().defaultTo('09:00'))
    .addColumn('reminders_paused_until', 'text')
    .addColumn('smtp_host', 'text')
    .addColumn('smtp_port', int)
    .addColumn('smtp_security', 'text', (c) => c.check(sql`smtp_security in ('none', 'starttls', 'tls')`))
    .addColumn('smtp_username', 'text')
    .addColumn('smtp_from', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into settings_rebuilt (workspace_id, base_currency, reminder_days_default, reminder_time, reminders_paused_until, smtp_host, smtp_port, smtp_security, smtp_username, smtp_from, updated_at)
    select ${personal('settings.user_id')}, base_currency, reminder_days_default, reminder_time, reminders_paused_until, smtp_host, smtp_port, smtp_security, smtp_username, smtp_from, updated_at from settings`.execute(db);
  await db.schema.dropTable('settings').execute();
  await db.schema.alterTable('settings_rebuilt').renameTo('settings').execute();

  await db.schema
    .createTable('exchange_rates_rebuilt')
    .addColumn('workspace_id', int, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_rates_workspace_pk', ['workspace_id', 'currency'])
    .execute();
  await sql`insert into exchange_rates_rebuilt (workspace_id, currency, rate, updated_at)
    select ${personal('exchange_rates.user_id')}, currency, rate, updated_at from exchange_rates`.execute(db);
  await db.schema.dropTable('exchange_rates').execute();
  await db.schema.alterTable('exchange_rates_rebuilt').renameTo('exchange_rates').execute();

  // Reminders: user_id becomes the recipient, so the occurrence key gains it (one row per recipient).
  if (pg) {
    await addWorkspaceColumn(db, 'reminders', 'cascade');
    await sql`update reminders set workspace_id = (select e.workspace_id from expenses e where e.id = reminders.expense_id)`.execute(db);
    await sql`alter table reminders alter column workspace_id set not null`.execute(db);
    await sql`alter table reminders drop constraint reminders_occurrence`.execute(db);
    await sql`alter table reminders add constraint reminders_occurrence unique (expense_id, user_id, kind, target_date, lead_days)`.execute(db);
  } else {
    await rebuildSqliteReminders(db, true);
  }

  // Isolation is by workspace: the indexes every list, total and sweep reads are led by it.
  await replaceExpenseIndexes(db, 'workspace_id');
  // A member's own subscriptions (handed to the owner when they leave; their account deleted).
  await db.schema.createIndex('expenses_owner').on('expenses').columns(['user_id', 'workspace_id']).execute();
  await db.schema.dropIndex('categories_user_name').execute();
  // One name per workspace, whatever the letter case.
  if (pg) await sql`create unique index categories_workspace_name on categories (workspace_id, lower(name))`.execute(db);
  else await sql`create unique index categories_workspace_name on categories (workspace_id, name collate nocase)`.execute(db);
}

interface MoveTables {
  users: { id: number; username: string; company_name: string | null; created_at: string };
  workspaces: { id: Generated<number>; name: string; kind: string; require_two_factor: number; created_at: string; updated_at: string };
  workspace_members: { workspace_id: number; user_id: number; role: string; remind_all: number; joined_at: string };
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const int = integerType(db);
  const pg = isPostgres(db);
  const owner = (column: string) => sql`(select m.user_id from workspace_members m join workspaces w on w.id = m.workspace_id where w.kind = 'personal' and m.workspace_id = ${sql.ref(column)})`;

  await db.schema.dropIndex('categories_workspace_name').execute();
  if (pg) await sql`create unique index categories_user_name on categories (user_id, lower(name))`.execute(db);
  else await sql`create unique index categories_user_name on categories (user_id, name collate nocase)`.execute(db);
  await db.schema.dropIndex('expenses_owner').execute();
  await replaceExpenseIndexes(db, 'user_id');

  if (pg) {
    await sql`alter table reminders drop constraint reminders_occurrence`.execute(db);
    await sql`alter table reminders add constraint reminders_occurrence unique (expense_id, kind, target_date, lead_days)`.execute(db);
    await db.schema.alterTable('reminders').dropColumn('workspace_id').execute();
  } else {
    await rebuildSqliteReminders(db, false);
  }

  await db.schema
    .createTable('exchange_rates_v10')
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_rates_pk', ['user_id', 'currency'])
    .execute();
  await sql`insert into exchange_rates_v10 (user_id, currency, rate, updated_at)
    select ${owner('exchange_rates.workspace_id')}, currency, rate, updated_at from exchange_rates where ${owner('exchange_rates.workspace_id')} is not null`.execute(db);
  await db.schema.dropTable('exchange_rates').execute();
  await db.schema.alterTable('exchange_rates_v10').renameTo('exchange_rates').execute();

  await db.schema
    .createTable('settings_v10')
    .addColumn('user_id', int, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('base_currency', 'text', (c) => c.notNull().defaultTo('USD'))
    .addColumn('locale', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('reminder_days_default', 'text', (c) => c.notNull().defaultTo('[7]'))
    .addColumn('reminder_time', 'text', (c) => c.notNull().defaultTo('09:00'))
    .addColumn('reminders_paused_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('smtp_host', 'text')
    .addColumn('smtp_port', int)
    .addColumn('smtp_security', 'text', (c) => c.check(sql`smtp_security in ('none', 'starttls', 'tls')`))
    .addColumn('smtp_username', 'text')
    .addColumn('smtp_from', 'text')
    .execute();
  await sql`insert into settings_v10 (user_id, base_currency, locale, time_zone, reminder_days_default, reminder_time, reminders_paused_until, updated_at, smtp_host, smtp_port, smtp_security, smtp_username, smtp_from)
    select o.user_id, s.base_currency, ms.locale, ms.time_zone, s.reminder_days_default, s.reminder_time, s.reminders_paused_until, s.updated_at, s.smtp_host, s.smtp_port, s.smtp_security, s.smtp_username, s.smtp_from
    from settings s join (select m.workspace_id, m.user_id from workspace_members m join workspaces w on w.id = m.workspace_id where w.kind = 'personal') o on o.workspace_id = s.workspace_id
    left join member_settings ms on ms.user_id = o.user_id`.execute(db);
  await db.schema.dropTable('settings').execute();
  await db.schema.alterTable('settings_v10').renameTo('settings').execute();

  // Droppable on SQLite too: there they carry no foreign key (see the top).
  for (const table of ['sessions', 'categories', 'expenses']) await db.schema.alterTable(table).dropColumn('workspace_id').execute();
  await db.schema.dropTable('member_settings').execute();
  await db.schema.dropTable('invitations').execute();
  await db.schema.dropTable('workspace_members').execute();
  await db.schema.dropTable('workspaces').execute();
}

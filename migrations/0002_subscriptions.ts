import { sql, type Kysely } from 'kysely';
import { integerType, isPostgres, numberedKey } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely, never app code.
// Money is integer minor units (amount_minor); dates are 'YYYY-MM-DD' text; instants ISO-8601 UTC text.

export async function up(db: Kysely<unknown>): Promise<void> {
  const int = integerType(db);
  await db.schema
    .createTable('categories')
    .addColumn('id', int, numberedKey(db))
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_default', int, (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One name per account, whatever the letter case ("design" = "Design").
  // PostgreSQL has no nocase collation: the index folds case with lower(), as its queries do.
  if (isPostgres(db)) await sql`create unique index categories_user_name on categories (user_id, lower(name))`.execute(db);
  else await sql`create unique index categories_user_name on categories (user_id, name collate nocase)`.execute(db);

  await db.schema
    .createTable('expenses')
    .addColumn('id', int, numberedKey(db))
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('category_id', int, (c) => c.notNull().references('categories.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('amount_minor', int, (c) => c.notNull().check(sql`amount_minor >= 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('cycle_unit', 'text', (c) => c.notNull().defaultTo('month').check(sql`cycle_unit in ('day', 'week', 'month', 'year')`))
    .addColumn('cycle_every', int, (c) => c.notNull().defaultTo(1).check(sql`cycle_every between 1 and 1000`))
    .addColumn('anchor_day', int, (c) => c.notNull().check(sql`anchor_day between 1 and 31`))
    .addColumn('renewal_date', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'trial', 'paused', 'cancelled')`))
    .addColumn('trial_ends_on', 'text')
    .addColumn('notice_period_days', int)
    .addColumn('auto_renew', int, (c) => c.notNull().defaultTo(1))
    .addColumn('payment_method', 'text')
    .addColumn('url', 'text')
    // JSON array of lead days; NULL follows the account's default.
    .addColumn('reminder_days', 'text')
    .addColumn('reminder_sent', int, (c) => c.notNull().defaultTo(0))
    .addColumn('cancelled_at', 'text')
    // Soft delete, so "Undo" can bring a subscription back with its id and history.
    .addColumn('deleted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('expenses_user_renewal').on('expenses').columns(['user_id', 'renewal_date']).execute();
  await db.schema.createIndex('expenses_user_created').on('expenses').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('expenses_user_name').on('expenses').columns(['user_id', 'name']).execute();
  await db.schema.createIndex('expenses_user_category').on('expenses').columns(['user_id', 'category_id']).execute();
  await db.schema.createIndex('expenses_user_status_renewal').on('expenses').columns(['user_id', 'status', 'renewal_date']).execute();

  await db.schema
    .createTable('exchange_rates')
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('currency', 'text', (c) => c.notNull())
    // Exact decimal text: base-currency units per one unit of `currency`.
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_rates_pk', ['user_id', 'currency'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('user_id', int, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('base_currency', 'text', (c) => c.notNull().defaultTo('USD'))
    .addColumn('locale', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('reminder_days_default', 'text', (c) => c.notNull().defaultTo('[7]'))
    .addColumn('reminder_time', 'text', (c) => c.notNull().defaultTo('09:00'))
    .addColumn('reminders_paused_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('settings').execute();
  await db.schema.dropTable('exchange_rates').execute();
  await db.schema.dropTable('expenses').execute();
  await db.schema.dropTable('categories').execute();
}

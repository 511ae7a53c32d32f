import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely, never app code.
// Every read skips soft-deleted rows, so the expense indexes become partial ("live" rows only) and
// cover the dashboard's aggregates; accounts made before 0003 get their settings row and default categories.
// deleted_at ends most column lists although it is always null there: without it SQLite's planner does not
// count the index as covering and may pick one that reads the table for every row.

const OLD_INDEXES = [
  ['expenses_user_renewal', ['user_id', 'renewal_date']],
  ['expenses_user_created', ['user_id', 'created_at']],
  ['expenses_user_name', ['user_id', 'name']],
  ['expenses_user_category', ['user_id', 'category_id']],
  ['expenses_user_status_renewal', ['user_id', 'status', 'renewal_date']],
] as const;

// The forecast groups monthly/yearly plans by renewal month and day/week plans by renewal date;
// main/services/dashboard-queries.ts repeats this text exactly so SQLite can use the index.
const FORECAST_KEY = sql`(case when cycle_unit in ('month', 'year') then substr(renewal_date, 1, 7) else renewal_date end)`;

const DEFAULT_CATEGORIES = ['Design', 'Development', 'Marketing', 'Sales', 'Communication', 'Productivity', 'Finance', 'HR', 'Infrastructure', 'Other'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name] of OLD_INDEXES) await db.schema.dropIndex(name).execute();

  const live = sql`where deleted_at is null`;
  // Names sort ignoring case: collate nocase on SQLite, lower() on PostgreSQL (no such collation there).
  const nameKey = isPostgres(db) ? sql`lower(name)` : sql`name collate nocase`;
  // Sweep of due renewals: equality on auto_renew and status, range on renewal_date.
  await sql`create index expenses_live_due on expenses (user_id, auto_renew, status, renewal_date, deleted_at) ${live}`.execute(db);
  // Upcoming renewals (ordered, counted without touching the table) and list sorted by renewal.
  await sql`create index expenses_live_renewal on expenses (user_id, renewal_date, status, deleted_at) ${live}`.execute(db);
  await sql`create index expenses_live_created on expenses (user_id, created_at) ${live}`.execute(db);
  await sql`create index expenses_live_name on expenses (user_id, ${nameKey}, deleted_at) ${live}`.execute(db);
  await sql`create index expenses_live_category_name on expenses (user_id, category_id, ${nameKey}, deleted_at) ${live}`.execute(db);
  await sql`create index expenses_live_status_renewal on expenses (user_id, status, renewal_date, deleted_at) ${live}`.execute(db);
  // Dashboard totals: one ordered pass grouped by status, category, currency and cycle.
  await sql`create index expenses_live_totals on expenses (user_id, status, category_id, currency, cycle_unit, cycle_every, amount_minor, deleted_at) ${live}`.execute(db);
  // Forecast and summary: one ordered pass over renewing plans grouped by currency, cycle and renewal key.
  await sql`create index expenses_live_forecast on expenses (user_id, status, auto_renew, currency, cycle_unit, cycle_every, ${FORECAST_KEY}, amount_minor, renewal_date, deleted_at) ${live}`.execute(db);
  // Foreign-key checks when a category is deleted look expenses up by category alone.
  await db.schema.createIndex('expenses_category').on('expenses').column('category_id').execute();
  // Purge and the restore window read only deleted rows.
  await sql`create index expenses_deleted on expenses (user_id, deleted_at) where deleted_at is not null`.execute(db);

  const now = new Date().toISOString();
  await sql`insert into settings (user_id, updated_at) select id, ${now} from users where id not in (select user_id from settings)`.execute(db);
  const unseeded = await sql<{ id: number }>`select id from users where id not in (select user_id from categories)`.execute(db);
  for (const { id } of unseeded.rows) {
    for (const name of DEFAULT_CATEGORIES) {
      await sql`insert into categories (user_id, name, is_default, created_at, updated_at) values (${id}, ${name}, 1, ${now}, ${now})`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'expenses_live_due',
    'expenses_live_renewal',
    'expenses_live_created',
    'expenses_live_name',
    'expenses_live_category_name',
    'expenses_live_status_renewal',
    'expenses_live_totals',
    'expenses_live_forecast',
    'expenses_category',
    'expenses_deleted',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
  for (const [name, columns] of OLD_INDEXES) await db.schema.createIndex(name).on('expenses').columns([...columns]).execute();
}

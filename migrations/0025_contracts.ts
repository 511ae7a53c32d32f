import { sql, type Kysely } from 'kysely';
import { integerType } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely, never app code.
// Fixed-term contracts (issue 13): at most one per subscription, in a table of its own (a rebuild of expenses would
// drop 0022's aggregate triggers). end_date is the contract's current end: the day the next term would start, so
// its last day to cancel is end_date minus the subscription's notice_period_days. anchor_day is the day of the month
// the end keeps when it moves (a contract from Jan 31 ends Feb 28, renewed Mar 31). What happens at the end:
// 'renew' for renew_months more unless cancelled by the notice date, 'monthly' (rolling from the end date) or 'end'
// (cancelled at the end of the paid period). ended_on is the end date the sweep applied 'monthly' or 'end' on (null
// while the contract runs; a renewal only moves end_date). No workspace column: the row follows its subscription.

export async function up(db: Kysely<unknown>): Promise<void> {
  const int = integerType(db);
  await db.schema
    .createTable('contracts')
    .addColumn('expense_id', int, (c) => c.primaryKey().references('expenses.id').onDelete('cascade'))
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('term_months', int, (c) => c.notNull().check(sql`term_months >= 1`))
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('anchor_day', int, (c) => c.notNull().check(sql`anchor_day between 1 and 31`))
    .addColumn('end_action', 'text', (c) => c.notNull().check(sql`end_action in ('renew', 'monthly', 'end')`))
    .addColumn('renew_months', int)
    .addColumn('ended_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('contracts_end_after_start', sql`end_date > start_date`)
    .addCheckConstraint('contracts_renew_months', sql`(end_action = 'renew') = (renew_months is not null) and (renew_months is null or renew_months >= 1)`)
    .execute();
  // The sweep's probe: running contracts by end date.
  await db.schema.createIndex('contracts_running_end').on('contracts').columns(['ended_on', 'end_date']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('contracts').execute();
}

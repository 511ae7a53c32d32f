import { sql, type Kysely } from 'kysely';

// Frozen: never edit after it has landed. Uses only Kysely's builders, never app code.
// Exchange rates that keep themselves current (issue 11): each rate says where it came from ('manual': typed by a
// member, the meaning of every existing row; 'ecb': the European Central Bank's daily reference file) and, from the
// ECB, the file's date. A workspace's settings say whether the rates are fetched daily (off for every existing
// workspace), when they last were, and the last failure in words with the time it began (null while fetches work).

export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema
    .alterTable('exchange_rates')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual').check(sql`source in ('manual', 'ecb')`))
    .execute();
  await db.schema.alterTable('exchange_rates').addColumn('rate_date', 'text').execute();
  await db.schema
    .alterTable('settings')
    .addColumn('rates_daily', 'integer', (c) => c.notNull().defaultTo(0).check(sql`rates_daily in (0, 1)`))
    .execute();
  await db.schema.alterTable('settings').addColumn('rates_fetched_at', 'text').execute();
  await db.schema.alterTable('settings').addColumn('rates_error', 'text').execute();
  await db.schema.alterTable('settings').addColumn('rates_error_since', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['rates_error_since', 'rates_error', 'rates_fetched_at', 'rates_daily']) await db.schema.alterTable('settings').dropColumn(column).execute();
  for (const column of ['rate_date', 'source']) await db.schema.alterTable('exchange_rates').dropColumn(column).execute();
}

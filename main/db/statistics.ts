import { type Kysely, sql } from 'kysely';
import { yieldToEventLoop } from '../jobs/chunks';
import type { Database } from './schema';
import { dialectOf } from './sql-dialect';

// The planner's statistics, so it keeps choosing the covering indexes as real data grows and skews (the
// dashboard's reads are one ordered pass each only while it does). SQLite keeps none until asked
// (ANALYZE, or PRAGMA optimize when a table has grown); PostgreSQL's autovacuum analyses on its own, but
// only after a while. SQL of this kind has no Kysely builder, hence the raw statements.

/** An import this large changes the table's shape: the statistics are taken again after it. */
const LARGE_IMPORT_ROWS = 1_000;

/** Rows sampled per index: enough for the planner's choices, and a bounded cost (tens of ms at 100k rows). */
const ANALYSIS_LIMIT = 400;

/** After a large write (an import): statistics for the expenses table now, one index per turn of the event loop. */
export async function analyzeExpenses(db: Kysely<Database>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // VACUUM as well: until the visibility map knows the new rows, every index-only scan reads the table too.
    await sql`vacuum (analyze) expenses`.execute(db);
    return;
  }
  await sql.raw(`pragma analysis_limit = ${ANALYSIS_LIMIT}`).execute(db);
  const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'expenses'`.execute(db);
  for (const { name } of rows) {
    await sql`analyze ${sql.id(name)}`.execute(db);
    await yieldToEventLoop();
  }
}

export async function analyzeAfterImport(db: Kysely<Database>, rows: number): Promise<void> {
  if (rows >= LARGE_IMPORT_ROWS) await analyzeExpenses(db);
}

/** SQLite's own upkeep before a connection closes: re-analyses the tables this connection read that have changed a lot. */
export function optimizeBeforeClose(sqlite: { pragma(source: string): unknown }): void {
  sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
  sqlite.pragma('optimize');
}

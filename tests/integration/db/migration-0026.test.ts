import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { TEST_DIALECT } from '../../support/test-database';
import { migrationsUpTo, useEmptyDatabases } from '../../support/upgrade-database';

// 0026 widens expenses_live_due so the dashboard's review count reads the index alone: the same name and leading
// columns (every seek on it stays), live rows only, and down gives the narrow index back.

const emptyDatabase = useEmptyDatabases();
const NAME = '0026_review_index';
const PREVIOUS = Object.keys(migrations).filter((n) => n < NAME).sort().at(-1)!;

/** The index's definition as the database keeps it. */
async function dueIndex(db: Kysely<unknown>): Promise<string> {
  const query =
    TEST_DIALECT === 'sqlite'
      ? sql<{ def: string }>`select sql as def from sqlite_master where type = 'index' and name = 'expenses_live_due'`
      : sql<{ def: string }>`select indexdef as def from pg_indexes where tablename = 'expenses' and indexname = 'expenses_live_due'`;
  const rows = (await query.execute(db)).rows;
  expect(rows).toHaveLength(1);
  return rows[0]!.def.replace(/"/g, '');
}

describe('migration 0026', () => {
  it('adds the review count’s columns after the due index’s own, keeps it partial, and down restores the narrow one', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(PREVIOUS) });
    const before = await dueIndex(db);
    expect(before).toMatch(/\(workspace_id, auto_renew, status, renewal_date, deleted_at\) where \(?deleted_at is null\)?/i);
    await migrateToLatest(db, { migrations: migrationsUpTo(NAME) });
    expect(await dueIndex(db)).toMatch(/\(workspace_id, auto_renew, status, renewal_date, deleted_at, notice_period_days, currency, cycle_unit, cycle_every, amount_minor, reminder_days\) where \(?deleted_at is null\)?/i);
    await migrations[NAME]!.down!(db);
    expect(await dueIndex(db)).toBe(before);
  });
});

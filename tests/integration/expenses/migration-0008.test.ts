import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TransactionalSqliteDialect } from '../../../main/db/dialect';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { tempDir } from '../../support/temp';

const upTo = (last: string) => Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= last));

describe('migration 0008', () => {
  it('covers the 30-day charge sums with one index range (the dashboard read the whole forecast index), replacing expenses_live_renewal; down restores it', async () => {
    const sqlite = new BetterSqlite3(path.join(tempDir(), 'upcoming.db'));
    const db = new Kysely<unknown>({ dialect: new TransactionalSqliteDialect({ database: sqlite }) });
    const indexes = () => (sqlite.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'expenses' and sql is not null order by name").all() as { name: string }[]).map((r) => r.name);
    await migrateToLatest(db, { migrations: upTo('0007_trial_end_index') });
    const before = indexes();
    expect(before).toContain('expenses_live_renewal');
    await migrateToLatest(db, { migrations: upTo('0008_upcoming_index') });
    expect(indexes()).toEqual([...before.filter((n) => n !== 'expenses_live_renewal'), 'expenses_live_upcoming'].sort());
    const plan = sqlite
      .prepare(
        `explain query plan select currency, cycle_unit, cycle_every, auto_renew, renewal_date, anchor_day, count(*), sum(amount_minor) from expenses
         where user_id = 1 and deleted_at is null and renewal_date >= '2026-03-10' and renewal_date <= '2026-04-09' and status in ('active', 'trial')
         group by currency, cycle_unit, cycle_every, auto_renew, renewal_date, anchor_day`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('; ')).toMatch(/USING COVERING INDEX expenses_live_upcoming \(user_id=\? AND renewal_date>\? AND renewal_date<\?\)/);
    await migrations['0008_upcoming_index']!.down!(db);
    expect(indexes()).toEqual(before);
    await db.destroy();
  });
});

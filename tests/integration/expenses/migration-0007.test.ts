import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TransactionalSqliteDialect } from '../../../main/db/dialect';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { tempDir } from '../../support/temp';

const upTo = (last: string) => Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= last));

describe('migration 0007', () => {
  it('indexes live trials with an end date, so the per-read look for ended trials is a seek, and down removes it', async () => {
    const sqlite = new BetterSqlite3(path.join(tempDir(), 'trials.db'));
    const db = new Kysely<unknown>({ dialect: new TransactionalSqliteDialect({ database: sqlite }) });
    const indexes = () => (sqlite.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'expenses' and sql is not null order by name").all() as { name: string }[]).map((r) => r.name);
    await migrateToLatest(db, { migrations: upTo('0006_reminder_restore') });
    const before = indexes();
    await migrateToLatest(db, { migrations: upTo('0007_trial_end_index') });
    expect(indexes()).toEqual([...before, 'expenses_live_trial_end'].sort());
    const plan = sqlite
      .prepare("explain query plan select id from expenses where user_id = 1 and status = 'trial' and trial_ends_on < '2026-03-10' and deleted_at is null limit 1")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('; ')).toMatch(/USING (COVERING )?INDEX expenses_live_trial_end \(user_id=\? AND status=\? AND trial_ends_on<\?\)/);
    await migrations['0007_trial_end_index']!.down!(db);
    expect(indexes()).toEqual(before);
    await db.destroy();
  });
});

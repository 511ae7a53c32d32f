import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TransactionalSqliteDialect } from '../../../main/db/dialect';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { tempDir } from '../../support/temp';

// Accounts made before 0003 had no settings row and no categories; 0003 gives them both.

const upTo = (last: string) => Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= last));

describe('migration 0003', () => {
  it('gives older accounts a settings row and the default categories, without duplicating existing ones', async () => {
    const sqlite = new BetterSqlite3(path.join(tempDir(), 'old.db'));
    const db = new Kysely<unknown>({ dialect: new TransactionalSqliteDialect({ database: sqlite }) });
    await migrateToLatest(db, { migrations: upTo('0002_subscriptions') });
    const addUser = sqlite.prepare("insert into users (email, username, password_hash, created_at, updated_at) values (?, ?, 'x', 't', 't')");
    const bare = Number(addUser.run('bare@x.com', 'bare').lastInsertRowid);
    const seeded = Number(addUser.run('seeded@x.com', 'seeded').lastInsertRowid);
    sqlite.prepare("insert into categories (user_id, name, is_default, created_at, updated_at) values (?, 'Mine', 0, 't', 't')").run(seeded);
    sqlite.prepare("insert into settings (user_id, base_currency, updated_at) values (?, 'EUR', 't')").run(seeded);

    await migrateToLatest(db, { migrations: upTo('0003_expense_indexes') });

    const categories = (userId: number) => (sqlite.prepare('select name from categories where user_id = ? order by name').all(userId) as { name: string }[]).map((r) => r.name);
    expect(categories(bare)).toEqual(['Communication', 'Design', 'Development', 'Finance', 'HR', 'Infrastructure', 'Marketing', 'Other', 'Productivity', 'Sales']);
    expect(categories(seeded)).toEqual(['Mine']);
    expect(sqlite.prepare('select user_id, base_currency, reminder_days_default, reminder_time from settings order by user_id').all()).toEqual([
      { user_id: bare, base_currency: 'USD', reminder_days_default: '[7]', reminder_time: '09:00' },
      { user_id: seeded, base_currency: 'EUR', reminder_days_default: '[7]', reminder_time: '09:00' },
    ]);
    await db.destroy();
  });

  it('replaces the expense indexes with partial ones over live rows, and down brings the old ones back', async () => {
    const sqlite = new BetterSqlite3(path.join(tempDir(), 'idx.db'));
    const db = new Kysely<unknown>({ dialect: new TransactionalSqliteDialect({ database: sqlite }) });
    const indexes = () => (sqlite.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'expenses' and sql is not null order by name").all() as { name: string }[]).map((r) => r.name);
    await migrateToLatest(db, { migrations: upTo('0002_subscriptions') });
    const before = indexes();
    await migrateToLatest(db, { migrations: upTo('0003_expense_indexes') });
    expect(indexes()).toContain('expenses_live_totals');
    expect(indexes()).not.toContain('expenses_user_status_renewal');
    await migrations['0003_expense_indexes']!.down!(db);
    expect(indexes()).toEqual(before);
    await db.destroy();
  });
});

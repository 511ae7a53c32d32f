import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TransactionalSqliteDialect } from '../../../main/db/dialect';
import { DatabaseTooNewError, MigrationFailedError, migrateToLatest } from '../../../main/db/migrator';
import { openDatabase } from '../../../main/db/open';
import { migrations } from '../../../migrations/index';
import { tempDir } from '../../support/temp';

function rawDb(file: string) {
  const sqlite = new BetterSqlite3(file);
  return { sqlite, db: new Kysely<unknown>({ dialect: new TransactionalSqliteDialect({ database: sqlite }) }) };
}

async function tables(db: Kysely<unknown>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

describe('migrations', () => {
  it('lists migrations in the order their names sort, so bundles run them in order', () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
    expect(names[0]).toBe('0001_accounts');
  });

  for (const name of Object.keys(migrations)) {
    it(`${name} applies to a fresh database and rolls back cleanly`, async () => {
      const { db } = rawDb(path.join(tempDir(), 'fresh.db'));
      const upTo = Object.fromEntries(Object.entries(migrations).filter(([n]) => n <= name));
      const before = Object.fromEntries(Object.entries(migrations).filter(([n]) => n < name));
      await migrateToLatest(db, { migrations: before });
      const tablesBefore = await tables(db);
      const report = await migrateToLatest(db, { migrations: upTo });
      expect(report.applied).toEqual([name]);
      expect((await tables(db)).length).toBeGreaterThanOrEqual(tablesBefore.length);
      await migrations[name]!.down!(db);
      expect(await tables(db)).toEqual(tablesBefore);
      await db.destroy();
    });
  }

  it('0001 creates users with unique email and username, and sessions that die with their user', async () => {
    const { db, sqlite } = rawDb(path.join(tempDir(), 'a.db'));
    sqlite.pragma('foreign_keys = ON');
    await migrateToLatest(db, { migrations: { '0001_accounts': migrations['0001_accounts']! } });
    const insert = sqlite.prepare("insert into users (email, username, password_hash, created_at, updated_at) values (?, ?, 'x', 't', 't')");
    insert.run('a@x.com', 'a');
    expect(() => insert.run('a@x.com', 'b')).toThrow(/UNIQUE constraint failed: users.email/);
    expect(() => insert.run('b@x.com', 'a')).toThrow(/UNIQUE constraint failed: users.username/);
    sqlite.prepare("insert into sessions values ('h', 1, 'web', 't', 't')").run();
    sqlite.prepare('delete from users where id = 1').run();
    expect(sqlite.prepare('select count(*) as n from sessions').get()).toEqual({ n: 0 });
    await db.destroy();
  });

  it('keeps a copy of the database before running pending migrations on existing data', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'spend-manager.db');
    const { db, sqlite } = rawDb(file);
    await migrateToLatest(db, { migrations: { '0001_accounts': migrations['0001_accounts']! } });
    sqlite.prepare("insert into users (email, username, password_hash, created_at, updated_at) values ('a@x.com', 'a', 'x', 't', 't')").run();
    await db.destroy();

    const extra: Record<string, Migration> = {
      ...migrations,
      '9999_test_extra': { up: async (k) => void (await k.schema.createTable('extra').addColumn('id', 'integer').execute()) },
    };
    const { db: db2, sqlite: sqlite2 } = rawDb(file);
    let backup = '';
    await migrateToLatest(db2, {
      migrations: extra,
      backup: async (next) => {
        backup = `${file}.backup-before-${next}`;
        await sqlite2.backup(backup);
        return backup;
      },
    });
    await db2.destroy();
    const copy = new BetterSqlite3(backup, { readonly: true });
    expect(copy.prepare('select email from users').all()).toEqual([{ email: 'a@x.com' }]);
    expect(copy.prepare("select count(*) as n from sqlite_master where name = 'extra'").get()).toEqual({ n: 0 });
    copy.close();
  });

  it('openDatabase writes the backup file beside the database only when data exists', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'spend-manager.db');
    const first = await openDatabase({ file });
    expect(first.migration.backupFile).toBeNull();
    expect(first.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(first.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    await first.close();
    expect(fs.readdirSync(dir).filter((f) => f.includes('.backup-'))).toEqual([]);
  });

  it('refuses a database written by a newer version and leaves it untouched', async () => {
    const file = path.join(tempDir(), 'newer.db');
    const first = await openDatabase({ file });
    await sql`insert into kysely_migration (name, timestamp) values ('9000_from_the_future', '2030-01-01')`.execute(first.db);
    await first.close();
    const sizeBefore = fs.statSync(file).size;

    await expect(openDatabase({ file })).rejects.toThrow(DatabaseTooNewError);
    await expect(openDatabase({ file })).rejects.toThrow(/newer version of Spend Manager.*9000_from_the_future/);
    expect(fs.statSync(file).size).toBe(sizeBefore);
  });

  it('rolls back every pending migration when one fails', async () => {
    const { db } = rawDb(path.join(tempDir(), 'fail.db'));
    const failing: Record<string, Migration> = {
      '0001_accounts': migrations['0001_accounts']!,
      '0002_breaks': {
        up: async (k) => {
          await k.schema.createTable('half_done').addColumn('id', 'integer').execute();
          throw new Error('disk on fire');
        },
      },
    };
    await expect(migrateToLatest(db, { migrations: failing })).rejects.toThrow(MigrationFailedError);
    await expect(migrateToLatest(db, { migrations: failing })).rejects.toThrow(/0002_breaks: disk on fire/);
    expect(await tables(db)).toEqual([]);
    await db.destroy();
  });
});

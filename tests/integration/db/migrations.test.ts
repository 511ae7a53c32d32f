import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql, type Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { TransactionalSqliteDialect } from '../../../main/db/dialect';
import { DatabaseTooNewError, MigrationFailedError, migrateToLatest } from '../../../main/db/migrator';
import { openDatabase } from '../../../main/db/open';
import { migrations } from '../../../migrations/index';
import { createHash } from 'node:crypto';
import type { Database } from '../../../main/db/schema';
import { createSessions } from '../../../main/services/sessions';
import { testClock } from '../../support/clock';
import { tempDir } from '../../support/temp';

const upTo = (last: string) => Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= last));

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

  it('0005 on an upgraded database gives every session a distinct public id and last seen, and they still sign in', async () => {
    const { db, sqlite } = rawDb(path.join(tempDir(), 'upgrade.db'));
    sqlite.pragma('foreign_keys = ON');
    await migrateToLatest(db, { migrations: upTo('0004_reminders') });
    sqlite.prepare("insert into users (email, username, password_hash, created_at, updated_at) values ('a@x.com', 'a', 'x', 't', 't')").run();
    const tokens = ['token-one', 'token-two', 'token-three'];
    const insert = sqlite.prepare("insert into sessions values (?, 1, ?, ?, '2026-12-31T00:00:00.000Z')");
    tokens.forEach((token, i) => insert.run(createHash('sha256').update(token).digest('hex'), i === 0 ? 'desktop' : 'web', `2026-03-0${i + 1}T10:00:00.000Z`));

    expect((await migrateToLatest(db, { migrations: upTo('0005_session_ids') })).applied).toEqual(['0005_session_ids']);

    const rows = sqlite.prepare('select id, kind, agent, created_at, last_seen_at from sessions order by created_at').all() as Record<string, string | null>[];
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(row.agent).toBeNull();
      expect(row.last_seen_at).toBe(row.created_at);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
    expect(rows.map((r) => r.kind)).toEqual(['desktop', 'web', 'web']);
    const sessions = createSessions(db as unknown as Kysely<Database>, testClock('2026-03-10T09:00:00Z'));
    for (const token of tokens) expect(await sessions.lookup(token)).toMatchObject({ userId: 1, sessionId: expect.any(String) });
    expect(sqlite.prepare("select count(*) as n from sqlite_master where type = 'index' and name = 'sessions_user_id'").get()).toEqual({ n: 1 });

    // Down keeps the sessions signed in, in the 0001 shape.
    await migrations['0005_session_ids']!.down!(db);
    expect(sqlite.prepare('select count(*) as n from sessions').get()).toEqual({ n: 3 });
    expect(Object.keys(sqlite.prepare('select * from sessions limit 1').get() as object)).toEqual(['token_hash', 'user_id', 'kind', 'created_at', 'expires_at']);
    await db.destroy();
  });

  it('0005 on a fresh database requires a unique session id and last seen, and sessions still die with their user', async () => {
    const { db, sqlite } = rawDb(path.join(tempDir(), 'fresh5.db'));
    sqlite.pragma('foreign_keys = ON');
    await migrateToLatest(db, { migrations: upTo('0005_session_ids') });
    sqlite.prepare("insert into users (email, username, password_hash, created_at, updated_at) values ('a@x.com', 'a', 'x', 't', 't')").run();
    const insert = sqlite.prepare('insert into sessions (token_hash, id, user_id, kind, agent, created_at, last_seen_at, expires_at) values (?, ?, 1, ?, null, ?, ?, ?)');
    insert.run('h1', 'id-1', 'web', 't', 't', 't');
    expect(() => insert.run('h2', 'id-1', 'web', 't', 't', 't')).toThrow(/UNIQUE constraint failed: sessions.id/);
    expect(() => insert.run('h3', null, 'web', 't', 't', 't')).toThrow(/NOT NULL constraint failed: sessions.id/);
    expect(() => insert.run('h4', 'id-4', 'web', 't', null, 't')).toThrow(/NOT NULL constraint failed: sessions.last_seen_at/);
    expect(() => insert.run('h5', 'id-5', 'phone', 't', 't', 't')).toThrow(/CHECK constraint failed/);
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

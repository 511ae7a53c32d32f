import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteHandle } from '../../../main/db/open';
import { databaseThrottleStore, type ThrottleEntry } from '../../../main/services/throttle';
import { tempDir } from '../../support/temp';

// The database throttle store (migration 0010) on a real SQLite file: counts exact under concurrent
// writers on two connections, expired rows forgotten, and the table bounded by its live keys.

const NOW = Date.parse('2026-03-10T09:00:00.000Z');
const MINUTE = 60_000;
const handles: SqliteHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.close()));
});

async function open(file: string): Promise<SqliteHandle> {
  const handle = await openDatabase({ file });
  handles.push(handle);
  return handle;
}

/** One more attempt, forgotten a minute after it: the change the sign-in throttle makes, without blocks. */
const countOne = (at: number) => (current: ThrottleEntry | null): ThrottleEntry => ({ count: (current?.count ?? 0) + 1, blocked_until: 0, expires_at: at + MINUTE });

const rowCount = async (handle: SqliteHandle) => (await handle.db.selectFrom('throttle_state').select('key').execute()).length;

describe('migration 0010_throttle_state', () => {
  it('creates a text-keyed table with integer counters and text instants, no autoincrement or collation, indexed by expiry', async () => {
    const handle = await open(path.join(tempDir(), 'throttle.db'));
    const columns = handle.sqlite.prepare('select name, type, "notnull", pk from pragma_table_info(?) order by cid').all('throttle_state');
    expect(columns).toEqual([
      { name: 'key', type: 'TEXT', notnull: 0, pk: 1 },
      { name: 'count', type: 'INTEGER', notnull: 1, pk: 0 },
      { name: 'blocked_until', type: 'TEXT', notnull: 0, pk: 0 },
      { name: 'expires_at', type: 'TEXT', notnull: 1, pk: 0 },
      { name: 'version', type: 'INTEGER', notnull: 1, pk: 0 },
    ]);
    const sql = handle.sqlite.prepare("select group_concat(sql, ';') as sql from sqlite_master where tbl_name = 'throttle_state'").get() as { sql: string };
    expect(sql.sql).not.toMatch(/autoincrement|collate/i);
    expect(handle.sqlite.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'throttle_state' and sql is not null").all()).toEqual([{ name: 'throttle_state_expires' }]);
  });
});

describe('database throttle store', () => {
  it('counts every one of 40 concurrent attempts on one key from two connections, none lost to a race', async () => {
    const file = path.join(tempDir(), 'throttle.db');
    const [first, second] = [await open(file), await open(file)];
    const stores = [databaseThrottleStore(first.db), databaseThrottleStore(second.db)];
    await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % 2]!.update('login:account:1', NOW, countOne(NOW))));
    expect(await first.db.selectFrom('throttle_state').select(['count', 'version']).where('key', '=', 'login:account:1').executeTakeFirst()).toEqual({ count: 40, version: 40 });
  });

  it('fails closed with 503 when another server wins the race for the key on every round, and counts nothing twice', async () => {
    const file = path.join(tempDir(), 'throttle.db');
    const [first, other] = [await open(file), await open(file)];
    const store = databaseThrottleStore(first.db, { maxRounds: 5 });
    await store.update('k', NOW, countOne(NOW));
    let rounds = 0;
    // Between this store's read and its write, the other connection changes the row (better-sqlite3 runs it at once).
    const racing = (current: ThrottleEntry | null) => {
      rounds += 1;
      other.sqlite.prepare("update throttle_state set count = count + 1, version = version + 1 where key = 'k'").run();
      return countOne(NOW)(current);
    };
    await expect(store.update('k', NOW, racing)).rejects.toMatchObject({ code: 'unavailable', message: 'Too many sign-in attempts at the same moment; try again in a few seconds.' });
    expect(rounds).toBe(5);
    expect(await first.db.selectFrom('throttle_state').select(['count', 'version']).executeTakeFirst()).toEqual({ count: 6, version: 6 });
  });

  it('treats an expired row as absent: the count starts again from one', async () => {
    const handle = await open(path.join(tempDir(), 'throttle.db'));
    const store = databaseThrottleStore(handle.db);
    for (let i = 0; i < 3; i++) await store.update('k', NOW, countOne(NOW));
    const seen: (ThrottleEntry | null)[] = [];
    const later = NOW + MINUTE;
    await store.update('k', later, (current) => (seen.push(current), countOne(later)(current)));
    expect(seen).toEqual([null]);
    expect(await handle.db.selectFrom('throttle_state').select(['count', 'expires_at']).executeTakeFirst()).toEqual({ count: 1, expires_at: '2026-03-10T09:02:00.000Z' });
  });

  it('forgets stale keys as new ones arrive, at most 20 per new key, so the table holds only what is live plus a shrinking backlog', async () => {
    const handle = await open(path.join(tempDir(), 'throttle.db'));
    const store = databaseThrottleStore(handle.db);
    for (let i = 0; i < 45; i++) await store.update(`login:name:victim${i}`, NOW, countOne(NOW));
    expect(await rowCount(handle)).toBe(45);
    const later = NOW + 2 * MINUTE;
    await store.update('login:name:fresh1', later, countOne(later));
    expect(await rowCount(handle)).toBe(45 - 20 + 1);
    await store.update('login:name:fresh2', later, countOne(later));
    await store.update('login:name:fresh3', later, countOne(later));
    expect(await handle.db.selectFrom('throttle_state').select('key').orderBy('key').execute()).toEqual([
      { key: 'login:name:fresh1' },
      { key: 'login:name:fresh2' },
      { key: 'login:name:fresh3' },
    ]);
  });

  it('deletes the row when a change answers null, and writes nothing for an unchanged entry', async () => {
    const handle = await open(path.join(tempDir(), 'throttle.db'));
    const store = databaseThrottleStore(handle.db);
    await store.update('k', NOW, countOne(NOW));
    await store.update('k', NOW, (current) => current);
    expect(await handle.db.selectFrom('throttle_state').select('version').executeTakeFirst()).toEqual({ version: 1 });
    await store.update('k', NOW, () => null);
    expect(await rowCount(handle)).toBe(0);
  });

  it('stores a block past year 9999 as the last instant, so instants still sort as text', async () => {
    const handle = await open(path.join(tempDir(), 'throttle.db'));
    const store = databaseThrottleStore(handle.db);
    const end = Date.parse('9999-12-31T23:00:00.000Z');
    await store.update('k', end, () => ({ count: 9, blocked_until: end + 2 * 3_600_000, expires_at: end + 3 * 3_600_000 }));
    expect(await handle.db.selectFrom('throttle_state').select(['blocked_until', 'expires_at']).executeTakeFirst()).toEqual({
      blocked_until: '9999-12-31T23:59:59.999Z',
      expires_at: '9999-12-31T23:59:59.999Z',
    });
  });
});

import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { REMOVED_PASSWORD_HASH } from '../../../main/db/database-copy';
import type { SqliteHandle } from '../../../main/db/database-handle';
import { openSqlite } from '../../../main/db/open-sqlite';
import { tempDir } from '../../support/temp';
import { TEST_DIALECT } from '../../support/test-dialect';

// The SQLite file's upkeep on a thread of its own (main/db/sqlite-upkeep.ts): WAL checkpoints and the database copy
// used to run on the main thread — SQLite's automatic checkpoint inside the COMMIT that crossed 1,000 pages, and the
// daily backup at start — stopping the event loop for hundreds of ms at 100k subscriptions (issue 9's catch-up
// bench). The thread's effect on the event loop is measured by `npm run bench -- catchup`; these tests pin what it
// must do for the data: every write still reaches the database file, the WAL does not grow without bound, a copy
// holds no secret, and where the thread cannot start everything works as before.

type Scratch = Kysely<{ notes: { id: number; body: string } }>;

const handles: SqliteHandle[] = [];
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close();
});

const ROWS = 2_000;
const BODY = 'x'.repeat(1_000);

async function open(file: string, options: Partial<Pick<Parameters<typeof openSqlite>[0], 'upkeepThread' | 'logger' | 'walTrim'>> = {}): Promise<{ handle: SqliteHandle; db: Scratch }> {
  const handle = await openSqlite({ file, upkeepThread: true, ...options });
  handles.push(handle);
  const db = handle.db as unknown as Scratch;
  await sql`create table if not exists notes (id integer primary key, body text not null)`.execute(db);
  return { handle, db };
}

/** About 2 MB in one transaction, written as the app writes (through Kysely). */
async function writeBurst(db: Scratch, from: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < ROWS; i += 100) {
      await trx
        .insertInto('notes')
        .values(Array.from({ length: 100 }, (_, k) => ({ id: from + i + k, body: BODY })))
        .execute();
    }
  });
}

const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

describe.runIf(TEST_DIALECT === 'sqlite')('SQLite upkeep thread', () => {
  it('checkpoints on its thread: the writer’s own automatic checkpoint is off, and the writes reach the database file', async () => {
    const file = path.join(tempDir(), 'app.db');
    const { handle, db } = await open(file);
    expect(await handle.upkeep).toBe('thread');
    expect(handle.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await handle.settled();
    const before = size(file);

    await writeBurst(db, 0);
    // The COMMIT itself no longer copied the WAL back (SQLite's automatic checkpoint would have, past 1,000 pages).
    expect(size(file) - before).toBeLessThan(ROWS * BODY.length);
    await handle.settled();
    expect(size(file) - before).toBeGreaterThanOrEqual(ROWS * BODY.length);

    // What a reader of the file alone sees (no WAL beside it): every row.
    await handle.close();
    handles.length = 0;
    const alone = new BetterSqlite3(file, { readonly: true });
    expect((alone.prepare('select count(*) as n from notes').get() as { n: number }).n).toBe(ROWS);
    alone.close();
  });

  it('keeps the WAL from growing with every write: bursts reuse it once they are checkpointed', async () => {
    const file = path.join(tempDir(), 'app.db');
    const { handle, db } = await open(file);
    for (let burst = 0; burst < 8; burst += 1) {
      await writeBurst(db, burst * ROWS);
      await handle.settled();
    }
    // Without checkpoints the WAL would hold all eight bursts (16 MB); with them, about one.
    expect(size(`${file}-wal`)).toBeLessThan(3 * ROWS * BODY.length);
    expect((await db.selectFrom('notes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(8 * ROWS);
  });

  it('cuts a grown WAL back on its thread once the writer is quiet, never inside the writer’s COMMIT (an ftruncate there stalled the main thread 121 ms)', async () => {
    const file = path.join(tempDir(), 'app.db');
    const { handle, db } = await open(file, { walTrim: { walSizeLimitBytes: ROWS * BODY.length, trimQuietMs: 300 } });
    expect(await handle.upkeep).toBe('thread');
    // The writer's own limit is off: SQLite would truncate inside the first COMMIT after the WAL restarts.
    expect(handle.sqlite.pragma('journal_size_limit', { simple: true })).toBe(-1);
    for (let burst = 0; burst < 3; burst += 1) await writeBurst(db, burst * ROWS);
    await handle.settled();
    const grown = size(`${file}-wal`);
    expect(grown).toBeGreaterThan(ROWS * BODY.length);
    // Checkpointed, then one more small write (the WAL restarts): still its full size, the COMMIT cut nothing.
    await db.insertInto('notes').values({ id: 10 * ROWS, body: 'after' }).execute();
    expect(size(`${file}-wal`)).toBe(grown);
    // Quiet for longer than the thread waits: cut back to nothing, every row still there.
    await expect.poll(() => size(`${file}-wal`), { timeout: 5_000 }).toBe(0);
    expect((await db.selectFrom('notes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(3 * ROWS + 1);
  });

  it('copies the database on its thread with the secrets taken out, while the live file stays writable', async () => {
    const file = path.join(tempDir(), 'app.db');
    const { handle, db } = await open(file);
    const stamp = '2026-12-03T00:00:00.000Z';
    await sql`insert into users (email, username, password_hash, created_at, updated_at) values ('ann@upkeep.test', 'ann', 'scrypt$secret-hash', ${stamp}, ${stamp})`.execute(db);
    const userId = (handle.sqlite.prepare('select id from users').get() as { id: number }).id;
    // A session row with whatever columns the migrations gave the table (the token is the secret).
    const columns = handle.sqlite.prepare("select name, type from pragma_table_info('sessions') where \"notnull\" = 1 and dflt_value is null").all() as { name: string; type: string }[];
    const value = (c: { name: string; type: string }) => (c.name === 'user_id' ? userId : c.name === 'kind' ? 'web' : c.name.endsWith('_at') ? stamp : c.type.toLowerCase().includes('int') ? 1 : `session-secret-${c.name}`);
    await sql`insert into sessions (${sql.join(columns.map((c) => sql.ref(c.name)))}) values (${sql.join(columns.map(value))})`.execute(db);
    await writeBurst(db, 0);

    const target = path.join(tempDir(), 'copies', 'copy.db');
    const copying = handle.copy(target);
    // A write while the copy is made goes in at once.
    await db.insertInto('notes').values({ id: ROWS + 1, body: 'during the copy' }).execute();
    await copying;

    const copy = new BetterSqlite3(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('select count(*) as n from sessions').get() as { n: number }).n).toBe(0);
    expect((copy.prepare('select password_hash from users').get() as { password_hash: string }).password_hash).toBe(REMOVED_PASSWORD_HASH);
    expect((copy.prepare('select count(*) as n from notes where id <= ?').get(ROWS) as { n: number }).n).toBe(ROWS);
    copy.close();
    const bytes = fs.readFileSync(target);
    expect(bytes.includes(Buffer.from('scrypt$secret-hash'))).toBe(false);
    expect(bytes.includes(Buffer.from('session-secret'))).toBe(false);
    expect(fs.existsSync(`${target}.partial`)).toBe(false);
  });

  it('finishes a copy while the app keeps writing (a stepped copy from another connection restarts at every write)', async () => {
    const file = path.join(tempDir(), 'app.db');
    const { handle, db } = await open(file);
    for (let burst = 0; burst < 5; burst += 1) await writeBurst(db, burst * ROWS);
    expect(await handle.upkeep).toBe('thread');

    const target = path.join(tempDir(), 'copy.db');
    let copied = false;
    const copying = handle.copy(target).then(() => (copied = true));
    // Liveness, not speed: one snapshot of 10 MB is copied in about a second; a copy that starts over at every
    // write (SQLite's stepped backup from another connection) goes on for as long as the writes do.
    const deadline = Date.now() + 10_000;
    let id = 10 * ROWS;
    while (!copied) {
      if (Date.now() > deadline) throw new Error('the copy did not end within 10 s while the app kept writing');
      await db
        .insertInto('notes')
        .values(Array.from({ length: 20 }, () => ({ id: id++, body: 'written during the copy' })))
        .execute();
      // A turn of the event loop, as requests give one: the thread's answer arrives as a message.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await copying;

    const copy = new BetterSqlite3(target, { readonly: true });
    expect((copy.prepare('select count(*) as n from notes where id < ?').get(5 * ROWS) as { n: number }).n).toBe(5 * ROWS);
    copy.close();
    expect(id).toBeGreaterThan(10 * ROWS);
  }, 30_000);

  it('a failed copy leaves no file behind and says why', async () => {
    const dir = tempDir();
    const { handle } = await open(path.join(dir, 'app.db'));
    // The target's folder is a file: the copy cannot be written there.
    fs.writeFileSync(path.join(dir, 'not-a-folder'), 'x');
    await expect(handle.copy(path.join(dir, 'not-a-folder', 'copy.db'))).rejects.toThrow();
    const target = path.join(dir, 'copies', 'copy.db');
    fs.mkdirSync(target, { recursive: true });
    // The target is a folder: the rename fails, and the partial file goes.
    await expect(handle.copy(target)).rejects.toThrow();
    expect(fs.existsSync(`${target}.partial`)).toBe(false);
  });

  it('when the thread cannot start: SQLite checkpoints on the main thread, copies are made there, and the log says so', async () => {
    const file = path.join(tempDir(), 'app.db');
    const warnings: string[] = [];
    const handle = await openSqlite({ file, upkeepThread: true, logger: { info() {}, warn: (message) => void warnings.push(message) } });
    handles.push(handle);
    expect(await handle.upkeep).toBe('thread');
    await handle.close();
    handles.length = 0;

    const { startSqliteUpkeep } = await import('../../../main/db/sqlite-upkeep');
    const writer = new BetterSqlite3(file);
    writer.pragma('journal_mode = WAL');
    try {
      const upkeep = startSqliteUpkeep({ file, writer, sqliteModule: path.join(tempDir(), 'no-such-module.js'), logger: { info() {}, warn: (message) => void warnings.push(message) } });
      expect(await upkeep.where).toBe('main');
      expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      expect(warnings).toEqual(['database upkeep stays on the main thread: its thread could not start']);
      const target = path.join(tempDir(), 'copy.db');
      await upkeep.copy(target);
      const copy = new BetterSqlite3(target, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      copy.close();
      await upkeep.close();
    } finally {
      writer.close();
    }
  });

  it('is not started for a database in memory, nor unless asked (scripts and tests keep SQLite’s own checkpoints)', async () => {
    const memory = await openSqlite({ file: ':memory:', upkeepThread: true });
    handles.push(memory);
    expect(await memory.upkeep).toBe('main');
    const plain = await openSqlite({ file: path.join(tempDir(), 'app.db') });
    handles.push(plain);
    expect(await plain.upkeep).toBe('main');
    expect(plain.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});

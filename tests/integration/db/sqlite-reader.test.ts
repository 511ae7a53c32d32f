import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteHandle } from '../../../main/db/database-handle';
import { openSqlite } from '../../../main/db/open-sqlite';
import { tempDir } from '../../support/temp';
import { TEST_DIALECT } from '../../support/test-dialect';

// A long write transaction (an import committing in yielding batches, a restore) used to queue every other query of
// the process behind it: Kysely's SQLite driver has one connection and one mutex. Now a file in WAL mode reads the
// last committed state on a connection of its own, at once; writes still wait their turn on the one writer.

type Scratch = Kysely<{ notes: { id: number; text: string } }>;

let handle: SqliteHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

async function open(file: string): Promise<Scratch> {
  handle = await openSqlite({ file });
  const db = handle.db as unknown as Scratch;
  await sql`create table notes (id integer primary key, text text not null)`.execute(db);
  await db.insertInto('notes').values({ id: 1, text: 'before' }).execute();
  return db;
}

/** Opens a transaction that writes a row and stays open until `release` is called; `done` settles after commit. */
function heldTransaction(db: Scratch, outcome: 'commit' | 'rollback' = 'commit') {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let wrote!: () => void;
  const written = new Promise<void>((resolve) => (wrote = resolve));
  const done = db
    .transaction()
    .execute(async (trx) => {
      await trx.insertInto('notes').values({ id: 2, text: 'inside' }).execute();
      wrote();
      await gate;
      if (outcome === 'rollback') throw new Error('rolled back on purpose');
    })
    .catch((error: Error) => {
      if (outcome !== 'rollback') throw error;
    });
  return { written, release, done };
}

const texts = async (db: Scratch) => (await db.selectFrom('notes').select('text').orderBy('id').execute()).map((r) => r.text);

describe.runIf(TEST_DIALECT === 'sqlite')('SQLite reads beside a long write transaction', () => {
  it('answers a read at once from the last committed state while a transaction is open, then sees its commit', async () => {
    const db = await open(path.join(tempDir(), 'spend.db'));
    const held = heldTransaction(db);
    await held.written;

    // Before the reader, this await never settled until the transaction ended.
    expect(await texts(db)).toEqual(['before']);

    held.release();
    await held.done;
    expect(await texts(db)).toEqual(['before', 'inside']);
  });

  it('keeps a write outside the transaction waiting for the writer, in order, and never shows rolled-back rows', async () => {
    const db = await open(path.join(tempDir(), 'spend.db'));
    const held = heldTransaction(db, 'rollback');
    await held.written;
    const order: string[] = [];
    const write = db
      .insertInto('notes')
      .values({ id: 3, text: 'after' })
      .execute()
      .then(() => order.push('write'));
    // Reads in the meantime are not queued behind either of them.
    expect(await texts(db)).toEqual(['before']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);

    order.push('release');
    held.release();
    await held.done;
    await write;
    expect(order).toEqual(['release', 'write']);
    expect(await texts(db)).toEqual(['before', 'after']);
  });

  it('reads inside a transaction see its own writes (they use the writer)', async () => {
    const db = await open(path.join(tempDir(), 'spend.db'));
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('notes').values({ id: 2, text: 'inside' }).execute();
      expect((await trx.selectFrom('notes').select('text').orderBy('id').execute()).map((r) => r.text)).toEqual(['before', 'inside']);
    });
  });

  it('an in-memory database has one connection: a read waits for the open transaction, as Kysely always did', async () => {
    const db = await open(':memory:');
    const held = heldTransaction(db);
    await held.written;
    let read: string[] | undefined;
    const reading = texts(db).then((rows) => (read = rows));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(read).toBeUndefined();
    held.release();
    await held.done;
    await reading;
    expect(read).toEqual(['before', 'inside']);
  });

  it('streams a SELECT from the reader while a transaction is open', async () => {
    const db = await open(path.join(tempDir(), 'spend.db'));
    const held = heldTransaction(db);
    await held.written;
    const streamed: string[] = [];
    for await (const row of db.selectFrom('notes').select('text').orderBy('id').stream()) streamed.push(row.text);
    expect(streamed).toEqual(['before']);
    held.release();
    await held.done;
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { COPY_CACHE_KIB, COPY_SECRETS, copyOnThisThread, type CopyDatabase, type CopySecrets, writeScrubbedCopy } from './database-copy';

// The SQLite file's upkeep on a thread of its own (issue 9: the main process never freezes). Two jobs stop the event
// loop on the main thread at scale, both mostly waiting on the disk rather than computing:
//  - WAL checkpoints: SQLite's automatic one runs inside the COMMIT that crosses 1,000 pages, copies the WAL back
//    into the database file and syncs it — ~1 s after an import of 100k rows, hundreds of ms during a catch-up;
//  - the database copy (the daily backup, which catches up at start, and the on-demand one).
// The writer turns its automatic checkpoints off, and after each write the thread runs a PASSIVE checkpoint from
// its own connection (it never waits for, nor blocks, the writer or a reader), a moment later, once per burst. The
// copy is made there too. The thread's code is this file's functions as source text, so nothing needs to be found
// on disk next to the bundle (inside app.asar or not); it loads better-sqlite3 from the path the main thread
// resolved (Electron loads modules from app.asar in worker threads since 17). If the thread cannot start, SQLite's
// automatic checkpoints come back on and copies are made on the main thread, as before, and the log says so.

/** After a write, how long the thread waits for more before it checkpoints (one checkpoint per burst of writes). */
const CHECKPOINT_DELAY_MS = 250;
/** After a big write, the WAL file is cut back once it is past this (SQLite keeps its largest size otherwise). */
export const WAL_SIZE_LIMIT_BYTES = 64 * 2 ** 20;
/**
 * How long the writer must have been quiet before the thread cuts the WAL back. SQLite's own cutting (the writer's
 * journal_size_limit) runs an ftruncate inside the first COMMIT after the WAL restarts, on the main thread: 121 ms
 * measured during the catch-up (strace), the last event-loop stall over 50 ms. The thread's TRUNCATE checkpoint holds
 * the write lock while it truncates, so it waits for a quiet moment: a write that comes then waits for it.
 */
const TRIM_QUIET_MS = 2_000;

export interface SqliteUpkeep {
  /**
   * Where checkpoints and copies run: 'thread' once it has started, 'main' when it could not (SQLite's automatic
   * checkpoints then come back on). Until then a copy waits for the answer: nothing before listening waits for it.
   */
  readonly where: Promise<'thread' | 'main'>;
  /** A write went in: a checkpoint follows shortly (on the thread; nothing to do on the main one). */
  wrote(): void;
  /** The database's scrubbed copy (database-copy.ts) into `target`. */
  copy: CopyDatabase;
  /** Resolves when no checkpoint is waiting or running and no copy is under way. */
  settled(): Promise<void>;
  /** Ends the thread once what it is doing is done. */
  close(): Promise<void>;
}

interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface UpkeepOptions {
  file: string;
  /** The writer: its automatic checkpoints go off once the thread runs (and stay on if it cannot). */
  writer: import('better-sqlite3').Database;
  nativeBinding?: string;
  logger?: Logger;
  /** Tests: a module path that cannot load, to see the fallback. */
  sqliteModule?: string;
  /** Tests: the WAL size past which a quiet moment cuts it back (default WAL_SIZE_LIMIT_BYTES), and how quiet (TRIM_QUIET_MS). */
  walSizeLimitBytes?: number;
  trimQuietMs?: number;
}

type Request = { type: 'checkpoint'; id: number } | { type: 'trim'; id: number; limit: number } | { type: 'copy'; id: number; target: string };
type Answer = { id: number; error?: string; frames?: number };

interface ThreadData {
  sqliteModule: string;
  /** The thread's page cache, as PRAGMA cache_size takes it (negative: KiB). */
  cacheKib: number;
  file: string;
  nativeBinding: string | undefined;
  secrets: CopySecrets;
}

/**
 * The thread's body, run from its source text: self-contained but for `writeCopy` (writeScrubbedCopy, handed in
 * the same way). Requests are answered in order, one at a time.
 */
function upkeepThread(writeCopy: typeof writeScrubbedCopy): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort, workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const files = require('node:fs') as typeof import('node:fs');
  const data = workerData as ThreadData;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require(data.sqliteModule) as typeof import('better-sqlite3');
  const options = data.nativeBinding ? { nativeBinding: data.nativeBinding } : {};
  const db = new Database(data.file, { ...options, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  // A small page cache: a checkpoint reads the WAL, and a copy reads each page once (better-sqlite3's default of
  // 16 MB a connection would stay resident after the first copy, ~34 MB at 100k subscriptions).
  db.pragma(`cache_size = ${data.cacheKib}`);
  let queue = Promise.resolve();
  parentPort!.on('message', (request: Request | { type: 'close' }) => {
    queue = queue.then(async () => {
      if (request.type === 'close') {
        db.close();
        parentPort!.close();
        return;
      }
      try {
        if (request.type === 'checkpoint') {
          const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { checkpointed: number }[];
          parentPort!.postMessage({ id: request.id, frames: result?.checkpointed ?? 0 } satisfies Answer);
        } else if (request.type === 'trim') {
          // Copies back what is left and truncates the WAL to nothing, only when it has grown past the limit.
          let walBytes = 0;
          try {
            walBytes = files.statSync(`${data.file}-wal`).size;
          } catch {
            // No WAL file: nothing to cut.
          }
          if (walBytes > request.limit) db.pragma('wal_checkpoint(TRUNCATE)');
          parentPort!.postMessage({ id: request.id } satisfies Answer);
        } else {
          // One step for all the pages: a backup from this connection restarts whenever another connection (the
          // app's writer) writes between two steps, so a stepped copy might never end while the app is busy. One
          // step reads one snapshot; it holds this thread only.
          await writeCopy((file) => new Database(file, options), files, (file) => db.backup(file, { progress: () => 0x7fffffff }), request.target, data.secrets);
          parentPort!.postMessage({ id: request.id } satisfies Answer);
        }
      } catch (error) {
        parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies Answer);
      }
    });
  });
  parentPort!.postMessage({ id: 0 } satisfies Answer);
}

/** The thread's program: the two functions as source text (a function's text is its compiled JavaScript). */
export const UPKEEP_THREAD_SOURCE = `(${upkeepThread.toString()})(${writeScrubbedCopy.toString()});`;

function resolveSqliteModule(): string {
  // The bundles keep better-sqlite3 outside (a native module): resolved here as the main thread loads it.
  return require.resolve('better-sqlite3');
}

/** Starts the upkeep thread for a SQLite file in WAL mode (without waiting for it); the main thread stands in when it cannot start. */
export function startSqliteUpkeep(options: UpkeepOptions): SqliteUpkeep {
  const { writer, logger } = options;
  const copyHere = copyOnThisThread(writer, options.nativeBinding);
  const waiting = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  /** 'starting' until the thread says it is ready; 'main' for good once it failed or ended. */
  let mode: 'starting' | 'thread' | 'main' = 'starting';
  let closing = false;
  let timer: NodeJS.Timeout | null = null;
  let trimTimer: NodeJS.Timeout | null = null;
  const walLimit = options.walSizeLimitBytes ?? WAL_SIZE_LIMIT_BYTES;
  let pending: Promise<unknown> = Promise.resolve();
  let worker: Worker | null = null;
  let resolveWhere!: (where: 'thread' | 'main') => void;
  const where = new Promise<'thread' | 'main'>((resolve) => (resolveWhere = resolve));

  const track = <T>(work: Promise<T>): Promise<T> => {
    pending = Promise.all([pending, work.catch(() => {})]);
    return work;
  };

  /** The main thread takes over: at start (the thread could not start) or later (it ended). */
  const onMain = (error: Error) => {
    const wasThread = mode === 'thread';
    mode = 'main';
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
    if (timer) clearTimeout(timer);
    timer = null;
    if (trimTimer) clearTimeout(trimTimer);
    trimTimer = null;
    resolveWhere('main');
    if (closing) return;
    try {
      writer.pragma('wal_autocheckpoint = 1000');
      writer.pragma(`journal_size_limit = ${walLimit}`);
    } catch {
      // The writer is closed: nothing left to checkpoint.
    }
    if (wasThread) {
      logger?.warn('database upkeep thread stopped: SQLite checkpoints on the main thread again', { error: error.message });
    } else {
      logger?.warn('database upkeep stays on the main thread: its thread could not start', { error: error.message });
    }
  };

  // Off from the start, not from when the thread answers: the catch-up's first transactions come while the thread
  // is still loading, and SQLite's automatic checkpoint then ran inside one of them (a 140 ms disk wait measured on
  // the main thread). Back on if the thread never comes. The same for cutting the WAL back (TRIM_QUIET_MS).
  writer.pragma('wal_autocheckpoint = 0');
  writer.pragma('journal_size_limit = -1');
  try {
    worker = new Worker(UPKEEP_THREAD_SOURCE, {
      eval: true,
      workerData: { sqliteModule: options.sqliteModule ?? resolveSqliteModule(), cacheKib: COPY_CACHE_KIB, file: options.file, nativeBinding: options.nativeBinding, secrets: COPY_SECRETS } satisfies ThreadData,
      // Its own small heap: it holds no data, only SQLite's pages (native memory).
      resourceLimits: { maxOldGenerationSizeMb: 32 },
    });
    // Never keeps the process alive: a checkpoint left undone is done by the writer at close.
    worker.unref();
    worker.on('message', (answer: Answer) => {
      if (answer.id === 0) {
        if (mode !== 'starting') return;
        mode = 'thread';
        resolveWhere('thread');
        // What was written while it loaded.
        upkeep.wrote();
        return;
      }
      const entry = waiting.get(answer.id);
      waiting.delete(answer.id);
      entry?.resolve(answer);
    });
    worker.on('error', (error) => onMain(error));
    worker.on('exit', (code) => {
      if (mode !== 'main') onMain(new Error(`the database upkeep thread ended (exit code ${code})`));
    });
  } catch (error) {
    onMain(error instanceof Error ? error : new Error(String(error)));
  }

  const ask = (request: { type: 'checkpoint' } | { type: 'trim'; limit: number } | { type: 'copy'; target: string }): Promise<Answer> =>
    new Promise<Answer>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker!.postMessage({ ...request, id });
    });

  const checkpoint = () => {
    timer = null;
    // Only once the thread runs (what was written while it loaded is checkpointed when it answers). A failure is
    // the thread's end, handled where it ends.
    if (mode === 'thread') track(ask({ type: 'checkpoint' })).catch(() => {});
  };

  const trim = () => {
    trimTimer = null;
    if (mode === 'thread') track(ask({ type: 'trim', limit: walLimit })).catch(() => {});
  };

  const upkeep: SqliteUpkeep = {
    where,
    wrote() {
      if (mode === 'main') return;
      // Pushed back by every write: it runs once the writer has been quiet that long.
      if (trimTimer) trimTimer.refresh();
      else {
        trimTimer = setTimeout(trim, options.trimQuietMs ?? TRIM_QUIET_MS);
        trimTimer.unref();
      }
      if (timer) return;
      timer = setTimeout(checkpoint, CHECKPOINT_DELAY_MS);
      timer.unref();
    },
    copy: (target) =>
      track(
        where.then(async () => {
          if (mode !== 'thread') return copyHere(target);
          fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
          const answer = await ask({ type: 'copy', target });
          if (answer.error) throw new Error(answer.error);
        }),
      ),
    async settled() {
      await where;
      if (timer) {
        clearTimeout(timer);
        checkpoint();
      }
      let seen: Promise<unknown>;
      do {
        seen = pending;
        await seen;
      } while (seen !== pending);
    },
    async close() {
      if (trimTimer) clearTimeout(trimTimer);
      trimTimer = null;
      await upkeep.settled();
      closing = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (mode !== 'thread' || !worker) return;
      const exited = new Promise<void>((resolve) => worker!.once('exit', () => resolve()));
      worker.postMessage({ type: 'close' });
      await exited;
    },
  };
  return upkeep;
}

import { performance } from 'node:perf_hooks';

// Long work in chunks sized by time, that give the event loop back between them (ARCHITECTURE rule 8):
// better-sqlite3 resolves every await synchronously, so a loop of awaits alone never lets a timer,
// an IPC message or an HTTP request in. A fixed count per chunk is right for one account and wrong
// for the next (a busy account's roll-forward replans ten times the rows), so each chunk is timed and
// the next one sized to fit the budget.

/** Lets everything already waiting (I/O, timers, other requests) run, then resumes. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How long a job may keep the event loop before it yields, in milliseconds. */
export const SLICE_MS = 10;
/** What one chunk (one transaction, which cannot yield inside) should take: half a slice, so a chunk that costs twice its estimate still ends near SLICE_MS. */
export const CHUNK_MS = SLICE_MS / 2;

/** The time source and the yield, injectable so a test drives them by hand. */
export interface JobClock {
  /** Milliseconds, monotonic. */
  now(): number;
  yield(): Promise<void>;
}

export const realJobClock: JobClock = { now: () => performance.now(), yield: yieldToEventLoop };

/**
 * Yields once the current slice has run `sliceMs` or longer, for loops whose steps are small and
 * uneven (one message, one subscription): a yield per step would waste turns, none would freeze.
 */
export function createTimeSlice(sliceMs = SLICE_MS, clock: JobClock = realJobClock) {
  let since = clock.now();
  return {
    async pause(): Promise<void> {
      if (clock.now() - since < sliceMs) return;
      await clock.yield();
      since = clock.now();
    },
  };
}

export interface ChunkSizes {
  /** The first chunk's size: small, since nothing is known yet of what one item costs. */
  initial: number;
  /** Never more than this (SQL parameter lists, a transaction's size). */
  max: number;
  /** Never fewer (default 1). */
  min?: number;
  /** The time one chunk should take (default CHUNK_MS). */
  targetMs?: number;
}

/**
 * Picks each next chunk's size from what the last ones cost per item: at once smaller after a slow
 * chunk, at most twice as large after a fast one (a cheap start is no proof the rest is cheap).
 */
export function createChunkSizer(sizes: ChunkSizes) {
  const min = Math.max(1, sizes.min ?? 1);
  const max = Math.max(min, sizes.max);
  const targetMs = sizes.targetMs ?? CHUNK_MS;
  let size = Math.min(max, Math.max(min, sizes.initial));
  // Milliseconds per item; null until a chunk was measured.
  let perItem: number | null = null;
  return {
    next: (): number => size,
    record(items: number, elapsedMs: number): void {
      if (items <= 0) return;
      const latest = elapsedMs / items;
      // A slower chunk counts in full, a faster one only partly: one cheap chunk must not undo a slow one.
      perItem = perItem === null || latest > perItem ? latest : perItem * 0.7 + latest * 0.3;
      const fits = perItem > 0 ? Math.floor(targetMs / perItem) : max;
      size = Math.min(max, Math.max(min, Math.min(fits, size * 2)));
    },
  };
}

export interface ChunkedRun {
  /** Chunks that ran. */
  chunks: number;
  /** False when `stopped` ended the run before the work was done. */
  finished: boolean;
}

/** What a long job takes from its caller: when to stop, and (tests) the clock its chunks are timed on. */
export interface JobOptions {
  /** Asked between chunks (shutdown): durable state says where to resume. */
  stopped?: () => boolean;
  clock?: JobClock;
}

export interface ChunkedOptions extends JobOptions {
  /** Chunk sizes; without it every chunk gets `limit` 1 and is timed all the same. */
  sizes?: ChunkSizes;
  /** Work allowed between two yields (default SLICE_MS). */
  sliceMs?: number;
}

/**
 * Runs `step(limit)` (one chunk of at most `limit` items, in its own transaction) until it says nothing
 * is left. Each chunk is timed; the next one's limit is sized to take about `targetMs`, and the event
 * loop gets a turn once `sliceMs` of work has passed since the last one, so no turn of the loop lasts
 * much longer than a slice whatever an item costs. A step never yields inside its transaction: one
 * connection holds it until commit.
 */
export async function runInChunks(step: (limit: number) => Promise<boolean>, options: ChunkedOptions = {}): Promise<ChunkedRun> {
  const clock = options.clock ?? realJobClock;
  const sliceMs = options.sliceMs ?? SLICE_MS;
  const sizer = createChunkSizer(options.sizes ?? { initial: 1, max: 1 });
  let chunks = 0;
  let sliceStart = clock.now();
  for (;;) {
    if (options.stopped?.()) return { chunks, finished: false };
    const limit = sizer.next();
    const started = clock.now();
    const more = await step(limit);
    const ended = clock.now();
    sizer.record(limit, ended - started);
    chunks += 1;
    if (!more) return { chunks, finished: true };
    if (ended - sliceStart >= sliceMs) {
      await clock.yield();
      sliceStart = clock.now();
    }
  }
}

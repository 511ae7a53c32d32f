import { performance } from 'node:perf_hooks';

// Long work in bounded chunks that give the event loop back between them (ARCHITECTURE rule 8):
// better-sqlite3 resolves every await synchronously, so a loop of awaits alone never lets a timer,
// an IPC message or an HTTP request in.

/** Lets everything already waiting (I/O, timers, other requests) run, then resumes. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How long a job may keep the event loop before it yields, in milliseconds. */
export const SLICE_MS = 10;

/**
 * Yields once the current slice has run `sliceMs` or longer, for loops whose steps are small and
 * uneven (one message, one subscription): a yield per step would waste turns, none would freeze.
 */
export function createTimeSlice(sliceMs = SLICE_MS) {
  let since = performance.now();
  return {
    async pause(): Promise<void> {
      if (performance.now() - since < sliceMs) return;
      await yieldToEventLoop();
      since = performance.now();
    },
  };
}

export interface ChunkedRun {
  /** Chunks that ran. */
  chunks: number;
  /** False when `stopped` ended the run before the work was done. */
  finished: boolean;
}

/**
 * Runs `step` (one bounded chunk, in its own transaction) until it says nothing is left, yielding to
 * the event loop before every next chunk. A step never yields inside its transaction: one connection
 * holds it until commit. `stopped` is asked between chunks (shutdown): durable state says where to resume.
 */
export async function runInChunks(step: () => Promise<boolean>, options: { stopped?: () => boolean } = {}): Promise<ChunkedRun> {
  let chunks = 0;
  for (;;) {
    if (options.stopped?.()) return { chunks, finished: false };
    const more = await step();
    chunks += 1;
    if (!more) return { chunks, finished: true };
    await yieldToEventLoop();
  }
}

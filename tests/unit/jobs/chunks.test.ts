import { describe, expect, it } from 'vitest';
import { CHUNK_MS, SLICE_MS, createChunkSizer, createTimeSlice, runInChunks, type JobClock } from '../../../main/jobs/chunks';

// The chunk runner on a clock the test moves by hand: each step "costs" what the test says, and every
// yield is recorded with the time spent since the last one. That time is one synchronous turn of the
// event loop, the freeze a user would feel; these tests hold it to the budget whatever an item costs.

function manualClock() {
  let now = 0;
  let turnStart = 0;
  const turns: number[] = [];
  const clock: JobClock = {
    now: () => now,
    yield: async () => {
      turns.push(now - turnStart);
      turnStart = now;
    },
  };
  return {
    clock,
    spend: (ms: number) => void (now += ms),
    /** Every turn so far, the one still running included. */
    turns: () => [...turns, now - turnStart],
  };
}

/** A job of `items` items, each costing `costOf(index)` ms, done `limit` at a time. */
function job(time: ReturnType<typeof manualClock>, items: number, costOf: (index: number) => number) {
  let done = 0;
  const limits: number[] = [];
  const step = async (limit: number) => {
    limits.push(limit);
    const end = Math.min(items, done + limit);
    for (; done < end; done++) time.spend(costOf(done));
    return done < items;
  };
  return { step, limits, done: () => done };
}

describe('runInChunks sizes chunks by time and yields by a time budget', () => {
  it('keeps every turn near the 10 ms slice for cheap items, growing the chunk instead of yielding after each', async () => {
    const time = manualClock();
    const work = job(time, 5_000, () => 0.05);
    const run = await runInChunks(work.step, { sizes: { initial: 2, max: 1_000 }, clock: time.clock });
    expect(run.finished).toBe(true);
    expect(work.done()).toBe(5_000);
    // The chunk doubles at most per step up to what fits half a slice (0.05 ms × 100 = 5 ms).
    expect(work.limits.slice(0, 7)).toEqual([2, 4, 8, 16, 32, 64, 100]);
    expect(Math.max(...time.turns())).toBeLessThanOrEqual(SLICE_MS + CHUNK_MS);
    // Not a yield per chunk: 5,000 items × 0.05 ms = 250 ms of work is ~25 turns, not 50 chunks' worth.
    expect(time.turns().length).toBeLessThan(work.limits.length);
  });

  it('shrinks the next chunk at once when items turn expensive (a busy account), so no turn reaches 50 ms', async () => {
    const time = manualClock();
    // 400 cheap items, then 400 that each cost 40 times as much (a workspace with many recipients).
    const work = job(time, 800, (i) => (i < 400 ? 0.1 : 4));
    const run = await runInChunks(work.step, { sizes: { initial: 4, max: 200 }, clock: time.clock });
    expect(run).toEqual({ chunks: work.limits.length, finished: true });
    // The chunk that first met the expensive items overran; none after it did.
    expect(Math.max(...time.turns())).toBeLessThan(50);
    const expensiveChunks = work.limits.slice(work.limits.findIndex((_, i) => work.limits.slice(0, i).reduce((a, b) => a + b, 0) >= 400));
    expect(expensiveChunks.slice(1).every((limit) => limit <= Math.ceil(CHUNK_MS / 4))).toBe(true);
  });

  it('yields between chunks that each take a whole slice, and the worst single item is the longest turn', async () => {
    const time = manualClock();
    const work = job(time, 30, () => 12);
    await runInChunks(work.step, { sizes: { initial: 1, max: 50 }, clock: time.clock });
    expect(work.limits.every((limit) => limit === 1)).toBe(true);
    expect(time.turns().every((turn) => turn <= 12)).toBe(true);
    expect(time.turns().length).toBe(30);
  });

  it('stops between chunks when asked, leaving the rest undone', async () => {
    const time = manualClock();
    const work = job(time, 100, () => 1);
    const run = await runInChunks(work.step, { sizes: { initial: 5, max: 5 }, clock: time.clock, stopped: () => work.done() >= 15 });
    expect(run).toEqual({ chunks: 3, finished: false });
    expect(work.done()).toBe(15);
  });

  it('lets a real setImmediate callback run between chunks once a slice has passed', async () => {
    const order: string[] = [];
    let chunks = 0;
    setImmediate(() => order.push('waiting callback'));
    const started = performance.now();
    await runInChunks(
      async () => {
        // Busy for 6 ms, as one synchronous SQLite transaction would be.
        const until = performance.now() + 6;
        while (performance.now() < until);
        order.push(`chunk ${++chunks}`);
        return chunks < 4;
      },
      { sizes: { initial: 1, max: 1 } },
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(24);
    // 6 ms chunks: the 10 ms slice has passed after the second (after the first, when the OS took the core away
    // meanwhile), so the waiting callback runs between chunks, never only after the last one.
    expect(order.filter((entry) => entry.startsWith('chunk'))).toEqual(['chunk 1', 'chunk 2', 'chunk 3', 'chunk 4']);
    const callback = order.indexOf('waiting callback');
    expect(callback).toBeGreaterThanOrEqual(1);
    expect(callback).toBeLessThanOrEqual(2);
  });
});

describe('createChunkSizer', () => {
  it('starts at its initial size, stays within min and max, and ignores an empty chunk', () => {
    const sizer = createChunkSizer({ initial: 500, min: 3, max: 50, targetMs: 5 });
    expect(sizer.next()).toBe(50);
    sizer.record(0, 100);
    expect(sizer.next()).toBe(50);
    sizer.record(50, 5_000);
    expect(sizer.next()).toBe(3);
    sizer.record(3, 0);
    // One free chunk does not undo a slow one (100 ms an item): the estimate only eases, the size stays at the floor.
    expect(sizer.next()).toBe(3);
    // Cheap chunks one after another win it back, never more than doubling per chunk.
    const sizes: number[] = [];
    for (let i = 0; i < 20; i++) {
      sizer.record(sizer.next(), 0.001);
      sizes.push(sizer.next());
    }
    expect(sizes.at(-1)).toBe(50);
    expect(sizes.every((size, i) => size <= 2 * (sizes[i - 1] ?? 3))).toBe(true);
  });
});

describe('createTimeSlice', () => {
  it('yields only once the slice has run its time', async () => {
    const time = manualClock();
    const slice = createTimeSlice(10, time.clock);
    for (let i = 0; i < 25; i++) {
      time.spend(1);
      await slice.pause();
    }
    expect(time.turns()).toEqual([10, 10, 5]);
  });
});

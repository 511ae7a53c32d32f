import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, keepHeapNearLiveSet } from '../../../main/boot/heap-budget';

// A long job's short-lived rows are promoted and wait in the old generation for the next full collection, which V8
// put off until the heap was up to 4× its live set (issue 9: the catch-up at 100k subscriptions peaked at 250 MB
// resident, ~70 MB of it garbage). Both skins call keepHeapNearLiveSet() as they start.

/** A process that holds ~20 MB and churns rows that live across turns, as a chunked job does; prints its peak old space. */
const CHURN = `
const v8 = require('node:v8');
if (process.argv[1] === 'budget') v8.setFlagsFromString(process.argv[2]);
const live = [];
for (let i = 0; i < 150000; i++) live.push({ id: i, name: 'subscription ' + i });
let batch = [];
let peak = 0;
(function turn(n) {
  for (let i = 0; i < 5000; i++) batch.push({ id: i, due: 'reminder ' + i, at: [i, i + 1] });
  if (batch.length > 150000) batch = [];
  const old = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').physical_space_size;
  if (old > peak) peak = old;
  if (n > 0) setImmediate(turn, n - 1);
  else process.stdout.write(String(Math.round(peak / 2 ** 20)));
})(300);
`;

function peakOldSpaceMb(flags: string | null): number {
  const args = flags === null ? ['-e', CHURN] : ['-e', CHURN, 'budget', flags];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  return Number(run.stdout);
}

describe('heap budget', () => {
  it('asks V8 to grow the heap by half its live set between full collections', () => {
    const flags: string[] = [];
    keepHeapNearLiveSet((f) => flags.push(f));
    expect(flags).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
  });

  it('set as a process starts, it keeps a churning job’s old generation well below V8’s default growth', () => {
    let flag = '';
    keepHeapNearLiveSet((f) => (flag = f));
    const defaultPeak = peakOldSpaceMb(null);
    const budgetPeak = peakOldSpaceMb(flag);
    expect(budgetPeak).toBeLessThan(defaultPeak * 0.8);
  }, 120_000);
});

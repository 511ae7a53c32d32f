import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { chargeGroups, groupTotals, peopleTotals, renewingTotals, upcomingCharges, upcomingGroups } from '../../main/db/repositories/dashboard';
import { upcomingWindow } from '../../main/services/dashboard-window';
import type { BenchResult } from '../bench';
import { CYCLES, openBenchAccount, RATES } from './fixture';

// Subscriptions at scale: 100,000 in one account (mixed currencies with and without rates, cycles,
// categories, statuses, dates). Times the dashboard in-process against the floor (one plain SQL pass),
// its reads one by one, the dashboard at 1k to 1M subscriptions, and the list pages.

const ROWS = 100_000;
const RUNS = 50;
const WARMUP = 5;
const STATS_TARGET_MS = 60;
const STATS_RATIO_TARGET = 1.3;
const SUMMARY_RATIO_TARGET = 1.1;
const LIST_TARGET_MS = 5;
// [rows, runs]: the scale line; 1M takes about a second a call, so fewer runs there.
const SCALE: [number, number][] = [[1_000, 50], [10_000, 50], [ROWS, RUNS], [1_000_000, 5]];
const SCALE_RATIO_TARGET = 10;

function summarize(times: number[], cpu: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  const cpuSorted = [...cpu].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!,
    cpu: cpuSorted[Math.floor(cpuSorted.length / 2)]!,
  };
}

type Timing = { median: number; p95: number; cpu: number };

/** Times each function RUNS times, alternating between them so both see the same machine load. */
function timeEach(...fns: (() => unknown)[]): Promise<Timing[]> {
  return timeRuns(RUNS, WARMUP, fns);
}

async function timeRuns(runs: number, warmup: number, fns: (() => unknown)[]): Promise<Timing[]> {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
  const times = fns.map(() => [] as number[]);
  const cpu = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of fns.entries()) {
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      await fn();
      times[k]!.push(performance.now() - started);
      const used = process.cpuUsage(cpuStart);
      cpu[k]!.push((used.user + used.system) / 1000);
    }
  }
  return fns.map((_, k) => summarize(times[k]!, cpu[k]!));
}

async function time(fn: () => unknown): Promise<Timing> {
  return (await timeEach(fn))[0]!;
}

/**
 * The floor for the dashboard's numbers: one plain pass, as someone would write it by hand. Per status,
 * category, currency and cycle: the count and the sum (what the cards and the category breakdown are
 * made of), then the count of plans renewing in the next 30 days. No rates, no forecast, no exactness.
 */
export const FLOOR_SQL = [
  `select status, category_id, currency, cycle_unit, cycle_every, count(*) as n, sum(amount_minor) as total
   from expenses where workspace_id = :workspace and deleted_at is null
   group by status, category_id, currency, cycle_unit, cycle_every`,
  `select count(*) as n from expenses
   where workspace_id = :workspace and deleted_at is null and status in ('active', 'trial') and renewal_date between :today and date(:today, '+30 days')`,
];

export function floorPass(sqlite: BetterSqlite3.Database, params: { workspace: number; today: string }): () => void {
  const [groups, upcoming] = FLOOR_SQL.map((q) => sqlite.prepare(q)) as [BetterSqlite3.Statement, BetterSqlite3.Statement];
  return () => {
    groups.all(params);
    upcoming.get(params);
  };
}

const oneLine = (q: string) => q.replace(/\s+/g, ' ').trim();

/**
 * dashboard.stats at 1k, 10k, 100k (measured above) and 1M subscriptions: the cost grows with the rows,
 * not faster. Compared on CPU time, which other work on a shared machine sways far less than wall time.
 */
async function scaleLine(at100k: Timing): Promise<BenchResult[]> {
  const timings = new Map<number, Timing>([[ROWS, at100k]]);
  for (const [rows, runs] of SCALE) {
    if (rows === ROWS) continue;
    const other = await openBenchAccount({ rows });
    try {
      timings.set(rows, (await timeRuns(runs, 1, [() => other.call('dashboard.stats')]))[0]!);
    } finally {
      await other.close();
    }
  }
  const results: BenchResult[] = SCALE.map(([rows, runs]) => {
    const t = timings.get(rows)!;
    return { name: `scale: dashboard.stats at ${rows.toLocaleString('en-US')} subscriptions`, value: t.median, p95: t.p95, cpu: t.cpu, runs, unit: 'ms' };
  });
  const ratio = timings.get(1_000_000)!.cpu / at100k.cpu;
  results.push({ name: 'scale: stats at 1,000,000 / at 100,000 (CPU time)', value: ratio, unit: '×', target: SCALE_RATIO_TARGET, note: `wall time: ${(timings.get(1_000_000)!.median / at100k.median).toFixed(2)}×` });
  return results;
}

export async function benchSubscriptions(): Promise<BenchResult[]> {
  const bench = await openBenchAccount({ rows: ROWS });
  const { database, call, today } = bench;
  const results: BenchResult[] = [];
  try {
    const size = fs.statSync(database.file).size + (fs.existsSync(`${database.file}-wal`) ? fs.statSync(`${database.file}-wal`).size : 0);
    results.push({
      name: `generate ${ROWS.toLocaleString('en-US')} subscriptions (one transaction, 10 indexes)`,
      value: bench.generateMs,
      unit: 'ms',
      note: `${(size / 1e6).toFixed(1)} MB; ${Object.keys(RATES).length + 1} currencies with a rate + BRL without; ${CYCLES.length} cycles; ${bench.categories} categories`,
    });

    const started = performance.now();
    await call('dashboard.stats');
    results.push({ name: 'first dashboard.stats (nothing due to roll; cold caches)', value: performance.now() - started, unit: 'ms' });

    // dashboard.stats and .summary against the floor: one plain GROUP BY and the upcoming count.
    const floor = floorPass(database.sqlite, { workspace: bench.workspaceId, today });
    const [statsTime, floorTime, summaryTime] = (await timeEach(
      () => call('dashboard.stats'),
      floor,
      () => call('dashboard.summary'),
    )) as [Timing, Timing, Timing];
    results.push({ name: 'floor: one plain GROUP BY + the upcoming count (raw better-sqlite3)', value: floorTime.median, p95: floorTime.p95, cpu: floorTime.cpu, runs: RUNS, unit: 'ms', note: FLOOR_SQL.map(oneLine).join('; then ') });
    results.push({ name: 'dashboard.stats in-process (dispatch → JSON-ready object)', value: statsTime.median, p95: statsTime.p95, cpu: statsTime.cpu, runs: RUNS, unit: 'ms', target: STATS_TARGET_MS });
    results.push({ name: 'ratio dashboard.stats / floor (medians, runs interleaved)', value: statsTime.median / floorTime.median, cpu: statsTime.cpu / floorTime.cpu, unit: '×', target: STATS_RATIO_TARGET });
    results.push({ name: 'dashboard.summary in-process', value: summaryTime.median, p95: summaryTime.p95, cpu: summaryTime.cpu, runs: RUNS, unit: 'ms', target: STATS_TARGET_MS });
    results.push({ name: 'ratio dashboard.summary / floor (medians, runs interleaved)', value: summaryTime.median / floorTime.median, cpu: summaryTime.cpu / floorTime.cpu, unit: '×', target: SUMMARY_RATIO_TARGET });

    // Where dashboard.stats spends its time: each of its reads alone, over the same rows.
    const window = upcomingWindow(today);
    const reads: [string, () => Promise<unknown>][] = [
      ['groupTotals', () => groupTotals(database.db, bench.workspaceId)],
      ['peopleTotals', () => peopleTotals(database.db, bench.workspaceId)],
      ['chargeGroups', () => chargeGroups(database.db, bench.workspaceId)],
      ['upcomingGroups', () => upcomingGroups(database.db, bench.workspaceId, window)],
      ['renewingTotals (summary)', () => renewingTotals(database.db, bench.workspaceId)],
      ['upcomingCharges (summary)', () => upcomingCharges(database.db, bench.workspaceId, window)],
    ];
    const readTimes = await timeEach(...reads.map(([, read]) => read));
    results.push({ name: "dashboard reads alone (the service's queries)", value: readTimes.reduce((n, t) => n + t.median, 0), unit: 'ms', note: reads.map(([name], i) => `${name} ${readTimes[i]!.median.toFixed(1)} ms`).join(', ') });

    results.push(...(await scaleLine(statsTime)));

    // List pages (filter + sort, 100 rows), through the real handler.
    const pages: [string, Record<string, unknown>, number | undefined][] = [
      ['list: status=active, sort renewal_date, 100 rows', { status: 'active', sort: 'renewal_date', limit: 100 }, LIST_TARGET_MS],
      ['list: category=Design, sort name, 100 rows', { category: 'Design', sort: 'name', limit: 100 }, LIST_TARGET_MS],
      ['list: status=trial, sort created_at desc, page 5', { status: 'trial', sort: 'created_at', limit: 100, offset: 400 }, LIST_TARGET_MS],
      ['list: all, sort name, 100 rows', { sort: 'name', limit: 100 }, LIST_TARGET_MS],
      ['list: all, sort monthly (base currency), 100 rows', { sort: 'monthly', limit: 100 }, undefined],
      ['list: search q=slack, 100 rows', { q: 'slack', limit: 100 }, undefined],
    ];
    for (const [name, input, target] of pages) {
      const page = await call('expenses.list', input);
      const t = await time(() => call('expenses.list', input));
      results.push({ name, value: t.median, p95: t.p95, cpu: t.cpu, runs: RUNS, unit: 'ms', ...(target ? { target } : {}), note: `${page.total.toLocaleString('en-US')} match` });
    }
  } finally {
    await bench.close();
  }
  return results;
}

import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { toNumber } from '../../common/domain/rational';
import { moneyView } from '../../main/services/money-view';
import { fromDecimalString } from '../../common/domain/rational';
import type { BenchResult } from '../bench';
import { CYCLES, openBenchAccount, RATES } from './fixture';

// Subscriptions at scale: 100,000 in one account (mixed currencies with and without rates, cycles,
// categories, statuses, dates). Times the dashboard and list pages in-process against the best single
// hand-written SQL for the same numbers.

const ROWS = 100_000;
const RUNS = 50;
const WARMUP = 5;
const STATS_TARGET_MS = 60;
const RATIO_TARGET = 1.5;
const LIST_TARGET_MS = 5;

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
async function timeEach(...fns: (() => unknown)[]): Promise<Timing[]> {
  for (let i = 0; i < WARMUP; i++) for (const fn of fns) await fn();
  const times = fns.map(() => [] as number[]);
  const cpu = fns.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
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

// The forecast key, as in migration 0003 (the hand-written SQL gets the same indexes as the service).
const FKEY = "(case when cycle_unit in ('month', 'year') then substr(renewal_date, 1, 7) else renewal_date end)";

/** Rates and per-unit monthly factors inlined as a VALUES list, as someone writing one query by hand would. */
function valuesLists(base: string): { rates: string; units: string } {
  const money = moneyView(base, new Map([[base, fromDecimalString('1')], ...Object.entries(RATES).map(([c, r]) => [c, fromDecimalString(r)] as const)]));
  const rates = [base, ...Object.keys(RATES)].map((c) => `('${c}', ${toNumber(money.toBaseFactor(c)!)})`).join(', ');
  const units = (['day', 'week', 'month', 'year'] as const).map((u) => `('${u}', ${toNumber(money.monthlyFactor({ unit: u, every: 1 }))})`).join(', ');
  return { rates, units };
}

/** One statement for every number dashboard.stats shows (floats, where the service is exact). */
function handStatsSql(base: string): string {
  const { rates, units } = valuesLists(base);
  return `
with
  rates(currency, factor) as (values ${rates}),
  units(unit, factor) as (values ${units}),
  totals as materialized (
    select status, category_id, currency, cycle_unit, cycle_every, count(*) as n, sum(amount_minor) as s
    from expenses where user_id = :user and deleted_at is null
    group by status, category_id, currency, cycle_unit, cycle_every),
  monthly as materialized (
    select t.status, t.category_id, t.currency, t.n, t.s * u.factor / (1.0 * t.cycle_every) as m, r.factor as rate
    from totals t join units u on u.unit = t.cycle_unit left join rates r on r.currency = t.currency),
  charges as materialized (
    select currency, cycle_unit, cycle_every, ${FKEY} as k, sum(amount_minor) as s
    from expenses where user_id = :user and deleted_at is null and status in ('active', 'trial') and auto_renew = 1
    group by status, auto_renew, currency, cycle_unit, cycle_every, ${FKEY}),
  months(i, start, next) as (
    select 0, date(:today, 'start of month'), date(:today, 'start of month', '+1 month')
    union all select i + 1, next, date(next, '+1 month') from months where i < 11),
  forecast as (
    select m.i, sum(c.s * r.factor * (
      case when c.cycle_unit in ('month', 'year') then
        case when (cast(substr(m.start, 1, 4) as integer) * 12 + cast(substr(m.start, 6, 2) as integer))
                  - (cast(substr(c.k, 1, 4) as integer) * 12 + cast(substr(c.k, 6, 2) as integer)) >= 0
              and ((cast(substr(m.start, 1, 4) as integer) * 12 + cast(substr(m.start, 6, 2) as integer))
                  - (cast(substr(c.k, 1, 4) as integer) * 12 + cast(substr(c.k, 6, 2) as integer)))
                  % (case c.cycle_unit when 'year' then 12 * c.cycle_every else c.cycle_every end) = 0
             then 1 else 0 end
      else max(0,
        floor((julianday(m.next) - 1 - julianday(c.k)) / (case c.cycle_unit when 'week' then 7 else 1 end * c.cycle_every))
        - max(0, ceil((julianday(m.start) - julianday(c.k)) / (case c.cycle_unit when 'week' then 7 else 1 end * c.cycle_every))) + 1)
      end)) as total
    from months m cross join charges c join rates r on r.currency = c.currency
    group by m.i)
select 'monthly' as kind, null as k, sum(m * rate) as v from monthly where status in ('active', 'trial')
union all select 'count', status, sum(n) from monthly group by status
union all select 'savings', null, sum(m * rate) from monthly where status = 'cancelled'
union all select 'category', category_id, sum(m * rate) from monthly where status in ('active', 'trial') group by category_id
union all select 'unconverted', currency, sum(m) from monthly where rate is null and status in ('active', 'trial') group by currency
union all select 'forecast', i, total from forecast
union all select 'upcoming', null, count(*) from expenses
  where user_id = :user and deleted_at is null and status in ('active', 'trial') and renewal_date between :today and date(:today, '+30 days')
union all select 'recent', id, null from (select id from expenses where user_id = :user and deleted_at is null order by created_at desc limit 5)`;
}

/** One statement for dashboard.summary's numbers. */
function handSummarySql(base: string): string {
  const { rates, units } = valuesLists(base);
  return `
with
  rates(currency, factor) as (values ${rates}),
  units(unit, factor) as (values ${units}),
  totals as (
    select status, auto_renew, currency, cycle_unit, cycle_every, count(*) as n, sum(amount_minor) as s
    from expenses where user_id = :user and deleted_at is null and status in ('active', 'trial')
    group by status, auto_renew, currency, cycle_unit, cycle_every)
select
  sum(t.s * u.factor / (1.0 * t.cycle_every) * r.factor) as monthly,
  sum(case when t.status = 'active' then t.n else 0 end) as active,
  (select count(*) from expenses where user_id = :user and deleted_at is null and status in ('active', 'trial')
     and renewal_date between :today and date(:today, '+30 days')) as upcoming
from totals t join units u on u.unit = t.cycle_unit left join rates r on r.currency = t.currency`;
}

export async function benchSubscriptions(): Promise<BenchResult[]> {
  const bench = await openBenchAccount({ rows: ROWS });
  const { database, call, userId, today } = bench;
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
    const first = await call('dashboard.stats');
    results.push({ name: 'first dashboard.stats (nothing due to roll; cold caches)', value: performance.now() - started, unit: 'ms' });

    // dashboard.stats vs one statement for the same numbers.
    const handStats = database.sqlite.prepare(handStatsSql(first.base_currency));
    const handStatsParams = { user: userId, today };
    const handRows = handStats.all(handStatsParams) as { kind: string; k: unknown; v: number }[];
    const handMonthly = handRows.find((r) => r.kind === 'monthly')!.v / 100;
    if (Math.abs(handMonthly - first.monthly_spend) > 0.05) throw new Error(`hand SQL disagrees: ${handMonthly} vs ${first.monthly_spend}`);
    const handForecast = handRows.filter((r) => r.kind === 'forecast').map((r) => r.v / 100);
    const forecastDrift = Math.max(...first.forecast.map((m: { total: number }, i: number) => Math.abs(m.total - handForecast[i]!)));
    if (forecastDrift > 0.05) throw new Error(`hand SQL forecast disagrees by ${forecastDrift}`);

    const [statsTime, handStatsTime] = (await timeEach(
      () => call('dashboard.stats'),
      () => handStats.all(handStatsParams),
    )) as [Timing, Timing];
    results.push({ name: 'dashboard.stats in-process (dispatch → JSON-ready object)', value: statsTime.median, p95: statsTime.p95, cpu: statsTime.cpu, runs: RUNS, unit: 'ms', target: STATS_TARGET_MS });
    results.push({
      name: 'best single hand-written SQL, same numbers (raw better-sqlite3, floats)',
      value: handStatsTime.median,
      p95: handStatsTime.p95,
      cpu: handStatsTime.cpu,
      runs: RUNS,
      unit: 'ms',
      note: `agrees with the service: monthly ${handMonthly.toFixed(2)} vs ${first.monthly_spend}; forecast within ${forecastDrift.toFixed(4)}`,
    });
    results.push({ name: 'ratio dashboard.stats / hand SQL (medians, runs interleaved)', value: statsTime.median / handStatsTime.median, cpu: statsTime.cpu / handStatsTime.cpu, unit: '×', target: RATIO_TARGET });

    // dashboard.summary vs one statement for its numbers.
    const handSummary = database.sqlite.prepare(handSummarySql(first.base_currency));
    const [summaryTime, handSummaryTime] = (await timeEach(
      () => call('dashboard.summary'),
      () => handSummary.get(handStatsParams),
    )) as [Timing, Timing];
    results.push({ name: 'dashboard.summary in-process', value: summaryTime.median, p95: summaryTime.p95, cpu: summaryTime.cpu, runs: RUNS, unit: 'ms', target: STATS_TARGET_MS });
    results.push({ name: 'best single hand-written SQL for the summary', value: handSummaryTime.median, p95: handSummaryTime.p95, cpu: handSummaryTime.cpu, runs: RUNS, unit: 'ms' });
    results.push({ name: 'ratio dashboard.summary / hand SQL (medians, runs interleaved)', value: summaryTime.median / handSummaryTime.median, cpu: summaryTime.cpu / handSummaryTime.cpu, unit: '×', target: RATIO_TARGET });

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

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { type BillingCycle } from '../../common/domain/billing-cycles';
import { type IsoDate, addDays, daysInMonth, formatIsoDate, partsOf, todayIn } from '../../common/domain/calendar-date';
import { currencyExponent } from '../../common/domain/currencies';
import { toNumber } from '../../common/domain/rational';
import { noReminderHooks, type RequestContext } from '../../main/core/context';
import { createCore } from '../../main/core/create-core';
import { type DatabaseHandle, openDatabase } from '../../main/db/open';
import { silentLogger } from '../../main/ports';
import { createMemorySecrets } from '../../main/secrets/keychain';
import { moneyView } from '../../main/services/money-view';
import { fromDecimalString } from '../../common/domain/rational';
import type { BenchResult } from '../bench';

// Subscriptions at scale: 100,000 in one account (mixed currencies with and without rates, cycles,
// categories, statuses, dates). Times the dashboard and list pages in-process against the best single
// hand-written SQL for the same numbers.

const ROWS = 100_000;
const RUNS = 50;
const WARMUP = 5;
const NOW = '2026-03-10T09:00:00Z';
const STATS_TARGET_MS = 60;
const RATIO_TARGET = 1.5;
const LIST_TARGET_MS = 5;

const RATES: Record<string, string> = { EUR: '1.08', GBP: '1.27', JPY: '0.0067', KWD: '3.25', CHF: '1.12', CAD: '0.74' };
// [currency, weight]; BRL has no rate, so it shows up under "unconverted".
const CURRENCIES: [string, number][] = [['USD', 45], ['EUR', 20], ['GBP', 10], ['JPY', 8], ['KWD', 3], ['CHF', 5], ['CAD', 5], ['BRL', 4]];
const CYCLES: [BillingCycle, number][] = [
  [{ unit: 'month', every: 1 }, 50],
  [{ unit: 'year', every: 1 }, 20],
  [{ unit: 'month', every: 3 }, 8],
  [{ unit: 'week', every: 1 }, 8],
  [{ unit: 'week', every: 2 }, 4],
  [{ unit: 'day', every: 30 }, 4],
  [{ unit: 'month', every: 6 }, 4],
  [{ unit: 'year', every: 2 }, 2],
];
const STATUSES: [string, number][] = [['active', 65], ['trial', 10], ['paused', 8], ['cancelled', 17]];
const VENDORS = ['Figma', 'Slack', 'GitHub', 'Notion', 'Zoom', 'Adobe', 'Atlassian', 'Dropbox', 'HubSpot', 'Linear', 'Vercel', 'Datadog', 'Sentry', 'Miro', 'Canva'];
const EXTRA_CATEGORIES = ['Security', 'Analytics', 'Support'];

// mulberry32: the same 100k rows on every run.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = rnd() * total;
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

function cycleDays(cycle: BillingCycle): number {
  return { day: 1, week: 7, month: 28, year: 365 }[cycle.unit] * cycle.every;
}

/** Bulk insert in one transaction through one prepared statement, like an import would. */
function generate(sqlite: BetterSqlite3.Database, userId: number, categoryIds: number[], today: IsoDate, rows: number): void {
  const rnd = random(20260310);
  const insert = sqlite.prepare(
    `insert into expenses (user_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date,
       description, status, trial_ends_on, auto_renew, payment_method, reminder_days, reminder_sent, cancelled_at, deleted_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
  );
  const created = Date.parse('2023-01-01T00:00:00Z');
  sqlite.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const currency = pick(rnd, CURRENCIES);
      const cycle = pick(rnd, CYCLES);
      const status = pick(rnd, STATUSES);
      const autoRenew = rnd() < 0.92;
      const major = 1 + Math.floor(rnd() * 500);
      const amountMinor = currency === 'JPY' ? major * 100 : Math.round((major + Math.floor(rnd() * 100) / 100) * 10 ** currencyExponent(currency));
      // Plans that roll are already on their next renewal, as the sweep would leave them.
      const rolls = autoRenew && (status === 'active' || status === 'trial');
      let renewal = rolls ? addDays(today, Math.floor(rnd() * cycleDays(cycle))) : addDays(today, Math.floor(rnd() * 800) - 400);
      let anchor = partsOf(renewal).day;
      if (cycle.unit === 'month' && rnd() < 0.1) {
        // Some month-end anchors, clamped in short months.
        anchor = 31;
        const { year, month } = partsOf(renewal);
        const clamped = formatIsoDate({ year, month, day: Math.min(31, daysInMonth(year, month)) });
        if (!rolls || clamped >= today) renewal = clamped;
        else anchor = partsOf(renewal).day;
      }
      const at = new Date(created + i * 60_000 * 9).toISOString();
      insert.run(
        userId,
        categoryIds[Math.floor(rnd() * categoryIds.length)]!,
        `${VENDORS[i % VENDORS.length]} ${i}`,
        amountMinor,
        currency,
        cycle.unit,
        cycle.every,
        anchor,
        renewal,
        rnd() < 0.5 ? `Seat licences for team ${i % 40}` : null,
        status,
        status === 'trial' ? addDays(today, Math.floor(rnd() * 30)) : null,
        autoRenew ? 1 : 0,
        rnd() < 0.6 ? `Visa •${String(1000 + (i % 9000))}` : null,
        rnd() < 0.1 ? '[14,3]' : null,
        status === 'cancelled' ? at : null,
        rnd() < 0.01 ? '2026-03-08T12:00:00.000Z' : null,
        at,
        at,
      );
    }
  })();
}

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

export interface BenchAccount {
  database: DatabaseHandle;
  userId: number;
  today: IsoDate;
  /** Calls an operation through the core's one door, signed in as the bench account. */
  call(name: string, input?: unknown): Promise<any>;
  generateMs: number;
  categories: number;
  close(): Promise<void>;
}

/** A temp database with one account holding `rows` generated subscriptions. */
export async function openBenchAccount(rows = ROWS): Promise<BenchAccount> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-bench-subscriptions-'));
  const database = await openDatabase({ file: path.join(dir, 'spend-manager.db') });
  const clock = { now: () => new Date(NOW), timeZone: () => 'UTC' };
  const today = todayIn('UTC', clock.now());
  const core = createCore({ db: database.db, clock, secrets: createMemorySecrets('bench'), notifier: { notify: () => false }, logger: silentLogger, reminders: noReminderHooks });
  let userId: number | null = null;
  const ctx = (): RequestContext => ({ userId, session: { signIn: async (id) => void (userId = id), signOut: async () => {} } });
  const call = async (name: string, input: unknown = {}): Promise<any> => {
    const result = await core.dispatch(name, input, ctx());
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.data;
  };
  await call('auth.register', { email: 'bench@company.test', username: 'bench', password: 'bench bench bench' });
  await call('settings.update', { rates: Object.entries(RATES).map(([currency, rate]) => ({ currency, rate })) });
  for (const name of EXTRA_CATEGORIES) await call('categories.create', { name });
  const categoryIds = (await call('categories.list')).categories.map((c: { id: number }) => c.id);
  const started = performance.now();
  generate(database.sqlite, userId!, categoryIds, today, rows);
  return {
    database,
    userId: userId!,
    today,
    call,
    generateMs: performance.now() - started,
    categories: categoryIds.length,
    async close() {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function benchSubscriptions(): Promise<BenchResult[]> {
  const bench = await openBenchAccount();
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

// The benchmarks' shared data: one account holding generated subscriptions (mixed currencies with and
// without rates, cycles, categories, statuses, dates), the same rows on every run. The subscriptions
// suite times the core on it in process; the ui suite serves it to a browser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { type BillingCycle } from '../../common/domain/billing-cycles';
import { type IsoDate, addDays, daysInMonth, formatIsoDate, partsOf, todayIn } from '../../common/domain/calendar-date';
import { currencyExponent } from '../../common/domain/currencies';
import { databaseFile } from '../../main/config/paths';
import { noReminderHooks, type ReminderHooks, type RequestContext } from '../../main/core/context';
import { createCore } from '../../main/core/create-core';
import { type SqliteHandle, openDatabase } from '../../main/db/open';
import { type Clock, silentLogger } from '../../main/ports';
import { createMemorySecrets } from '../../main/secrets/keychain';

export const BENCH_NOW = '2026-03-10T09:00:00Z';
export const BENCH_CREDENTIALS = { email: 'bench@company.test', username: 'bench', password: 'bench bench bench' };

export const RATES: Record<string, string> = { EUR: '1.08', GBP: '1.27', JPY: '0.0067', KWD: '3.25', CHF: '1.12', CAD: '0.74' };
// [currency, weight]; BRL has no rate, so it shows up under "unconverted".
const CURRENCIES: [string, number][] = [['USD', 45], ['EUR', 20], ['GBP', 10], ['JPY', 8], ['KWD', 3], ['CHF', 5], ['CAD', 5], ['BRL', 4]];
export const CYCLES: [BillingCycle, number][] = [
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

/** Rows a statement: with the dashboard's triggers (0022) SQLite journals each statement, so one row each costs 3×. */
const GENERATE_BATCH = 100;

/** Bulk insert in one transaction, 100 rows a prepared statement, like an import would. */
function generate(sqlite: BetterSqlite3.Database, userId: number, workspaceId: number, categoryIds: number[], today: IsoDate, rows: number): void {
  const rnd = random(20260310);
  const statement = (n: number) =>
    sqlite.prepare(
      `insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date,
       description, status, trial_ends_on, auto_renew, payment_method, reminder_days, reminder_sent, cancelled_at, deleted_at, created_at, updated_at)
     values ${Array(n).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)').join(', ')}`,
    );
  const full = statement(GENERATE_BATCH);
  let pending: unknown[] = [];
  let count = 0;
  const insert = { run: (...values: unknown[]) => { pending.push(...values); if (++count === GENERATE_BATCH) flush(); } };
  const flush = () => {
    if (count > 0) (count === GENERATE_BATCH ? full : statement(count)).run(...pending);
    pending = [];
    count = 0;
  };
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
        workspaceId,
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
    flush();
  })();
}
export interface BenchAccount {
  database: SqliteHandle;
  userId: number;
  /** The account's personal workspace, which holds the rows. */
  workspaceId: number;
  today: IsoDate;
  /** Calls an operation through the core's one door, signed in as the bench account. */
  call(name: string, input?: unknown): Promise<any>;
  generateMs: number;
  categories: number;
  close(): Promise<void>;
}

export interface BenchAccountOptions {
  rows: number;
  /** The clock the rows are dated against (default BENCH_NOW). */
  now?: string;
  /** Keep the database in this data folder (for a server to open later); default: a temp folder removed on close. */
  dataDir?: string;
  /** Real reminder hooks (planning inside each write); default: none, reminders are not measured. */
  reminders?: (clock: Clock) => ReminderHooks;
}

/** A database with one account (BENCH_CREDENTIALS) holding `rows` generated subscriptions. */
export async function openBenchAccount({ rows, now = BENCH_NOW, dataDir, reminders }: BenchAccountOptions): Promise<BenchAccount> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'spend-bench-subscriptions-'));
  const database = await openDatabase({ file: databaseFile(dir) });
  const clock = { now: () => new Date(now), timeZone: () => 'UTC' };
  const today = todayIn('UTC', clock.now());
  const core = createCore({ db: database.db, clock, secrets: createMemorySecrets('bench'), notifier: { notify: () => false }, logger: silentLogger, reminders: reminders ? reminders(clock) : noReminderHooks });
  let userId: number | null = null;
  const ctx = (): RequestContext => ({ userId, session: { signIn: async (id) => void (userId = id), signOut: async () => {} } });
  const call = async (name: string, input: unknown = {}): Promise<any> => {
    const result = await core.dispatch(name, input, ctx());
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.data;
  };
  await call('auth.register', BENCH_CREDENTIALS);
  await call('settings.update', { rates: Object.entries(RATES).map(([currency, rate]) => ({ currency, rate })) });
  for (const name of EXTRA_CATEGORIES) await call('categories.create', { name });
  const categoryIds = (await call('categories.list')).categories.map((c: { id: number }) => c.id);
  const started = performance.now();
  // The account's personal workspace (migration 0013): where the service reads its subscriptions.
  const workspaceId = (await call('workspaces.list')).workspaces.find((w: { kind: string }) => w.kind === 'personal').id as number;
  generate(database.sqlite, userId!, workspaceId, categoryIds, today, rows);
  return {
    database,
    userId: userId!,
    workspaceId,
    today,
    call,
    generateMs: performance.now() - started,
    categories: categoryIds.length,
    async close() {
      await database.close();
      if (!dataDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

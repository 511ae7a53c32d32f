import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { noReminderHooks, type RequestContext } from '../../main/core/context';
import { createCore } from '../../main/core/create-core';
import { openDatabase } from '../../main/db/open';
import type { Database } from '../../main/db/schema';
import { silentLogger } from '../../main/ports';
import { createMemorySecrets } from '../../main/secrets/keychain';
import { TEST_PG_ADMIN_URL, testDatabaseUrl } from '../../tests/support/test-dialect';
import type { BenchResult } from '../bench';
import { BENCH_CREDENTIALS, openBenchAccount } from './fixture';
import { startLoadServer } from './load';

// Issue 10 §3: the same 100,000 subscriptions (the fixture's account) on the SQLite file and on
// PostgreSQL (the test cluster of scripts/pg-test-cluster.sh, or TEST_DATABASE_URL): dashboard.stats
// and a list page through the core in process, then browser mode's requests per second with 50 clients.

const ROWS = 100_000;
const RUNS = 20;
const WARMUP = 3;
const CLIENTS = 50;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
// Tables the fixture fills, parents first; copied row for row, ids kept.
const TABLES = ['users', 'settings', 'categories', 'exchange_rates', 'expenses'] as const;
// Those with a numbered id (an identity column on PostgreSQL), whose numbering continues after the copy.
const NUMBERED = new Set<string>(['users', 'categories', 'expenses']);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
};

/** The SQLite bench database's rows into an empty, migrated PostgreSQL database; identities continue after them. */
async function copyToPostgres(from: Kysely<Database>, to: Kysely<Database>): Promise<void> {
  for (const table of TABLES) {
    const rows = await from.selectFrom(table).selectAll().execute();
    // 1,000 rows a statement: PostgreSQL takes at most 65,535 bind parameters.
    for (let i = 0; i < rows.length; i += 1_000) await to.insertInto(table).values(rows.slice(i, i + 1_000) as never).execute();
    if (NUMBERED.has(table)) await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(to);
  }
  await sql`analyze`.execute(to);
}

/** Times dashboard.stats and the first list page in process, alternating, on one database. */
async function timeInProcess(db: Kysely<Database>, userId: number, now: string): Promise<{ stats: number[]; list: number[] }> {
  const clock = { now: () => new Date(now), timeZone: () => 'UTC' };
  const core = createCore({ db, clock, secrets: createMemorySecrets('bench'), notifier: { notify: () => false }, logger: silentLogger, reminders: noReminderHooks });
  const ctx: RequestContext = { userId, session: { signIn: async () => {}, signOut: async () => {} } };
  const call = async (name: string, input: unknown) => {
    const result = await core.dispatch(name, input, ctx);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  };
  const stats: number[] = [];
  const list: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    let started = performance.now();
    await call('dashboard.stats', {});
    if (i >= WARMUP) stats.push(performance.now() - started);
    started = performance.now();
    await call('expenses.list', { limit: 50, sort: 'renewal_date' });
    if (i >= WARMUP) list.push(performance.now() - started);
  }
  return { stats, list };
}


/** 50 clients signed in as the bench account read its pages for SECONDS: requests per second, and any unexpected answer. */
async function loadBrowserMode(url: string): Promise<{ perSecond: number; requests: number; errors: number }> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: BENCH_CREDENTIALS.username, password: BENCH_CREDENTIALS.password }) });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  // One session for all clients: 50 sign-ins to one account in a second would meet the sign-in throttle.
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const page = (await (await fetch(`${url}/api/expenses?limit=50&sort=renewal_date`, { headers: { cookie } })).json()) as { expenses: { id: number }[] };
  const ids = page.expenses.map((e) => e.id);
  const mix = ['/api/expenses?limit=50&sort=renewal_date', '/api/expenses?limit=50&sort=renewal_date', '/api/dashboard/stats', '/api/auth/me', () => `/api/expenses/${ids[Math.floor(Math.random() * ids.length)]}`];
  let requests = 0;
  let errors = 0;
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const pick = mix[Math.floor(Math.random() * mix.length)]!;
        const res = await fetch(url + (typeof pick === 'string' ? pick : pick()), { headers: { cookie } });
        await res.arrayBuffer();
        requests += 1;
        if (res.status !== 200) errors += 1;
      }
    }),
  );
  return { perSecond: requests / ((performance.now() - started) / 1000), requests, errors };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export async function benchDialects(): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-bench-dialects-'));
  const admin = new pg.Pool({ connectionString: TEST_PG_ADMIN_URL, max: 1 });
  const name = `spend_bench_dialects_${process.pid}`;
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  const databaseUrl = testDatabaseUrl(name);
  try {
    // Dated today: the browser-mode server runs on the real clock, so it finds nothing to roll forward.
    const now = new Date().toISOString();
    const account = await openBenchAccount({ rows: ROWS, dataDir, now });
    const postgres = await openDatabase({ url: databaseUrl });
    const timed: Record<'SQLite' | 'PostgreSQL', { stats: number[]; list: number[] }> = { SQLite: { stats: [], list: [] }, PostgreSQL: { stats: [], list: [] } };
    try {
      await copyToPostgres(account.database.db, postgres.db);
      timed.SQLite = await timeInProcess(account.database.db, account.userId, now);
      timed.PostgreSQL = await timeInProcess(postgres.db, account.userId, now);
    } finally {
      await postgres.close();
      await account.close();
    }
    const results: BenchResult[] = [];
    for (const [dialect, env] of [['SQLite', {}], ['PostgreSQL', { DATABASE_URL: databaseUrl }]] as const) {
      const { stats, list } = timed[dialect];
      results.push(
        { name: `${dialect}: dashboard.stats at ${ROWS.toLocaleString('en-US')} subscriptions`, value: median(stats), p95: p95(stats), runs: stats.length, unit: 'ms', note: 'in process, through the core' },
        { name: `${dialect}: expenses.list, first page of 50 by renewal date`, value: median(list), p95: p95(list), runs: list.length, unit: 'ms' },
      );
      const server = await startLoadServer(dataDir, env);
      try {
        const load = await loadBrowserMode(server.url);
        results.push(
          {
            name: `${dialect}: browser mode, ${CLIENTS} clients, ${SECONDS} s (requests per second)`,
            value: load.perSecond,
            unit: 'req/s',
            note: `${load.requests.toLocaleString('en-US')} requests (list pages, stats, a subscription, auth.me) against the same ${ROWS.toLocaleString('en-US')} subscriptions; server in its own process`,
          },
          { name: `${dialect}: browser mode, unexpected answers`, value: load.errors, unit: 'count', target: 0 },
        );
      } finally {
        await stopServer(server.child);
      }
    }
    return results;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

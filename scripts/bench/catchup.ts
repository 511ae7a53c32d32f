import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { addDays, todayIn } from '../../common/domain/calendar-date';
import { openDatabase } from '../../main/db/open';
import { replanWorkspace } from '../../main/reminders/planner';
import { hashPassword } from '../../main/services/passwords';
import { SENDING_TIMEOUT_MS } from '../../main/reminders/delivery';
import { serveEntry } from '../../tests/support/serve-process';
import { startTestSmtpServer } from '../../tests/support/smtp-server';
import type { BenchResult } from '../bench';
import { insertRawAccount, insertRawCategory, type RawAccount } from './raw-account';
import { V8_LAUNCH_FLAGS } from '../launch-flags.mjs';

// The start-up after weeks away: 100,000 subscriptions over 10 accounts, their reminders (30, 7 and 1 day
// before) planned 20 days ago, so ~16k of them fell due while the app was closed. Browser mode starts in
// its own process and catches up, mailing through a real SMTP server on loopback (STARTTLS + AUTH), while
// this process asks it over HTTP whether it answers. The server reports its own event-loop delay and RSS.

const ACCOUNTS = 10;
const PER_ACCOUNT = 10_000;
const DAYS_CLOSED = 20;
const LEAD_DAYS = [30, 7, 1];
const PASSWORD = 'bench catch-up password';
const DELAY_TARGET_MS = 50;
const FIRST_ANSWER_TARGET_MS = 500;
const RSS_TARGET_MB = 200;
const CATCH_UP_TIMEOUT_MS = 15 * 60_000;

interface CaughtUp {
  /** From listening (where serve starts the catch-up) until nothing was due. */
  ms: number;
  delayMaxMs: number;
  delayP99Ms: number;
  /** The longest turn between two 1 ms timer ticks during the catch-up, in CPU time of the process (user + system). */
  maxTurnCpuMs: number;
  /** When it began, in ms after listening. */
  maxTurnAtMs: number;
  /** The longest turn in wall time less the time the main thread waited for a core (null where the OS does not say). */
  maxOwnTurnMs: number | null;
  maxOwnTurnAtMs: number;
  /** The same before listening (loading the bundle, opening and migrating the database). */
  startUpTurnCpuMs: number;
  /** Whose CPU time: the main thread's, or the whole process's where the OS does not tell threads apart. */
  turnClock: string;
  maxRssMb: number;
  /** Sampled every 100 ms: the heap when RSS was highest. */
  atPeak: { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; spaces: string };
  /** RSS and V8's spaces when it began listening (before the catch-up). */
  atListening: { rssMb: number; spaces: string };
  states: Record<string, number>;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/** Subscriptions and their reminders as the app left them `DAYS_CLOSED` days ago. */
export async function seedCatchUp(file: string, now: Date): Promise<void> {
  const database = await openDatabase({ file });
  try {
    const { sqlite, db } = database;
    const closedAt = new Date(now.getTime() - DAYS_CLOSED * 86_400_000);
    const firstRenewal = todayIn('UTC', closedAt);
    const hash = await hashPassword(PASSWORD);
    const stamp = closedAt.toISOString();
    const accounts: RawAccount[] = [];
    const insertExpense = sqlite.prepare(
      `insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, status, auto_renew, reminder_sent, created_at, updated_at)
       values (?, ?, ?, ?, ?, 'USD', 'year', 1, ?, ?, 'active', 1, 0, ?, ?)`,
    );
    sqlite.transaction(() => {
      for (let a = 0; a < ACCOUNTS; a++) {
        const account = insertRawAccount(sqlite, { email: `acct${a}@catchup.test`, username: `acct${a}`, passwordHash: hash, stamp, timeZone: 'UTC', leadDays: LEAD_DAYS });
        accounts.push(account);
        const category = insertRawCategory(sqlite, account, 'Tools', stamp);
        for (let i = 0; i < PER_ACCOUNT; i++) {
          // Yearly renewals spread evenly over the year that started on the day the app was closed.
          const date = addDays(firstRenewal, Math.floor((i * 365) / PER_ACCOUNT));
          insertExpense.run(account.userId, account.workspaceId, category, `Tool ${a}-${i}`, 500 + ((i * 37) % 20_000), Number(date.slice(8)), date, stamp, stamp);
        }
      }
    })();
    // Planned when the app was last open; what fell due before that went out then.
    const then = { now: () => closedAt, timeZone: () => 'UTC' };
    for (const account of accounts) await db.transaction().execute((trx) => replanWorkspace(trx, then, account.workspaceId));
    sqlite
      .prepare("update reminders set state = 'sent', sent_at = due_at, next_attempt_at = null, email = 'sent', notification = 'unavailable' where due_at <= ?")
      .run(stamp);
  } finally {
    await database.close();
  }
}

interface Server {
  child: ChildProcess;
  /** The server's clock when the probe loaded, before the bundle. */
  startedAt: Promise<number>;
  url: Promise<string>;
  /** Asks the probe for its figures (call once nothing is due). */
  report(): Promise<Omit<CaughtUp, 'ms' | 'states'> & { sinceListeningMs: number }>;
}

const PROBE = new URL('./catchup-probe.mjs', import.meta.url).href;
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The built serve entry (as `npm test` builds it) with the probe preloaded, over IPC. */
function startServer(entry: string, dataDir: string, env: NodeJS.ProcessEnv): Server {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // The flags the app's launchers start the server with; BENCH_SERVER_FLAGS replaces them, to try others ('' for V8's default).
  const flags = process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? V8_LAUNCH_FLAGS;
  const child = spawn(process.execPath, [...profile, ...flags, '--import', PROBE, entry, '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // NODE_PATH: the native modules the bundle leaves outside, from this checkout (as tests/support/serve-process.ts).
    env: { ...process.env, PORT: '0', NODE_PATH: path.join(root, 'node_modules'), ...env },
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    // Browser mode echoes its log; only the tail is kept, for an error message.
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const message = <T>(type: string, timeoutMs: number): Promise<T> => {
    const found = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`catch-up server: no ${type} within ${timeoutMs} ms: ${output}`)), timeoutMs);
      const onMessage = (m: { type?: string }) => {
        if (m?.type !== type) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(m as T);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`catch-up server exited (${code}): ${output}`));
      });
    });
    // Awaited by the caller when it gets that far; an early failure elsewhere must not crash the bench.
    found.catch(() => {});
    return found;
  };
  const started = message<{ at: number }>('start', 60_000);
  const url = new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        child.stdout!.off('data', onData);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`catch-up server exited (${code}) before listening: ${output}`)));
  });
  url.catch(() => {});
  return {
    child,
    startedAt: started.then((m) => m.at),
    url,
    report() {
      const answer = message<Omit<CaughtUp, 'ms' | 'states'> & { sinceListeningMs: number }>('report', 30_000);
      child.send({ type: 'report' });
      return answer;
    },
  };
}

/** Nothing due and nothing being sent (the scheduler's own test), read from the file beside the server (WAL: readers never block it). */
function caughtUpWatcher(file: string) {
  const sqlite = new BetterSqlite3(file, { readonly: true });
  const busy = sqlite.prepare(
    `select 1 from reminders where state in ('pending', 'snoozed', 'sending') and next_attempt_at <= ?
       and (next_attempt_at <= ? or state = 'sending') limit 1`,
  );
  return {
    done(): boolean {
      const now = Date.now();
      return busy.get(new Date(now + SENDING_TIMEOUT_MS + 60_000).toISOString(), new Date(now).toISOString()) === undefined;
    },
    states(): Record<string, number> {
      const rows = sqlite.prepare('select state, count(*) as n from reminders group by state').all() as { state: string; n: number }[];
      return Object.fromEntries(rows.map((r) => [r.state, r.n]));
    },
    close: () => sqlite.close(),
  };
}

interface Scenario {
  label: string;
  env: NodeJS.ProcessEnv;
  mails: () => { count: number; messageIds: number };
}

function dueNow(file: string): number {
  const sqlite = new BetterSqlite3(file, { readonly: true });
  try {
    return (sqlite.prepare("select count(*) as n from reminders where state in ('pending', 'snoozed', 'sending') and next_attempt_at <= ?").get(new Date().toISOString()) as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

// An idle process beside the server: the stalls this busy, shared machine causes by itself (scheduling, disk).
const IDLE_PROBE = `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: 1 });
h.enable();
process.stdin.on('data', () => { h.disable(); process.stdout.write(JSON.stringify({ max: h.max / 1e6, p99: h.percentile(99) / 1e6 })); process.exit(0); });
`;

function startIdleProbe(): { stop(): Promise<{ max: number; p99: number }> } {
  const child = spawn(process.execPath, ['-e', IDLE_PROBE], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped: Promise<{ max: number; p99: number }> | null = null;
  return {
    stop() {
      stopped ??= (async () => {
        child.stdin!.end('stop\n');
        await exited;
        return JSON.parse(out) as { max: number; p99: number };
      })();
      return stopped;
    },
  };
}

async function runScenario(template: string, dir: string, entry: string, scenario: Scenario): Promise<BenchResult[]> {
  fs.mkdirSync(dir);
  const file = path.join(dir, 'spend-manager.db');
  fs.copyFileSync(template, file);
  const due = dueNow(file);
  const probe = startIdleProbe();
  const server = startServer(entry, dir, scenario.env);
  const watcher = caughtUpWatcher(file);
  try {
    const startedAt = await server.startedAt;
    const url = await server.url;

    // The first request goes out the moment the server listens, as a window would ask for its first page.
    const status = await fetch(`${url}/api/app/status`);
    const firstAnswerMs = Date.now() - startedAt;
    if (status.status !== 200) throw new Error(`GET /api/app/status answered ${status.status}`);
    const firstDuringCatchUp = !watcher.done();

    // Then a signed-in window asks the server over and over until the catch-up ends (a cheap read, so
    // the turns measured are the catch-up's; the Reminders page's own cost is measured after it).
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'acct0', password: PASSWORD }) });
    if (login.status !== 200) throw new Error(`login answered ${login.status}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const latencies: number[] = [];
    const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
    while (!watcher.done()) {
      if (Date.now() > deadline) throw new Error(`catch-up not done within ${CATCH_UP_TIMEOUT_MS} ms`);
      const started = performance.now();
      const res = await fetch(`${url}/api/auth/me`, { headers: { cookie } });
      await res.arrayBuffer();
      latencies.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`GET /api/auth/me answered ${res.status}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const probed = await server.report();
    const report: CaughtUp = { ...probed, ms: probed.sinceListeningMs, states: watcher.states() };
    // The Reminders page (31k rows of this account) on the idle, caught-up server: its own longest turn.
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${url}/api/reminders?limit=50`, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET /api/reminders answered ${res.status}`);
    }
    const listTurnCpuMs = (await server.report()).maxTurnCpuMs;
    const idle = await probe.stop();
    // Mails the server accepted may still be being parsed on this side.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const mails = scenario.mails();
    const states = Object.entries(report.states)
      .map(([state, n]) => `${state} ${n.toLocaleString('en-US')}`)
      .join(', ');
    const label = `catch-up, ${scenario.label}`;
    return [
      {
        name: `${label}: event-loop delay, max`,
        value: report.delayMaxMs,
        unit: 'ms',
        target: DELAY_TARGET_MS,
        note: `${(ACCOUNTS * PER_ACCOUNT).toLocaleString('en-US')} subscriptions over ${ACCOUNTS} accounts, ${due.toLocaleString('en-US')} reminders due at start; monitorEventLoopDelay in the built server (dist/main/serve.cjs) from the moment it listened, when the catch-up starts, until nothing was due`,
      },
      { name: `${label}: event-loop delay, p99`, value: report.delayP99Ms, unit: 'ms' },
      {
        name: `${label}: the longest turn in CPU time`,
        value: report.maxTurnCpuMs,
        unit: 'ms',
        note: `CPU time between two 1 ms timer ticks, ${report.turnClock}, from listening until caught up: the stall without the time it waited for a core; it began ${report.maxTurnAtMs} ms after listening`,
      },
      ...(report.maxOwnTurnMs === null
        ? []
        : [
            {
              name: `${label}: the longest turn without waiting for a core`,
              value: report.maxOwnTurnMs,
              unit: 'ms',
              note: `wall time between two 1 ms ticks less the main thread's time on a run queue (schedstat): its CPU plus its own waits (disk, locks) — the event-loop delay an idle machine would see; it began ${report.maxOwnTurnAtMs} ms after listening`,
            },
          ]),
      {
        name: `${label}: the longest turn in CPU time before listening`,
        value: report.startUpTurnCpuMs,
        unit: 'ms',
        note: 'loading the bundle, opening the database, building the HTTP server: counted in the first answer, not in the catch-up',
      },
      {
        name: `${label}: the same in an idle process beside it, max`,
        value: idle.max,
        p99: idle.p99,
        unit: 'ms',
        note: 'what the machine itself (other processes, the disk) costs any event loop meanwhile',
      },
      {
        name: `${label}: start to the first answered request (GET /api/app/status over HTTP)`,
        value: firstAnswerMs,
        unit: 'ms',
        target: FIRST_ANSWER_TARGET_MS,
        note: firstDuringCatchUp ? 'answered while the catch-up ran' : 'the catch-up had already ended: this figure does not show an answer during it',
      },
      {
        name: `${label}: a signed-in GET /api/auth/me during it, max`,
        value: latencies.length ? Math.max(...latencies) : 0,
        p99: percentile(latencies, 99),
        runs: latencies.length,
        unit: 'ms',
      },
      {
        name: `${label}: GET /api/reminders?limit=50 after it, longest turn in CPU time`,
        value: listTurnCpuMs,
        unit: 'ms',
        note: "the Reminders page's own cost on the idle server (5 requests): a read, not the catch-up; counted apart so the catch-up's turns are the catch-up's",
      },
      { name: `${label}: peak RSS of the server`, value: report.maxRssMb, unit: 'MB', target: RSS_TARGET_MB, note: `process.resourceUsage().maxRSS of the built server, start-up included; at the highest RSS sampled (${report.atPeak.rssMb.toFixed(0)} MB) V8's heap held ${report.atPeak.heapUsedMb.toFixed(0)} MB used of ${report.atPeak.heapTotalMb.toFixed(0)} MB (MB resident by space: ${report.atPeak.spaces}), external ${report.atPeak.externalMb.toFixed(0)} MB, the rest native (Node itself, SQLite's caches, buffers); when it began listening: RSS ${report.atListening.rssMb.toFixed(0)} MB (${report.atListening.spaces})` },
      {
        name: `${label}: from listening until nothing was due`,
        value: report.ms / 1000,
        unit: 's',
        note: `${mails.count.toLocaleString('en-US')} mails received (${mails.messageIds.toLocaleString('en-US')} distinct Message-IDs); reminders after: ${states}`,
      },
    ];
  } finally {
    watcher.close();
    await probe.stop().catch(() => {});
    if (server.child.exitCode === null && server.child.signalCode === null) {
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGTERM');
      await exited;
    }
  }
}

/** The first fetch of a process loads its HTTP client (~80 ms): paid here, so the figures are the server's. */
async function warmUpFetch(): Promise<void> {
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).text();
  } finally {
    server.close();
  }
}

/**
 * A first start after an install or update, on an empty data folder: the bundle compiled from source (no code
 * cache yet, main/boot/code-cache.ts), which saves the cache every later start (the scenarios) compiles from.
 */
async function firstStartEver(dir: string, entry: string, env: NodeJS.ProcessEnv): Promise<BenchResult> {
  const dataDir = path.join(dir, 'first-start');
  fs.mkdirSync(dataDir);
  const server = startServer(entry, dataDir, env);
  try {
    const startedAt = await server.startedAt;
    const res = await fetch(`${await server.url}/api/app/status`);
    await res.arrayBuffer();
    return {
      name: 'first start after an install (no code cache yet, empty data folder): start to the first answered request',
      value: Date.now() - startedAt,
      unit: 'ms',
      note: 'once per build: it compiles the 5 MB bundle from source and saves the code cache the starts below compile from',
    };
  } finally {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
}

export async function benchCatchUp(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-bench-catchup-'));
  // The bundle `npm test` built (SPEND_SERVE_ENTRY), else a fresh build of this checkout: RSS and turns are the product's.
  const built = serveEntry();
  const smtp = await startTestSmtpServer({ mode: 'starttls', auth: { user: 'bench', pass: 'bench-pass' } });
  try {
    const template = path.join(dir, 'seeded.db');
    await seedCatchUp(template, new Date());
    const caFile = path.join(dir, 'smtp-ca.pem');
    fs.writeFileSync(caFile, smtp.ca);
    const none = { count: 0, messageIds: 0 };
    // The bench's own code cache folder, so a run never depends on (or leaves) the user's.
    const codeCache = { SPEND_MANAGER_CODE_CACHE_DIR: path.join(dir, 'code-cache') };
    await warmUpFetch();
    const firstStart = await firstStartEver(dir, built.entry, { ...codeCache, SMTP_URL: '' });
    const withoutMail = await runScenario(template, path.join(dir, 'no-smtp'), built.entry, { label: 'no SMTP (OS notifications only)', env: { ...codeCache, SMTP_URL: '' }, mails: () => none });
    const withMail = await runScenario(template, path.join(dir, 'smtp'), built.entry, {
      label: 'loopback SMTP (STARTTLS + AUTH)',
      env: { ...codeCache, SMTP_URL: `smtp://bench:bench-pass@${smtp.host}:${smtp.port}?from=reminders%40catchup.test`, NODE_EXTRA_CA_CERTS: caFile },
      mails: () => ({ count: smtp.mails.length, messageIds: new Set(smtp.mails.map((m) => m.messageId)).size }),
    });
    return [firstStart, ...withMail, ...withoutMail];
  } finally {
    await smtp.stop();
    built.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

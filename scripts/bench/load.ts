import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { BenchResult } from '../bench';

// A bounded load run against browser mode on loopback: 50 clients (each its own session cookie) over
// 10 accounts for 20 s, a realistic mix of reads and writes. Every answer is checked: an unexpected
// status is an error, and any row of another account in an answer is a cross-account leak.

const ACCOUNTS = 10;
const CLIENTS = 50;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
const SEED_PER_ACCOUNT = 100;

type Op = 'auth.me' | 'expenses.list' | 'expenses.get' | 'expenses.create' | 'expenses.update' | 'dashboard.stats' | 'dashboard.summary' | 'reminders.list' | 'probe another account';
const MIX: [Op, number][] = [
  ['expenses.list', 26],
  ['dashboard.stats', 18],
  ['dashboard.summary', 10],
  ['expenses.get', 14],
  ['expenses.create', 8],
  ['expenses.update', 8],
  ['reminders.list', 6],
  ['auth.me', 5],
  ['probe another account', 5],
];

interface Account {
  tag: string;
  userId: number;
  expenseIds: number[];
}

interface Answer {
  status: number;
  body: unknown;
}

class Client {
  cookie = '';
  constructor(private readonly base: string) {}

  async send(method: string, url: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return { status: res.status, body: await res.json() };
  }
}

/** The bench's browser-mode server (load-server.ts) in its own process, on the data folder given; the environment adds to this one's. */
export function startLoadServer(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./load-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening (http:\/\/\S+)/.exec(output);
      if (m) resolve({ url: m[1]!, child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`load server exited (${code}): ${output}`)));
  });
}

function pick<T>(items: [T, number][], r: number): T {
  const total = items.reduce((n, [, w]) => n + w, 0);
  let x = r * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items.at(-1)![0];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/** The rows in an answer that do not belong to `account` (by user_id, or by the account's name prefix). */
function leaksIn(op: Op, body: unknown, account: Account): number {
  const b = body as Record<string, unknown>;
  const mine = (e: { user_id?: number; name?: string }) => (e.user_id === undefined || e.user_id === account.userId) && (e.name === undefined || e.name.startsWith(`${account.tag}-`));
  switch (op) {
    case 'expenses.list':
      return (b.expenses as { user_id: number; name: string }[]).filter((e) => !mine(e)).length;
    case 'expenses.get':
    case 'expenses.create':
    case 'expenses.update':
      return mine(b.expense as { user_id: number; name: string }) ? 0 : 1;
    case 'dashboard.stats': {
      const lists = [b.upcoming_renewals, b.recent_expenses].filter(Array.isArray) as { name: string }[][];
      return lists.flat().filter((e) => !mine(e)).length;
    }
    case 'reminders.list':
      return ((b.reminders ?? []) as { expense_name: string }[]).filter((r) => !r.expense_name.startsWith(`${account.tag}-`)).length;
    case 'auth.me':
      return (b.user as { id: number }).id === account.userId ? 0 : 1;
    default:
      return 0;
  }
}

export async function benchLoad(): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-bench-load-'));
  const { url, child } = await startLoadServer(dataDir);
  try {
    // Accounts, each seeded with subscriptions renewing over the next months.
    const accounts: Account[] = [];
    const clients: { client: Client; account: Account }[] = [];
    for (let a = 0; a < ACCOUNTS; a++) {
      const tag = `acct${a}`;
      const owner = new Client(url);
      const reg = await owner.send('POST', '/api/auth/register', { email: `${tag}@load.test`, username: tag, password: `${tag}-password-123` });
      if (reg.status !== 201) throw new Error(`register ${tag}: ${reg.status} ${JSON.stringify(reg.body)}`);
      const account: Account = { tag, userId: (reg.body as { user: { id: number } }).user.id, expenseIds: [] };
      for (let i = 0; i < SEED_PER_ACCOUNT; i++) {
        const day = String(1 + (i % 28)).padStart(2, '0');
        const created = await owner.send('POST', '/api/expenses', { name: `${tag}-seed-${i}`, amount: 5 + (i % 90), renewal_date: `2027-0${1 + (i % 9)}-${day}` });
        account.expenseIds.push((created.body as { expense: { id: number } }).expense.id);
      }
      accounts.push(account);
      for (let c = 0; c < CLIENTS / ACCOUNTS; c++) {
        const client = c === 0 ? owner : new Client(url);
        if (c > 0) {
          const login = await client.send('POST', '/api/auth/login', { username: tag, password: `${tag}-password-123` });
          if (login.status !== 200) throw new Error(`login ${tag}: ${login.status}`);
        }
        clients.push({ client, account });
      }
    }

    const latencies = new Map<Op, number[]>(MIX.map(([op]) => [op, []]));
    let errors = 0;
    let leaks = 0;
    const errorSamples: string[] = [];
    let seq = 0;
    const until = performance.now() + SECONDS * 1000;

    async function one(client: Client, account: Account): Promise<void> {
      const op = pick(MIX, Math.random());
      const own = account.expenseIds[Math.floor(Math.random() * account.expenseIds.length)]!;
      const other = accounts[(accounts.indexOf(account) + 1 + Math.floor(Math.random() * (ACCOUNTS - 1))) % ACCOUNTS]!;
      const foreign = other.expenseIds[Math.floor(Math.random() * other.expenseIds.length)]!;
      const requests: Record<Op, () => Promise<Answer>> = {
        'auth.me': () => client.send('GET', '/api/auth/me'),
        'expenses.list': () => client.send('GET', '/api/expenses?limit=50&sort=renewal_date'),
        'expenses.get': () => client.send('GET', `/api/expenses/${own}`),
        'expenses.create': () => client.send('POST', '/api/expenses', { name: `${account.tag}-load-${seq++}`, amount: '12.50', renewal_date: '2027-03-15' }),
        'expenses.update': () => client.send('PUT', `/api/expenses/${own}`, { amount: (10 + (seq++ % 80)).toFixed(2) }),
        'dashboard.stats': () => client.send('GET', '/api/dashboard/stats'),
        'dashboard.summary': () => client.send('GET', '/api/dashboard/summary'),
        'reminders.list': () => client.send('GET', '/api/reminders?limit=50'),
        'probe another account': () => client.send('GET', `/api/expenses/${foreign}`),
      };
      const started = performance.now();
      const answer = await requests[op]();
      latencies.get(op)!.push(performance.now() - started);
      const expected = op === 'probe another account' ? 404 : op === 'expenses.create' ? 201 : 200;
      if (answer.status !== expected) {
        if (op === 'probe another account' && answer.status === 200) leaks += 1;
        else {
          errors += 1;
          if (errorSamples.length < 3) errorSamples.push(`${op} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        }
        return;
      }
      if (op === 'expenses.create') account.expenseIds.push((answer.body as { expense: { id: number } }).expense.id);
      leaks += leaksIn(op, answer.body, account);
    }

    const runStarted = performance.now();
    await Promise.all(
      clients.map(async ({ client, account }) => {
        while (performance.now() < until) {
          try {
            await one(client, account);
          } catch (error) {
            errors += 1;
            if (errorSamples.length < 3) errorSamples.push(String(error));
          }
        }
      }),
    );
    const elapsed = (performance.now() - runStarted) / 1000;
    const all = [...latencies.values()].flat();

    const results: BenchResult[] = [
      {
        name: `load: ${CLIENTS} clients over ${ACCOUNTS} accounts, ${SECONDS} s (requests per second)`,
        value: all.length / elapsed,
        unit: 'req/s',
        note: `${all.length.toLocaleString('en-US')} requests; ${SEED_PER_ACCOUNT} subscriptions per account to start; server in its own process on loopback`,
      },
      { name: 'load: errors (unexpected status or failed request)', value: errors, unit: 'count', target: 0, ...(errorSamples.length ? { note: errorSamples.join(' | ') } : {}) },
      { name: 'load: cross-account leaks', value: leaks, unit: 'count', target: 0 },
    ];
    for (const [op, times] of latencies) {
      const sorted = [...times].sort((a, b) => a - b);
      results.push({ name: `load: ${op}`, value: percentile(sorted, 50), p99: percentile(sorted, 99), runs: sorted.length, unit: 'ms' });
    }
    return results;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

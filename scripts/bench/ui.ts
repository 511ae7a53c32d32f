import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import type { BenchResult } from '../bench';
import { BENCH_CREDENTIALS, openBenchAccount } from './fixture';
import { initialScripts, jsFile, sumGzip } from './ui-bundle';
import { V8_LAUNCH_FLAGS } from '../launch-flags.mjs';

// The first useful screen, as a user with a cold browser meets it: the built app in browser mode on
// loopback, Debian's headless Chromium, a new browser context (empty cache) for every load, signed in
// as an account with 1,000 and then 10,000 generated subscriptions. One load is navigation → the
// dashboard's KPI numbers painted (Element Timing) → its charts drawn.
// UI_BASELINE_DIST=<another build's dist/> also serves that build from the same data and alternates loads
// between the two, so a before/after comparison sees the same machine load (this machine is shared).

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST = path.resolve(ROOT, process.env.SPEND_DIST_DIR ?? 'dist');
const BASELINE = process.env.UI_BASELINE_DIST ? path.resolve(process.env.UI_BASELINE_DIST) : null;
const RENDERER = path.join(DIST, 'renderer');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium dials out at start, and this machine refuses it.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SIZES: [rows: number, targetMs: number][] = [
  [1_000, 150],
  [10_000, 250],
];
const LOADS = Number(process.env.UI_LOADS ?? 20);
const WARMUP = 2;
const INITIAL_JS_TARGET_KB = 120;
const MEMORY_ROWS = 100_000;
const SERVER_RSS_TARGET_MB = 120;
const ROUTE_JS_TARGET_KB = 250;

// Runs in the page before any of its scripts. Marks the first KPI value in the DOM for Element Timing,
// which then reports when it was painted; records when the charts' first SVG appeared.
const OBSERVER = `(() => {
  const b = (window.__bench = { kpiDom: 0, kpiPaint: 0, charts: 0 });
  const look = () => {
    if (!b.kpiDom) {
      const values = document.querySelectorAll('.kpi-value');
      if (values.length > 0 && /\\d/.test(values[0].textContent || '')) {
        b.kpiDom = performance.now();
        values.forEach((v) => v.setAttribute('elementtiming', 'kpi'));
      }
    }
    if (!b.charts && document.querySelector('.chart-grid svg.recharts-surface')) b.charts = performance.now();
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.identifier === 'kpi' && !b.kpiPaint) b.kpiPaint = e.renderTime || e.loadTime;
  }).observe({ type: 'element', buffered: true });
})();`;

interface Load {
  kpiDom: number;
  kpiPaint: number;
  charts: number;
  resources: { name: string; start: number; end: number; type: string; encoded: number }[];
}

function build(): void {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the build failed');
}

function startServer(dist: string, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  // Started as `npm run serve` starts it (scripts/launch-flags.mjs).
  const child = spawn(process.execPath, [...V8_LAUNCH_FLAGS, path.join(dist, 'main/serve.cjs')], { env: { ...process.env, SPEND_MANAGER_DATA_DIR: dataDir, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) resolve({ url: m[1]!, child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`browser-mode server exited (${code}): ${output}`)));
  });
}

async function signIn(url: string): Promise<{ name: string; value: string }> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: BENCH_CREDENTIALS.username, password: BENCH_CREDENTIALS.password }) });
  const cookie = res.headers.get('set-cookie');
  if (!res.ok || !cookie) throw new Error(`bench sign-in failed: HTTP ${res.status}`);
  const [name, value] = cookie.split(';')[0]!.split('=') as [string, string];
  return { name, value };
}

// For the route's JS: idle callbacks never come, so nothing is prefetched for later screens.
const NO_IDLE = 'window.requestIdleCallback = () => 0;';

async function load(browser: Browser, url: string, cookie: { name: string; value: string }, extraInit?: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addCookies([{ ...cookie, url }]);
    await context.addInitScript(OBSERVER);
    if (extraInit) await context.addInitScript(extraInit);
    const page = await context.newPage();
    await page.goto(`${url}/#/`);
    // Functions, not strings: the page's CSP refuses eval, and Playwright evaluates string predicates with it.
    await page.waitForFunction(() => {
      const b = (globalThis as unknown as { __bench: Load }).__bench;
      return b.kpiPaint > 0 && b.charts > 0;
    }, null, { timeout: 30_000, polling: 50 });
    return await page.evaluate(() => {
      type Timing = { name: string; startTime: number; initiatorType: string; responseEnd: number; encodedBodySize: number };
      const b = (globalThis as unknown as { __bench: Load }).__bench;
      const entries = performance.getEntriesByType('resource') as unknown as Timing[];
      return { ...b, resources: entries.map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd, type: e.initiatorType, encoded: e.encodedBodySize })) };
    });
  } finally {
    await context.close();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
};
const kb = (bytes: number): number => bytes / 1024;
const apiName = (u: string): string => new URL(u).pathname.replace(/^\/api\//, '');

/** Median start and end of each API request in a load, relative to navigation: shows what waits for what. */
function requestTimeline(loads: Load[]): string {
  const names = [...new Set(loads.flatMap((l) => l.resources.filter((r) => r.name.includes('/api/')).map((r) => apiName(r.name))))];
  return names
    .map((n) => {
      const hits = loads.map((l) => l.resources.find((r) => r.name.includes('/api/') && apiName(r.name) === n)).filter((r) => r !== undefined);
      return `${n} ${median(hits.map((r) => r.start)).toFixed(0)}→${median(hits.map((r) => r.end)).toFixed(0)} ms`;
    })
    .join(', ');
}

const scripts = (l: Load, origin: string) => l.resources.filter((r) => r.name.startsWith(origin) && r.name.endsWith('.js'));

/** Median start→end of each initial script: how long the shell's code takes to arrive. */
function scriptTimeline(loads: Load[], origin: string, initial: string[]): string {
  return initial
    .map((file) => {
      const hits = loads.map((l) => scripts(l, origin).find((r) => r.name.endsWith(`/${file}`))).filter((r) => r !== undefined);
      return hits.length ? `${file.replace(/^assets\//, '')} ${median(hits.map((r) => r.start)).toFixed(0)}→${median(hits.map((r) => r.end)).toFixed(0)} ms` : `${file} not fetched`;
    })
    .join(', ');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function loadResults(label: string, loads: Load[], origin: string, rendererDir: string, target?: number): BenchResult[] {
  const paints = loads.map((l) => l.kpiPaint);
  const charts = loads.map((l) => l.charts);
  return [
    {
      name: `${label}: navigation → KPI numbers painted`,
      value: median(paints),
      p95: p95(paints),
      runs: loads.length,
      unit: 'ms',
      ...(target === undefined ? {} : { target }),
      note: `in the DOM at ${median(loads.map((l) => l.kpiDom)).toFixed(0)} ms; scripts: ${scriptTimeline(loads, origin, initialScripts(rendererDir))}; API requests: ${requestTimeline(loads)}`,
    },
    { name: `${label}: navigation → charts drawn`, value: median(charts), p95: p95(charts), runs: loads.length, unit: 'ms' },
  ];
}

/** VmRSS and VmHWM (its peak) of a process, in MB, from /proc (Linux). */
function residentMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** The browser-mode server's resident memory at 100,000 subscriptions, with the dashboard open in a browser. */
async function serverMemory(browser: Browser): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-bench-ui-memory-'));
  let child: ChildProcess | null = null;
  try {
    await (await openBenchAccount({ rows: MEMORY_ROWS, now: new Date().toISOString(), dataDir })).close();
    const server = await startServer(DIST, dataDir);
    child = server.child;
    const cookie = await signIn(server.url);
    await load(browser, server.url, cookie);
    const { rss, peak } = residentMb(child.pid!);
    const rows = MEMORY_ROWS.toLocaleString('en-US');
    return [
      { name: `browser-mode server RSS, ${rows} subscriptions, dashboard open`, value: rss, unit: 'MB', target: SERVER_RSS_TARGET_MB },
      { name: `browser-mode server peak RSS (VmHWM) up to then`, value: peak, unit: 'MB' },
    ];
  } finally {
    if (child) await stop(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchUi(): Promise<BenchResult[]> {
  build();
  const results: BenchResult[] = [];
  const initial = initialScripts(RENDERER).map((f) => jsFile(RENDERER, f));
  results.push({ name: 'initial JS (the scripts index.html loads), gzip -9', value: kb(sumGzip(initial)), unit: 'KB', target: INITIAL_JS_TARGET_KB, note: initial.map((f) => `${f.file} ${kb(f.gzip).toFixed(1)} KB`).join(', ') });
  if (BASELINE) {
    const before = initialScripts(path.join(BASELINE, 'renderer')).map((f) => jsFile(path.join(BASELINE, 'renderer'), f));
    results.push({ name: 'baseline: initial JS, gzip -9', value: kb(sumGzip(before)), unit: 'KB', note: `${BASELINE}: ${before.map((f) => f.file).join(', ')}` });
  }

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    for (const [rows, target] of SIZES) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-bench-ui-'));
      const children: ChildProcess[] = [];
      try {
        // Dated against today's clock, so the server has nothing to roll forward when it starts.
        await (await openBenchAccount({ rows, now: new Date().toISOString(), dataDir })).close();
        const server = await startServer(DIST, dataDir);
        children.push(server.child);
        const cookie = await signIn(server.url);
        const baseline = BASELINE ? await startServer(BASELINE, dataDir) : null;
        if (baseline) children.push(baseline.child);
        const baselineCookie = baseline ? await signIn(baseline.url) : null;
        for (let i = 0; i < WARMUP; i++) {
          await load(browser, server.url, cookie);
          if (baseline) await load(browser, baseline.url, baselineCookie!);
        }
        const loads: Load[] = [];
        const baselineLoads: Load[] = [];
        for (let i = 0; i < LOADS; i++) {
          loads.push(await load(browser, server.url, cookie));
          if (baseline) baselineLoads.push(await load(browser, baseline.url, baselineCookie!));
        }
        const label = `${rows.toLocaleString('en-US')} subscriptions`;
        results.push(...loadResults(label, loads, server.url, RENDERER, target));
        if (baseline) results.push(...loadResults(`baseline: ${label}`, baselineLoads, baseline.url, path.join(BASELINE!, 'renderer')));
        if (rows === SIZES[0]![0]) {
          const routeLoad = await load(browser, server.url, cookie, NO_IDLE);
          const route = scripts(routeLoad, server.url).map((r) => jsFile(RENDERER, new URL(r.name).pathname.slice(1)));
          results.push({ name: 'dashboard route JS (every script its load fetches, no idle prefetch), gzip -9', value: kb(sumGzip(route)), unit: 'KB', target: ROUTE_JS_TARGET_KB, note: route.map((f) => `${f.file.replace(/^assets\//, '')} ${kb(f.gzip).toFixed(1)} KB`).join(', ') });
        }
      } finally {
        for (const child of children) await stop(child);
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
    if (process.platform === 'linux') results.push(...(await serverMemory(browser)));
  } finally {
    await browser.close();
  }
  return results;
}

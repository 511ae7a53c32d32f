#!/usr/bin/env node
// `npm test`: typecheck, lint, Electronegativity, build, vitest (inside a private keyring session), the integration
// tests again on PostgreSQL, Playwright.
// Ends with one line CI reads: "N passed, N failed". Skipped tests are reported, never counted as passed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { distDir, root } from './build-lib.mjs';

const results = [];
const record = (suite, passed, failed, skipped = 0, note = '') => results.push({ suite, passed, failed, skipped, note });

function run(command, args, options = {}) {
  console.log(`\n▶ ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '1', ...options.env } });
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });

// 1. Types, both worlds: Node (main, preload, tests) and DOM (renderer).
const tscNode = run(bin('tsc'), ['-p', 'tsconfig.node.json']);
const tscWeb = run(bin('tsc'), ['-p', 'tsconfig.web.json']);
record('typecheck', Number(tscNode === 0) + Number(tscWeb === 0), Number(tscNode !== 0) + Number(tscWeb !== 0));

// 2. Lint.
const lint = run(bin('eslint'), ['.', '--max-warnings=0']);
record('lint', lint === 0 ? 1 : 0, lint === 0 ? 0 : 1);

// 2b. Electronegativity (the Electron security scanner) over main/, preload/, renderer/: no HIGH, no MEDIUM.
const electronegativity = run(process.execPath, ['scripts/electronegativity.mjs']);
record('electronegativity', electronegativity === 0 ? 1 : 0, electronegativity === 0 ? 0 : 1);

// 3. Build (Playwright runs the built app, as a user would).
const build = run(process.execPath, ['scripts/build.mjs', '--quiet']);
record('build', build === 0 ? 1 : 0, build === 0 ? 0 : 1);
// Tests that start `serve` processes use this build instead of each building one (tests/support/serve-process.ts).
const prebuilt = build === 0 ? { SPEND_SERVE_ENTRY: path.join(distDir, 'main', 'serve.cjs') } : {};

// 4. Unit + integration tests on real SQLite files, real SMTP on loopback, a real keyring.
const vitestReport = path.join(root, 'test-results', 'vitest.json');
fs.rmSync(vitestReport, { force: true });
const vitest = run('sh', [path.join(root, 'scripts/with-keyring.sh'), bin('vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReport}`], { env: prebuilt });
const v = readJson(vitestReport);
if (v) record('vitest', v.numPassedTests, v.numFailedTests + (vitest !== 0 && v.numFailedTests === 0 ? 1 : 0), v.numPendingTests + v.numTodoTests);
else record('vitest', 0, 1, 0, 'no report (crashed before reporting)');

// 4b. The integration tests again on PostgreSQL: the test cluster (installed and started by
// scripts/pg-test-cluster.sh, quick when it runs already), one database per test folder. Three files at a time:
// these tests wait on round trips to the server more than they use a core (measured: 1,084 s one at a time, 791 s three
// at a time, on a machine at load 10-15).
const pgReport = path.join(root, 'test-results', 'vitest-postgres.json');
fs.rmSync(pgReport, { force: true });
const cluster = run('bash', [path.join(root, 'scripts/pg-test-cluster.sh')]);
if (cluster !== 0) record('vitest (postgres)', 0, 1, 0, 'not run: the PostgreSQL test cluster did not start (scripts/pg-test-cluster.sh)');
else {
  const vitestPg = run('sh', [path.join(root, 'scripts/with-keyring.sh'), bin('vitest'), 'run', 'tests/integration', '--maxWorkers=3', '--reporter=default', '--reporter=json', `--outputFile=${pgReport}`], { env: { TEST_DATABASE: 'postgres', ...prebuilt } });
  const vp = readJson(pgReport);
  if (vp) record('vitest (postgres)', vp.numPassedTests, vp.numFailedTests + (vitestPg !== 0 && vp.numFailedTests === 0 ? 1 : 0), vp.numPendingTests + vp.numTodoTests);
  else record('vitest (postgres)', 0, 1, 0, 'no report (crashed before reporting)');
}

// 5. End-to-end in Debian's Chromium against browser mode (+ Electron where a binary exists).
const pwReport = path.join(root, 'test-results', 'playwright.json');
fs.rmSync(pwReport, { force: true });
const pw = build === 0 ? run(bin('playwright'), ['test']) : 1;
const p = readJson(pwReport);
if (p?.stats) {
  const skippedTitles = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) if (t.status === 'skipped') skippedTitles.push(`${t.projectName}: ${spec.title} — ${t.annotations?.find((a) => a.type === 'skip')?.description ?? 'skipped'}`);
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const s of p.suites ?? []) walk(s);
  record('playwright', p.stats.expected + p.stats.flaky, p.stats.unexpected + (pw !== 0 && p.stats.unexpected === 0 ? 1 : 0), p.stats.skipped, skippedTitles.join('\n    '));
} else record('playwright', 0, 1, 0, build === 0 ? 'no report' : 'not run: the build failed');

console.log('\nSummary');
for (const r of results) {
  console.log(`  ${r.suite.padEnd(17)} ${String(r.passed).padStart(4)} passed  ${String(r.failed).padStart(3)} failed${r.skipped ? `  ${r.skipped} skipped` : ''}`);
  if (r.note) console.log(`    ${r.note}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

#!/usr/bin/env node
// `npm test`: typecheck, lint, Electronegativity and build (at once); vitest (inside a private keyring session) beside
// the integration tests again on PostgreSQL; then Playwright.
// Ends with one line CI reads: "N passed, N failed". Skipped tests are reported, never counted as passed.
import { spawn, spawnSync } from 'node:child_process';
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

/**
 * Runs independent steps at once (two cores: one step mostly waits on the other's round trips, or both are short).
 * The first step's output streams as it comes; each other step's output is held and printed whole when it ends, so
 * no two logs interleave. Resolves to the exit statuses in order.
 */
function runTogether(steps) {
  return Promise.all(
    steps.map(({ command, args, env }, i) => {
      const line = [command, ...args].join(' ');
      console.log(`\n▶ ${line}${i === 0 ? '' : '   (beside the step above; its output follows when it ends)'}`);
      const started = Date.now();
      const child = spawn(command, args, { cwd: root, stdio: i === 0 ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '1', ...env } });
      const held = [];
      child.stdout?.on('data', (chunk) => held.push(chunk));
      child.stderr?.on('data', (chunk) => held.push(chunk));
      return new Promise((resolve) => {
        child.on('error', (error) => held.push(Buffer.from(`${error.message}\n`)));
        child.on('close', (code) => {
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          if (i === 0) console.log(`  (${seconds} s)`);
          else {
            console.log(`\n▶ ${line}   (ran beside; ${seconds} s)`);
            process.stdout.write(Buffer.concat(held));
          }
          resolve(code ?? 1);
        });
      });
    }),
  );
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
// vitest's reports live apart from test-results/, which Playwright empties when it starts.
const reports = path.join(root, '.cache', 'test-reports');
fs.mkdirSync(reports, { recursive: true });

// 1–3. Types (Node: main, preload, tests; DOM: renderer), lint, Electronegativity (the Electron security scanner over
// main/, preload/, renderer/: no HIGH, no MEDIUM) and the build (Playwright runs the built app, as a user would).
const [tscNode, tscWeb, lint, electronegativity, build] = await runTogether([
  { command: bin('tsc'), args: ['-p', 'tsconfig.node.json'] },
  { command: bin('tsc'), args: ['-p', 'tsconfig.web.json'] },
  { command: bin('eslint'), args: ['.', '--max-warnings=0'] },
  { command: process.execPath, args: ['scripts/electronegativity.mjs'] },
  { command: process.execPath, args: ['scripts/build.mjs', '--quiet'] },
]);
record('typecheck', Number(tscNode === 0) + Number(tscWeb === 0), Number(tscNode !== 0) + Number(tscWeb !== 0));
record('lint', lint === 0 ? 1 : 0, lint === 0 ? 0 : 1);
record('electronegativity', electronegativity === 0 ? 1 : 0, electronegativity === 0 ? 0 : 1);
record('build', build === 0 ? 1 : 0, build === 0 ? 0 : 1);
// Tests that start `serve` processes use this build instead of each building one (tests/support/serve-process.ts).
const prebuilt = build === 0 ? { SPEND_SERVE_ENTRY: path.join(distDir, 'main', 'serve.cjs') } : {};

// 4. Unit + integration tests on real SQLite files, real SMTP on loopback, a real keyring, and beside them
// 5. the integration tests again on PostgreSQL: the test cluster (installed and started by scripts/pg-test-cluster.sh,
// quick when it runs already), one database per test folder, three files at a time. Both mostly wait (on files,
// sockets, child processes and the database server), so they share the two cores instead of taking turns; the
// timing-sensitive browser tests then run alone.
const vitestReport = path.join(reports, 'sqlite.json');
const pgReport = path.join(reports, 'postgres.json');
fs.rmSync(vitestReport, { force: true });
fs.rmSync(pgReport, { force: true });
const cluster = run('bash', [path.join(root, 'scripts/pg-test-cluster.sh')]);
const together = [{ name: 'sqlite', command: 'sh', args: [path.join(root, 'scripts/with-keyring.sh'), bin('vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReport}`], env: prebuilt }];
if (cluster === 0) together.push({ name: 'postgres', command: 'sh', args: [path.join(root, 'scripts/with-keyring.sh'), bin('vitest'), 'run', 'tests/integration', '--maxWorkers=3', '--reporter=default', '--reporter=json', `--outputFile=${pgReport}`], env: { TEST_DATABASE: 'postgres', ...prebuilt } });
const statuses = await runTogether(together);
const statusOf = (name) => {
  const i = together.findIndex((step) => step.name === name);
  return i < 0 ? null : statuses[i];
};
const suiteReport = (suite, status, report) => {
  const r = readJson(report);
  if (r) record(suite, r.numPassedTests, r.numFailedTests + (status !== 0 && r.numFailedTests === 0 ? 1 : 0), r.numPendingTests + r.numTodoTests);
  else record(suite, 0, 1, 0, 'no report (crashed before reporting)');
};
suiteReport('vitest', statusOf('sqlite'), vitestReport);
if (cluster !== 0) record('vitest (postgres)', 0, 1, 0, 'not run: the PostgreSQL test cluster did not start (scripts/pg-test-cluster.sh)');
else suiteReport('vitest (postgres)', statusOf('postgres'), pgReport);

// 6. End-to-end in Debian's Chromium against browser mode (+ Electron where a binary exists).
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

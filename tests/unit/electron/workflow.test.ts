import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';
// @ts-expect-error: plain ESM script without type declarations
import { workflowErrors } from '../../../scripts/workflow-validator.mjs';
// @ts-expect-error: plain ESM script without type declarations
import { judgeStartLog, packagedExecutable, smokePackaged } from '../../../scripts/smoke-packaged.mjs';
// @ts-expect-error: plain ESM script without type declarations
import { readReport } from '../../../scripts/electronegativity.mjs';

const root = path.resolve(__dirname, '../../..');
const workflowFile = path.join(root, '.github/workflows/ci.yml');
const workflow = fs.readFileSync(workflowFile, 'utf8');

describe('.github/workflows/ci.yml (it cannot run here: GitHub\'s own parser checks it offline)', () => {
  it('has no error GitHub would report: schema, expressions, contexts', async () => {
    expect(await workflowErrors(workflow, 'ci.yml')).toEqual([]);
  });

  it('the validator does catch what GitHub would refuse (an unknown key, a misspelt context)', async () => {
    const broken = workflow.replace('timeout-minutes: 90', 'timeout-minutes: 90\n    retries: 2').replace('${{ matrix.chrome }}', '${{ matrx.chrome }}');
    const errors: string[] = await workflowErrors(broken, 'ci.yml');
    expect(errors.some((e) => /Unexpected value 'retries'/.test(e))).toBe(true);
    expect(errors.some((e) => /Unrecognized named-value: 'matrx'/.test(e))).toBe(true);
  });

  it('runs on Linux, macOS (Apple Silicon) and Windows', () => {
    const os = [...workflow.matchAll(/^\s+os: (\S+)$/gm)].map((m) => m[1]);
    expect(os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
  });

  it('installs, tests, runs the Electron project (under Xvfb on Linux), packages, starts the packaged app and uploads the installers', () => {
    const order = ['run: npm ci', 'run: npm test', 'node node_modules/electron/install.js', 'xvfb-run -a npx playwright test --project=electron', 'run: npm run dist -- --publish never', 'xvfb-run -a node scripts/smoke-packaged.mjs', 'uses: actions/upload-artifact@v4'];
    const at = order.map((step) => workflow.indexOf(step));
    expect(at.every((i) => i >= 0), order.filter((_, i) => at[i]! < 0).join(', ')).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const installer of ['release/*.AppImage', 'release/*.deb', 'release/*.dmg', 'release/*.exe']) expect(workflow).toContain(installer);
  });
});

describe('starting the packaged app in CI (scripts/smoke-packaged.mjs)', () => {
  it('finds the unpacked app where electron-builder leaves it on each platform', () => {
    expect(packagedExecutable({ releaseDir: '/r', platform: 'linux', arch: 'x64' })).toBe(path.join('/r', 'linux-unpacked', 'spend-manager'));
    expect(packagedExecutable({ releaseDir: '/r', platform: 'darwin', arch: 'arm64' })).toBe(path.join('/r', 'mac-arm64', 'Spend Manager.app', 'Contents', 'MacOS', 'Spend Manager'));
    expect(packagedExecutable({ releaseDir: '/r', platform: 'win32', arch: 'x64' })).toBe(path.join('/r', 'win-unpacked', 'Spend Manager.exe'));
  });

  it('judges a first start by its log: migrated is started, a missing keytar is a broken installer', () => {
    expect(judgeStartLog('{"level":"info","message":"database migrated","applied":["0001_accounts"]}')).toMatchObject({ done: true, ok: true });
    expect(judgeStartLog('{"level":"warn","message":"The keychain module (keytar) is not installed: ..."}')).toMatchObject({ done: true, ok: false });
    expect(judgeStartLog('{"level":"warn","message":"The OS keychain is unavailable (no secret service)"}')).toEqual({ done: false });
  });

  // A stand-in for the packaged executable (the real one exists only on the CI runners): a script that logs like the app.
  function standIn(body: string) {
    const releaseDir = tempDir();
    const file = packagedExecutable({ releaseDir, platform: 'linux', arch: process.arch });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `#!/bin/sh\nmkdir -p "$SPEND_MANAGER_DATA_DIR/logs"\n${body}\n`, { mode: 0o755 });
    return releaseDir;
  }

  it.runIf(process.platform !== 'win32')('passes when the app migrates its database and stays up, and stops it afterwards', async () => {
    const releaseDir = standIn(`echo '{"level":"info","message":"database migrated"}' >> "$SPEND_MANAGER_DATA_DIR/logs/main.log"\nexec sleep 30`);
    const lines: string[] = [];
    expect(await smokePackaged({ releaseDir, platform: 'linux', timeoutMs: 10_000, log: (l: string) => lines.push(l) })).toBe(0);
    expect(lines.at(-1)).toBe('smoke-packaged: the packaged app started (database opened and migrated by the shipped driver).');
  }, 20_000);

  it.runIf(process.platform !== 'win32')('fails when the app exits at start (a broken signature or asar integrity kills it)', async () => {
    const releaseDir = standIn('exit 1');
    const lines: string[] = [];
    expect(await smokePackaged({ releaseDir, platform: 'linux', timeoutMs: 10_000, log: (l: string) => lines.push(l) })).toBe(1);
    expect(lines.at(-1)).toBe('smoke-packaged: the packaged app did not start: it exited (1).');
  }, 20_000);
});

describe("Electronegativity's report, as npm test reads it", () => {
  it('counts findings per severity and blocks on HIGH and MEDIUM only', () => {
    const csv = [
      'issue, severity, confidence, filename, location, sample, description, url',
      'CSP_GLOBAL_CHECK,"LOW","CERTAIN","renderer/index.html","5:0","%SPEND_CSP%","One or more CSP directives detected are vulnerable",https://x',
      'CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","main/electron/window.ts","29:17","new BrowserWindow(options)","Review the use of the contextIsolation option",https://y',
    ].join('\n');
    const report = readReport(csv);
    expect(report.counts).toMatchObject({ HIGH: 1, MEDIUM: 0, LOW: 1 });
    expect(report.blocking.map((f: { issue: string; filename: string }) => `${f.issue} ${f.filename}`)).toEqual(['CONTEXT_ISOLATION_JS_CHECK main/electron/window.ts']);
  });
});

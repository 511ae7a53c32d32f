import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';
import {
  desktopToolingEngines,
  displayProblem,
  electronDownloadTarget,
  electronLaunchArgs,
  nodeVersionNotice,
  progressLine,
  readSandboxFacts,
  sandboxProblem,
  // @ts-expect-error: plain ESM script without type declarations
} from '../../../scripts/desktop-checks.mjs';

const root = path.resolve(__dirname, '../../..');
const SANDBOX = '/home/ann/spend/node_modules/electron/dist/chrome-sandbox';

describe('npm start: is there a display?', () => {
  it('Linux needs DISPLAY or WAYLAND_DISPLAY; macOS and Windows always have one', () => {
    expect(displayProblem({ platform: 'linux', env: {} })).toBe('no display (DISPLAY/WAYLAND_DISPLAY is not set)');
    expect(displayProblem({ platform: 'linux', env: { DISPLAY: ':0' } })).toBeNull();
    expect(displayProblem({ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } })).toBeNull();
    expect(displayProblem({ platform: 'darwin', env: {} })).toBeNull();
    expect(displayProblem({ platform: 'win32', env: {} })).toBeNull();
  });
});

describe("npm start: can Electron's sandbox start? (Ubuntu 23.10+ AppArmor)", () => {
  it('userns restricted and chrome-sandbox not root-owned 4755: the exact remedy, in one line', () => {
    const reason = sandboxProblem({ platform: 'linux', apparmorRestrictsUserns: true, usernsCloneDisabled: false, sandbox: { uid: 1000, mode: 0o100755 }, sandboxPath: SANDBOX });
    expect(reason).toBe(
      `Electron's sandbox cannot start: AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns = 1) and ${SANDBOX} is not root-owned with mode 4755; fix it once with: sudo chown root:root "${SANDBOX}" && sudo chmod 4755 "${SANDBOX}"`,
    );
    expect(reason).not.toMatch(/\n/);
    expect(reason).not.toMatch(/no-sandbox/);
  });

  it('root-owned but without the SUID bit is still refused; root-owned 4755 starts', () => {
    const facts = { platform: 'linux', apparmorRestrictsUserns: true, usernsCloneDisabled: false, sandboxPath: SANDBOX };
    expect(sandboxProblem({ ...facts, sandbox: { uid: 0, mode: 0o100755 } })).toMatch(/sudo chmod 4755/);
    expect(sandboxProblem({ ...facts, sandbox: { uid: 0, mode: 0o104755 } })).toBeNull();
  });

  it('older Debian with unprivileged_userns_clone = 0 gets the same remedy', () => {
    expect(sandboxProblem({ platform: 'linux', apparmorRestrictsUserns: false, usernsCloneDisabled: true, sandbox: { uid: 1000, mode: 0o100755 }, sandboxPath: SANDBOX })).toMatch(
      /unprivileged user namespaces are off \(kernel\.unprivileged_userns_clone = 0\).*sudo chown root:root/,
    );
  });

  it('user namespaces allowed (most distributions), or macOS/Windows: nothing to fix', () => {
    expect(sandboxProblem({ platform: 'linux', apparmorRestrictsUserns: false, usernsCloneDisabled: false, sandbox: { uid: 1000, mode: 0o100755 }, sandboxPath: SANDBOX })).toBeNull();
    expect(sandboxProblem({ platform: 'darwin', apparmorRestrictsUserns: true, usernsCloneDisabled: true, sandbox: null, sandboxPath: SANDBOX })).toBeNull();
    expect(sandboxProblem({ platform: 'win32', apparmorRestrictsUserns: true, usernsCloneDisabled: true, sandbox: null, sandboxPath: SANDBOX })).toBeNull();
  });

  it('reads the owner and mode of the installed chrome-sandbox', () => {
    const electronDir = tempDir();
    fs.mkdirSync(path.join(electronDir, 'dist'));
    fs.writeFileSync(path.join(electronDir, 'dist', 'chrome-sandbox'), '');
    fs.chmodSync(path.join(electronDir, 'dist', 'chrome-sandbox'), 0o755);
    const facts = readSandboxFacts(electronDir, 'linux');
    expect(facts.sandboxPath).toBe(path.join(electronDir, 'dist', 'chrome-sandbox'));
    expect(facts.sandbox.mode & 0o7777).toBe(0o755);
    expect(facts.sandbox.uid).toBe(fs.statSync(facts.sandboxPath).uid);
    expect(typeof facts.apparmorRestrictsUserns).toBe('boolean');
  });
});

describe('npm start / npm run dist on an older Node', () => {
  it("reads the Node range each of Electron 45's tools declares", () => {
    const engines: { name: string; range: string }[] = desktopToolingEngines(root);
    expect(engines.find((e) => e.name === 'electron')?.range.replace(/\s/g, '')).toBe('>=22.12.0');
    expect(engines.map((e) => e.name)).toEqual(['electron', '@electron/get', '@electron-internal/extract-zip', '@electron/rebuild', 'node-abi']);
    // node-abi as @electron/rebuild finds it (4.x, Node 22.12), not the older copy hoisted for others.
    expect(engines.find((e) => e.name === 'node-abi')?.range).toBe('>=22.12.0');
  });

  it('Node 20.20 gets one line naming the version the desktop tooling wants, and goes on', () => {
    const engines = [
      { name: 'electron', range: '>= 22.12.0' },
      { name: '@electron/get', range: '>=22.12.0' },
    ];
    expect(nodeVersionNotice('v20.20.2', engines)).toBe(
      "Node 20.20.2: Electron's desktop tooling (electron, @electron/get) wants Node >=22.12.0; trying anyway (browser mode and the tests need only Node 20.19).",
    );
    expect(nodeVersionNotice('v22.12.0', engines)).toBeNull();
    expect(nodeVersionNotice('v24.1.0', engines)).toBeNull();
  });
});

describe('npm start: the Electron download', () => {
  it('shows bytes and percent', () => {
    expect(progressLine({ version: '45.5.0', transferred: 43_305_984, total: 117_440_512 })).toBe('Downloading Electron 45.5.0: 41.3 MB of 112.0 MB (36%)');
    expect(progressLine({ version: '45.5.0', transferred: 117_440_512, total: 117_440_512 })).toBe('Downloading Electron 45.5.0: 112.0 MB of 112.0 MB (100%)');
    expect(progressLine({ version: '45.5.0', transferred: 512_000, total: null })).toBe('Downloading Electron 45.5.0: 500 kB');
  });

  it("fetches what electron's install.js will look for: arm64 under Rosetta, the npm_config_arch override", () => {
    expect(electronDownloadTarget({ platform: 'darwin', arch: 'x64', env: {}, runningUnderRosetta: true })).toEqual({ platform: 'darwin', arch: 'arm64' });
    expect(electronDownloadTarget({ platform: 'darwin', arch: 'x64', env: {}, runningUnderRosetta: false })).toEqual({ platform: 'darwin', arch: 'x64' });
    expect(electronDownloadTarget({ platform: 'darwin', arch: 'x64', env: { npm_config_arch: 'x64' }, runningUnderRosetta: true })).toEqual({ platform: 'darwin', arch: 'x64' });
    expect(electronDownloadTarget({ platform: 'win32', arch: 'arm64', env: {}, runningUnderRosetta: false })).toEqual({ platform: 'win32', arch: 'arm64' });
    expect(electronDownloadTarget({ platform: 'linux', arch: 'x64', env: { ELECTRON_INSTALL_ARCH: 'arm64' }, runningUnderRosetta: false })).toEqual({ platform: 'linux', arch: 'arm64' });
  });
});

describe('npm start: how Electron is launched', () => {
  it('on the project folder, so Electron reads package.json (productName "Spend Manager") as an installed app does', () => {
    expect(electronLaunchArgs({ root: '/home/ann/spend', distDir: '/home/ann/spend/dist', argv: ['--hidden'] })).toEqual(['--js-flags=--max-semi-space-size=4', '/home/ann/spend', '--hidden']);
    expect(electronLaunchArgs({ root: '/home/ann/spend', distDir: '/tmp/other-dist', argv: [] })).toEqual(['--js-flags=--max-semi-space-size=4', path.join('/tmp/other-dist', 'main', 'index.cjs')]);
  });

  it('starts every Node process of the app with the small young generation: Electron’s main process by --js-flags, browser mode by node flags', async () => {
    const { V8_LAUNCH_FLAGS } = await import('../../../scripts/launch-flags.mjs');
    expect(V8_LAUNCH_FLAGS).toEqual(['--max-semi-space-size=4']);
    // Before the app path: Chromium reads switches there, and the main process's V8 takes them only from the command line.
    expect(electronLaunchArgs({ root: '/r', distDir: '/r/dist', argv: [] })[0]).toBe(`--js-flags=${V8_LAUNCH_FLAGS.join(' ')}`);
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.serve).toContain(`node ${V8_LAUNCH_FLAGS.join(' ')} dist/main/serve.cjs`);
    const start = fs.readFileSync(path.resolve(__dirname, '../../../scripts/start.mjs'), 'utf8');
    expect(start).toMatch(/spawn\(process\.execPath, \[\.\.\.V8_LAUNCH_FLAGS, path\.join\(distDir, 'main', 'serve\.cjs'\)/);
  });

  it('package.json names the product and its entry, which `electron <project root>` reads', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ productName: 'Spend Manager', main: 'dist/main/index.cjs' });
  });
});

// Only Linux can lack a display; elsewhere npm start would go on to download Electron.
describe.runIf(process.platform === 'linux')('npm start, for real, on a Linux machine without a display', () => {
  it('says so and starts browser mode before any Electron download or native build; SIGTERM stops browser mode too', async () => {
    // Inside the project, so the bundles find node_modules as dist/ does; .cache/ is ignored by git.
    // A fresh clone has no .cache/ yet (it passed here only because npm start had made one before).
    fs.mkdirSync(path.join(root, '.cache'), { recursive: true });
    const dist = fs.mkdtempSync(path.join(root, '.cache', 'start-test-dist-'));
    const env: Record<string, string | undefined> = { ...process.env, SPEND_DIST_DIR: dist, DISPLAY: '', WAYLAND_DISPLAY: '' };
    const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--port', '0', '--data-dir', tempDir()], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    try {
      await expect.poll(() => out, { timeout: 120_000, interval: 200 }).toMatch(/running at http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dist, { recursive: true, force: true });
    }
    expect(out).toContain('Spend Manager: cannot start the desktop app here — no display (DISPLAY/WAYLAND_DISPLAY is not set); starting browser mode instead.');
    expect(out).not.toMatch(/Downloading Electron|better-sqlite3 for Electron/);
    const notice = nodeVersionNotice(process.version, desktopToolingEngines(root));
    if (notice) expect(out.split('\n')[0]).toBe(`[start] ${notice}`);
    const port = /127\.0\.0\.1:(\d+)/.exec(out)![1];
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(); // the server went with npm start
  }, 150_000);
});

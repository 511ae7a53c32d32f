// Runs electron-builder on electron-builder.yml (`--linux dir`) against a stand-in Electron binary:
// no real Electron can be downloaded here. Proves the file set, the asar, the unpacked native
// modules, the icons and the fuses; it cannot prove that the packaged app starts (see README).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';
// @ts-expect-error: plain ESM script without type declarations
import { keepingNodeBuild } from '../../../scripts/dist.mjs';
// @ts-expect-error: plain ESM script without type declarations
import { builderConfig, readBuilderConfig } from '../../../scripts/dist-config.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(__dirname, '../../..');
const asar = require('@electron/asar') as { listPackage(file: string, options: object): string[]; extractFile(file: string, inner: string): Buffer };

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's default fuse wire: runAsNode, cookieEncryption, nodeOptions, inspect, asarIntegrity, onlyAsar, v8Snapshot, fileProtocol.
const DEFAULT_FUSES = '10110001';

let out: { work: string; dir: string; status: number | null; log: string };

function packageForLinux() {
  const work = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'spend-pack-'));
  const dist = path.join(work, 'dist');
  const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet'], { cwd: root, env: { ...process.env, SPEND_DIST_DIR: dist }, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);

  const electronDist = path.join(work, 'electron');
  fs.mkdirSync(electronDist);
  fs.writeFileSync(
    path.join(electronDist, 'electron'),
    Buffer.concat([Buffer.from('#!/bin/sh\necho stand-in\n# '), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(DEFAULT_FUSES)]),
    { mode: 0o755 },
  );

  // What `npm run dist` packages on Linux, with dist/ taken from this build and the rebuild left out (it needs network).
  const config = builderConfig(readBuilderConfig(root), { platform: 'linux', env: {} });
  const isDist = (f: unknown) => typeof f === 'string' && /^!?dist\//.test(f);
  config.files = [{ from: dist, to: 'dist', filter: config.files.filter(isDist).map((f: string) => f.replace('dist/', '')) }, ...config.files.filter((f: unknown) => !isDist(f))];
  config.directories = { ...config.directories, output: path.join(work, 'release') };
  config.electronDist = electronDist;
  config.npmRebuild = false;
  const configFile = path.join(work, 'builder.config.json');
  fs.writeFileSync(configFile, JSON.stringify(config));

  const run = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', '--publish', 'never', '--config', configFile], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
  });
  return { work, dir: path.join(work, 'release', 'linux-unpacked'), status: run.status, log: `${run.stdout}${run.stderr}` };
}

beforeAll(() => {
  out = packageForLinux();
}, 120_000);
afterAll(() => fs.rmSync(out.work, { recursive: true, force: true }));

describe('electron-builder.yml, packaged for Linux as an unpacked folder', () => {
  it('packages without errors into an executable named spend-manager', () => {
    expect(out.status, out.log).toBe(0);
    expect(fs.existsSync(path.join(out.dir, 'spend-manager'))).toBe(true);
  });

  it('the asar holds the built app and only the native modules from node_modules', () => {
    const files = asar.listPackage(path.join(out.dir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    expect(files).toContain('/dist/main/index.cjs');
    expect(files).toContain('/dist/preload/index.cjs');
    expect(files).toContain('/dist/renderer/index.html');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files).not.toContain('/dist/main/serve.cjs');
    const modules = [...new Set(files.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/')[2]))].sort();
    expect(modules).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path', 'keytar']);
    const pkg = JSON.parse(asar.extractFile(path.join(out.dir, 'resources', 'app.asar'), 'package.json').toString('utf8'));
    expect(pkg).toMatchObject({ productName: 'Spend Manager', main: 'dist/main/index.cjs' });
  });

  it('the main bundle loads keytar with a CommonJS require, never a dynamic import() (ESM inside app.asar breaks)', () => {
    const main = asar.extractFile(path.join(out.dir, 'resources', 'app.asar'), 'dist/main/index.cjs').toString('utf8');
    expect(main).toMatch(/\brequire\("keytar"\)/);
    expect(main).not.toMatch(/import\(\s*["']keytar["']\s*\)/);
  });

  it('native modules sit outside the asar, where they can be loaded', () => {
    const unpacked = path.join(out.dir, 'resources', 'app.asar.unpacked', 'node_modules');
    expect(fs.existsSync(path.join(unpacked, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(fs.existsSync(path.join(unpacked, 'keytar', 'build', 'Release', 'keytar.node'))).toBe(true);
  });

  it('ships the tray and window icons where main/electron/resources.ts looks for them', () => {
    expect(fs.readdirSync(path.join(out.dir, 'resources', 'app-icons')).sort()).toEqual(['icon.png', 'tray.png', 'tray@2x.png', 'trayTemplate.png', 'trayTemplate@2x.png']);
  });

  it('flips the Electron fuses: no ELECTRON_RUN_AS_NODE, no --inspect, app only from the asar, cookies encrypted', () => {
    const binary = fs.readFileSync(path.join(out.dir, 'spend-manager'));
    const at = binary.indexOf(SENTINEL) + SENTINEL.length;
    // runAsNode 0, cookieEncryption 1, nodeOptions 1 (kept: NODE_EXTRA_CA_CERTS for company SMTP), inspect 0, asarIntegrity 0, onlyAsar 1, v8Snapshot 0, fileProtocol 0
    expect(binary.subarray(at + 2, at + 10).toString('ascii')).toBe('01100100');
  });
});

describe('npm run dist keeps the Node build of better-sqlite3', () => {
  it('puts node_modules/better-sqlite3/build back after electron-builder rebuilt (or deleted) it', () => {
    const project = tempDir();
    const release = path.join(project, 'node_modules', 'better-sqlite3', 'build', 'Release');
    fs.mkdirSync(release, { recursive: true });
    fs.writeFileSync(path.join(release, 'better_sqlite3.node'), 'node-abi');
    const status = keepingNodeBuild(project, () => {
      fs.rmSync(path.dirname(release), { recursive: true }); // what an offline rebuild leaves behind
      return 1;
    });
    expect(status).toBe(1);
    expect(fs.readFileSync(path.join(release, 'better_sqlite3.node'), 'utf8')).toBe('node-abi');
    expect(() =>
      keepingNodeBuild(project, () => {
        fs.writeFileSync(path.join(release, 'better_sqlite3.node'), 'electron-abi');
        throw new Error('packaging failed');
      }),
    ).toThrow('packaging failed');
    expect(fs.readFileSync(path.join(release, 'better_sqlite3.node'), 'utf8')).toBe('node-abi');
  });
});

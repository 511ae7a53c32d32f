#!/usr/bin/env node
// Starts the app `npm run dist` packaged (release/, unpacked) with a fresh data folder and waits
// until its main process has opened and migrated the database with the SQLite driver it ships:
// proof that the fuses, the asar (and its integrity hash), the signature and the native modules
// let it start. Playwright cannot drive it (the --inspect fuse is off), so this only watches.
// Run by .github/workflows/ci.yml after `npm run dist`; no machine here can run it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from './build-lib.mjs';

const ARCH_SUFFIX = { x64: '', arm64: '-arm64', ia32: '-ia32' };

/** Where electron-builder leaves the unpacked app, per platform and architecture. */
export function packagedExecutable({ releaseDir, platform, arch, productName = 'Spend Manager', executableName = 'spend-manager' }) {
  const suffix = ARCH_SUFFIX[arch] ?? `-${arch}`;
  if (platform === 'linux') return path.join(releaseDir, `linux${suffix}-unpacked`, executableName);
  if (platform === 'darwin') return path.join(releaseDir, `mac${suffix}`, `${productName}.app`, 'Contents', 'MacOS', productName);
  if (platform === 'win32') return path.join(releaseDir, `win${suffix}-unpacked`, `${productName}.exe`);
  return null;
}

/**
 * What the log of a first start says: started (database migrated), or why not. A keychain that
 * is only unavailable (no secret service on a CI runner) is fine; a missing keytar is not.
 */
export function judgeStartLog(log) {
  if (/keychain module \(keytar\) is not installed/.test(log)) return { done: true, ok: false, reason: 'the packaged app does not ship keytar' };
  if (/"message":"database migrated"/.test(log)) return { done: true, ok: true, reason: 'database opened and migrated by the shipped driver' };
  return { done: false };
}

/** Starts the unpacked app under `releaseDir`; resolves with the exit code this script ends with. */
export async function smokePackaged({ releaseDir = path.join(root, 'release'), platform = process.platform, arch = process.arch, timeoutMs = 90_000, log: print = console.log } = {}) {
  const executable = packagedExecutable({ releaseDir, platform, arch });
  if (!executable || !fs.existsSync(executable)) {
    print(`smoke-packaged: no packaged app at ${executable}; run npm run dist first.`);
    return 1;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-packaged-'));
  const log = path.join(dataDir, 'logs', 'main.log');
  print(`smoke-packaged: starting ${executable}`);
  const child = spawn(executable, [], { env: { ...process.env, SPEND_MANAGER_DATA_DIR: dataDir }, stdio: 'inherit' });
  let exited = null;
  child.on('exit', (code, signal) => (exited = signal ?? code));
  const deadline = Date.now() + timeoutMs;
  let verdict = { done: false };
  while (!verdict.done && exited === null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    verdict = judgeStartLog(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '');
  }
  if (verdict.ok) await new Promise((resolve) => setTimeout(resolve, 3000)); // still alive once the window is up?
  const alive = exited === null;
  if (alive) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await gone;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (verdict.ok && alive) {
    print(`smoke-packaged: the packaged app started (${verdict.reason}).`);
    return 0;
  }
  const why = verdict.done && !verdict.ok ? verdict.reason : !alive ? `it exited (${exited})` : `no "database migrated" line within ${Math.round(timeoutMs / 1000)} s`;
  print(`smoke-packaged: the packaged app did not start: ${why}.`);
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(await smokePackaged());

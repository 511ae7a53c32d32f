#!/usr/bin/env node
// `npm start`: build, make sure Electron and its native build are there, launch the desktop app.
// Where Electron cannot be had or cannot start (no display, no network for its first download,
// a sandbox the OS blocks) say so in one line and start browser mode instead.
//
// electron 45.5.0 has no install script: `npm ci` never downloads its binary (package.json's
// allowScripts has nothing to allow for it). The binary is fetched on first use, by its own
// install.js; here that happens once, with progress shown, before the first launch.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distDir, root } from './build-lib.mjs';
import {
  desktopToolingEngines,
  displayProblem,
  electronDownloadTarget,
  electronLaunchArgs,
  keytarLoadError,
  keytarNotice,
  nodeVersionNotice,
  progressLine,
  readSandboxFacts,
  sandboxProblem,
} from './desktop-checks.mjs';
import { ensureElectronSqlite, installedElectronArch } from './electron-native.mjs';
import { V8_LAUNCH_FLAGS } from './launch-flags.mjs';

const electronDir = path.join(root, 'node_modules', 'electron');
const electronPackage = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8'));
const electronVersion = electronPackage.version;
const log = (line) => console.log(`[start] ${line}`);

function electronExecutable() {
  try {
    const file = path.join(electronDir, 'dist', fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8'));
    return fs.existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

function runningUnderRosetta() {
  if (process.platform !== 'darwin') return false;
  try {
    return execFileSync('sysctl', ['-in', 'sysctl.proc_translated'], { encoding: 'utf8' }).trim() === '1';
  } catch {
    return false;
  }
}

/**
 * Puts the Electron zip into @electron/get's cache with a progress line (bytes and percent on a
 * TTY), using the very target and checksums install.js uses, so install.js then finds it cached.
 */
async function prefetchElectron() {
  const electronRequire = createRequire(path.join(electronDir, 'package.json'));
  const { downloadArtifact } = await import(pathToFileURL(electronRequire.resolve('@electron/get')).href);
  const target = electronDownloadTarget({ platform: process.platform, arch: process.arch, env: process.env, runningUnderRosetta: runningUnderRosetta() });
  const tty = process.stdout.isTTY;
  let last = '';
  const show = (progress) => {
    const line = progressLine({ version: electronVersion, ...progress });
    if (tty && line !== last) process.stdout.write(`\r[start] ${line}\x1b[K`);
    last = line;
  };
  if (!tty) log(`Downloading Electron ${electronVersion} (first start only)…`);
  try {
    await downloadArtifact({
      version: electronVersion,
      artifactName: 'electron',
      platform: target.platform,
      arch: target.arch,
      cacheRoot: process.env.electron_config_cache,
      checksums: process.env.electron_use_remote_checksums || process.env.npm_config_electron_use_remote_checksums ? undefined : electronRequire('./checksums.json'),
      downloadOptions: { quiet: true, getProgressCallback: show },
    });
  } finally {
    if (tty && last) process.stdout.write('\n');
  }
  if (!tty && last) log(last);
}

async function ensureElectron() {
  const existing = electronExecutable();
  if (existing) return { ok: true, file: existing };
  let prefetchError = null;
  await prefetchElectron().catch((error) => (prefetchError = error));
  // install.js checks the download and unpacks it (and writes path.txt); cached, it downloads nothing.
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, encoding: 'utf8', timeout: 10 * 60_000 });
  const file = electronExecutable();
  if (result.status === 0 && file) return { ok: true, file };
  const fromInstall = `${result.stderr ?? ''}`.split('\n').find((l) => /error|fail/i.test(l))?.trim();
  const message = (prefetchError instanceof Error ? prefetchError.message.split('\n')[0] : null) ?? fromInstall ?? `exit code ${result.status}`;
  return { ok: false, reason: `the Electron ${electronVersion} download failed (${message})` };
}

function browserMode(reason) {
  console.log(`Spend Manager: cannot start the desktop app here — ${reason}; starting browser mode instead.`);
  const child = spawn(process.execPath, [...V8_LAUNCH_FLAGS, path.join(distDir, 'main', 'serve.cjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  forwardSignals(child);
}

/** Ctrl+C or a SIGTERM to `npm start` stops the app it started, not only this script. */
function forwardSignals(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

function launch(executable, nativeBinding) {
  const child = spawn(executable, electronLaunchArgs({ root, distDir, argv: process.argv.slice(2) }), {
    stdio: 'inherit',
    env: { ...process.env, SPEND_MANAGER_SQLITE_BINDING: nativeBinding },
  });
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
  forwardSignals(child);
}

async function main() {
  const nodeNotice = nodeVersionNotice(process.version, desktopToolingEngines(root));
  if (nodeNotice) log(nodeNotice);

  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);

  // No window possible: say so before minutes of downloading and building.
  const noDisplay = displayProblem({ platform: process.platform, env: process.env });
  if (noDisplay) return browserMode(noDisplay);

  const keychain = keytarNotice({ platform: process.platform, error: keytarLoadError(root) });
  if (keychain) log(`Note: ${keychain}`);

  const electron = await ensureElectron();
  if (!electron.ok) return browserMode(electron.reason);

  const sandbox = sandboxProblem(readSandboxFacts(electronDir));
  if (sandbox) return browserMode(sandbox);

  const native = ensureElectronSqlite(root, electronVersion, installedElectronArch(electron.file), log);
  if (!native.ok) return browserMode(native.reason);
  launch(electron.file, native.file);
}

await main();

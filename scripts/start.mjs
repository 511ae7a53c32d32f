#!/usr/bin/env node
// `npm start`: build, make sure Electron and its native build are there, launch the desktop app.
// Where Electron cannot be had (no network for its first download, no display), say so in one
// line and start browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './build-lib.mjs';
import { ensureElectronSqlite } from './electron-native.mjs';

const electronDir = path.join(root, 'node_modules', 'electron');
const electronVersion = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
const log = (line) => console.log(`[start] ${line}`);

function electronExecutable() {
  try {
    const file = path.join(electronDir, 'dist', fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8'));
    return fs.existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

function ensureElectron() {
  const existing = electronExecutable();
  if (existing) return { ok: true, file: existing };
  // npm ci skipped electron's postinstall (package.json allowScripts); fetch the binary now.
  log(`Downloading Electron ${electronVersion} (first start only)…`);
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const result = spawnSync(process.execPath, ['install.js'], { cwd: electronDir, env, encoding: 'utf8', timeout: 10 * 60_000 });
  const file = electronExecutable();
  if (result.status === 0 && file) return { ok: true, file };
  const message = `${result.stderr ?? ''}`.split('\n').find((l) => /error|fail/i.test(l))?.trim() ?? `exit code ${result.status}`;
  return { ok: false, reason: `the Electron ${electronVersion} download failed (${message})` };
}

function browserMode(reason) {
  console.log(`Spend Manager: cannot start the desktop app here — ${reason}; starting browser mode instead.`);
  const child = spawn(process.execPath, [path.join(root, 'dist/main/serve.cjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const electron = ensureElectron();
if (!electron.ok) {
  browserMode(electron.reason);
} else {
  const native = ensureElectronSqlite(root, electronVersion, log);
  if (!native.ok) browserMode(native.reason);
  else if (noDisplay) browserMode('no display (DISPLAY/WAYLAND_DISPLAY is not set)');
  else {
    const child = spawn(electron.file, [path.join(root, 'dist/main/index.cjs'), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, SPEND_MANAGER_SQLITE_BINDING: native.file },
    });
    child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  }
}

// One native module, two runtimes: node_modules/better-sqlite3 stays built for Node (tests,
// browser mode); the desktop app loads a copy built for Electron's ABI from .cache/native/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function electronNativePath(root, electronVersion) {
  const sqliteVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
  return path.join(root, '.cache', 'native', `better-sqlite3-${sqliteVersion}-electron-${electronVersion}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
}

function runQuiet(command, args, cwd, env = {}) {
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 10 * 60_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/**
 * Makes sure an Electron-ABI better_sqlite3.node exists: first the project's published prebuild
 * for this Electron version, else a source build against Electron's headers. Both need network
 * the first time; the result is cached. Returns { ok, file } or { ok: false, reason }.
 */
export function ensureElectronSqlite(root, electronVersion, log = () => {}) {
  const target = electronNativePath(root, electronVersion);
  if (fs.existsSync(target)) return { ok: true, file: target };

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-native-'));
  try {
    const source = path.join(root, 'node_modules/better-sqlite3');
    fs.cpSync(source, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) && !p.endsWith(`${path.sep}build`) });
    const prebuild = require.resolve('prebuild-install/bin.js', { paths: [source] });
    log(`Fetching better-sqlite3 for Electron ${electronVersion}…`);
    let result = runQuiet(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch, '--verbose'], work);
    if (!result.ok) {
      log('No prebuilt binary; building better-sqlite3 against Electron headers (about a minute)…');
      const nodeGyp = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
      const gyp = fs.existsSync(nodeGyp) ? [process.execPath, nodeGyp] : ['npx', 'node-gyp'];
      result = runQuiet(gyp[0], [...gyp.slice(1), 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'], work, {
        npm_config_nodedir: '',
      });
    }
    const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
    if (!result.ok || !fs.existsSync(built)) {
      const lastLine = result.output.split('\n').filter(Boolean).pop() ?? 'unknown error';
      return { ok: false, reason: `could not get better-sqlite3 for Electron ${electronVersion} (${lastLine})` };
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(built, target);
    return { ok: true, file: target };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

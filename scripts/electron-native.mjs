// One native module, two runtimes: node_modules/better-sqlite3 stays built for Node (tests,
// browser mode); the desktop app loads a copy built for Electron's ABI from .cache/native/.
// The decisions (what to copy, which architecture, which command) are pure functions, tested
// for linux, darwin and win32 in tests/unit/electron/electron-native.test.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

/**
 * The CPU architecture an executable was built for, read from its header (ELF, Mach-O or PE),
 * in Node's names; null when the header is not one of those. Under Rosetta, x64 Node downloads
 * the arm64 Electron, so the binary, not process.arch, says what the driver must be built for.
 */
export function executableArch(header) {
  const bytes = Buffer.from(header);
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    const machine = bytes[5] === 2 ? bytes.readUInt16BE(18) : bytes.readUInt16LE(18);
    return { 0x3e: 'x64', 0xb7: 'arm64', 0x28: 'arm', 0x03: 'ia32' }[machine] ?? null;
  }
  if (bytes.length >= 8 && bytes.readUInt32LE(0) === 0xfeedfacf) {
    return { 0x01000007: 'x64', 0x0100000c: 'arm64' }[bytes.readUInt32LE(4)] ?? null;
  }
  if (bytes.length >= 0x40 && bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    if (bytes.length < pe + 6 || bytes.toString('latin1', pe, pe + 4) !== 'PE\0\0') return null;
    return { 0x8664: 'x64', 0xaa64: 'arm64', 0x014c: 'ia32' }[bytes.readUInt16LE(pe + 4)] ?? null;
  }
  return null;
}

/** The architecture of the installed Electron executable, falling back to Node's when unreadable. */
export function installedElectronArch(executable, fallback = process.arch) {
  try {
    const fd = fs.openSync(executable, 'r');
    try {
      const header = Buffer.alloc(4096);
      const read = fs.readSync(fd, header, 0, header.length, 0);
      return executableArch(header.subarray(0, read)) ?? fallback;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return fallback;
  }
}

export function electronNativePath(root, electronVersion, arch, platform = process.platform) {
  const sqliteVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
  return path.join(root, '.cache', 'native', `better-sqlite3-${sqliteVersion}-electron-${electronVersion}-${platform}-${arch}`, 'better_sqlite3.node');
}

/**
 * The copy of better-sqlite3 that gets built leaves out its Node build: the filter looks at the
 * path inside the package, so a checkout under any folder named "build" still copies everything.
 */
export function sourceCopyFilter(source, paths = path) {
  return (file) => paths.relative(source, file).split(paths.sep)[0] !== 'build';
}

/**
 * The source build: node-gyp resolved from the project (a declared devDependency), run by this
 * very Node executable. No npx and no shell, so Windows (where npx is a .cmd) runs it too.
 */
export function nodeGypCommand({ nodeGyp, execPath, electronVersion, arch }) {
  return {
    command: execPath,
    args: [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'],
    shell: false,
  };
}

/** The published prebuild of better-sqlite3 for this Electron version and architecture. */
export function prebuildCommand({ prebuildInstall, execPath, electronVersion, arch }) {
  return {
    command: execPath,
    args: [prebuildInstall, '--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--verbose'],
    shell: false,
  };
}

function runQuiet({ command, args, shell }, cwd, env = {}) {
  const result = spawnSync(command, args, { cwd, shell, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 10 * 60_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim() };
}

/**
 * Makes sure an Electron-ABI better_sqlite3.node exists for `arch` (the installed Electron's):
 * first the project's published prebuild, else a source build against Electron's headers. Both
 * need network the first time; the result is cached. Returns { ok, file } or { ok: false, reason }.
 */
export function ensureElectronSqlite(root, electronVersion, arch, log = () => {}) {
  const target = electronNativePath(root, electronVersion, arch);
  if (fs.existsSync(target)) return { ok: true, file: target };

  const projectRequire = createRequire(path.join(root, 'package.json'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-native-'));
  try {
    const source = path.join(root, 'node_modules/better-sqlite3');
    fs.cpSync(source, work, { recursive: true, filter: sourceCopyFilter(source) });
    const prebuildInstall = projectRequire.resolve('prebuild-install/bin.js', { paths: [source] });
    log(`Fetching better-sqlite3 for Electron ${electronVersion} (${arch})…`);
    let result = runQuiet(prebuildCommand({ prebuildInstall, execPath: process.execPath, electronVersion, arch }), work);
    if (!result.ok) {
      log('No prebuilt binary; building better-sqlite3 against Electron headers (about a minute)…');
      const nodeGyp = projectRequire.resolve('node-gyp/bin/node-gyp.js');
      result = runQuiet(nodeGypCommand({ nodeGyp, execPath: process.execPath, electronVersion, arch }), work, { npm_config_nodedir: '' });
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

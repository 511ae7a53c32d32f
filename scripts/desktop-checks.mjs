// What `npm start` and `npm run dist` decide before they launch or package the desktop app, as pure
// functions of the facts they read (platform, environment, files), so each decision is tested for
// linux, darwin and win32 in tests/unit/electron/desktop-checks.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { V8_LAUNCH_FLAGS } from './launch-flags.mjs';

const require = createRequire(import.meta.url);

/** Linux needs an X11 or Wayland display for a window; macOS and Windows always have one. */
export function displayProblem({ platform, env }) {
  if (platform !== 'linux' || env.DISPLAY || env.WAYLAND_DISPLAY) return null;
  return 'no display (DISPLAY/WAYLAND_DISPLAY is not set)';
}

/**
 * Ubuntu 23.10+ lets AppArmor restrict unprivileged user namespaces (and older Debian can switch
 * them off): Chromium's namespace sandbox cannot start, and Electron falls back to the SUID
 * helper, which aborts unless it is root-owned with mode 4755. Returns the reason with its
 * one-line remedy, or null when the sandbox can start.
 */
export function sandboxProblem({ platform, apparmorRestrictsUserns, usernsCloneDisabled, sandbox, sandboxPath }) {
  if (platform !== 'linux' || !(apparmorRestrictsUserns || usernsCloneDisabled)) return null;
  if (sandbox && sandbox.uid === 0 && (sandbox.mode & 0o7777) === 0o4755) return null;
  const why = apparmorRestrictsUserns ? 'AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns = 1)' : 'unprivileged user namespaces are off (kernel.unprivileged_userns_clone = 0)';
  const quoted = JSON.stringify(sandboxPath);
  return `Electron's sandbox cannot start: ${why} and ${sandboxPath} is not root-owned with mode 4755; fix it once with: sudo chown root:root ${quoted} && sudo chmod 4755 ${quoted}`;
}

/** Reads the facts sandboxProblem decides on, from /proc and the installed chrome-sandbox. */
export function readSandboxFacts(electronDir, platform = process.platform) {
  const read = (file) => {
    try {
      return fs.readFileSync(file, 'utf8').trim();
    } catch {
      return null;
    }
  };
  const sandboxPath = path.join(electronDir, 'dist', 'chrome-sandbox');
  let sandbox = null;
  try {
    const stat = fs.statSync(sandboxPath);
    sandbox = { uid: stat.uid, mode: stat.mode };
  } catch {
    sandbox = null;
  }
  return {
    platform,
    apparmorRestrictsUserns: read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1',
    usernsCloneDisabled: read('/proc/sys/kernel/unprivileged_userns_clone') === '0',
    sandbox,
    sandboxPath,
  };
}

/**
 * The desktop tooling that Electron 45 brings, each found the way the package that uses it finds
 * it (node-abi as @electron/rebuild resolves it, not the older one hoisted to the top).
 */
export const DESKTOP_TOOLING = [['electron'], ['electron', '@electron/get'], ['electron', '@electron-internal/extract-zip'], ['@electron/rebuild'], ['@electron/rebuild', 'node-abi']];

/** Node's lookup of a package folder from `fromDir`: node_modules/<name> here or in a parent folder. */
function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Each installed tool's declared Node range, read from its package.json. */
export function desktopToolingEngines(root, chains = DESKTOP_TOOLING) {
  const engines = [];
  for (const chain of chains) {
    let dir = root;
    for (const name of chain) dir = dir && packageDir(name, dir);
    if (!dir) continue; // not installed: it asks for nothing
    const range = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).engines?.node;
    if (range) engines.push({ name: chain.at(-1), range });
  }
  return engines;
}

/**
 * One line when this Node is older than what the desktop tooling declares, naming the version it
 * wants; null when every tool accepts it. The caller still tries: the download works on 20.20.
 */
export function nodeVersionNotice(nodeVersion, engines, satisfies = require('semver').satisfies) {
  const denying = engines.filter(({ range }) => !satisfies(nodeVersion, range, { includePrerelease: true }));
  if (denying.length === 0) return null;
  const ranges = [...new Set(denying.map(({ range }) => range.replace(/\s+/g, '')))];
  return `Node ${nodeVersion.replace(/^v/, '')}: Electron's desktop tooling (${denying.map(({ name }) => name).join(', ')}) wants Node ${ranges.join(' and ')}; trying anyway (browser mode and the tests need only Node 20.19).`;
}

/** What to do to get the keychain module; the same words as main/secrets/keychain.ts gives Settings. */
export function keytarInstallHint(platform) {
  if (platform === 'linux') return 'install libsecret-1-dev (sudo apt-get install libsecret-1-dev), then run npm ci again';
  if (platform === 'darwin') return 'install the Xcode command line tools (xcode-select --install), then run npm ci again';
  return 'install the Visual Studio Build Tools (C++ workload), then run npm ci again';
}

/** `npm start`'s one line about the keychain module, or null when it loads. */
export function keytarNotice({ platform, error }) {
  if (!error) return null;
  const missing = error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('keytar');
  const what = missing ? 'the keychain module (keytar) is not installed' : `the keychain module (keytar) does not load (${String(error.message).split('\n')[0]})`;
  return `${what}: the SMTP password will be kept for this run only. To keep it: ${keytarInstallHint(platform)}.`;
}

/** Tries to load keytar the way the app does (a CommonJS require from the project). */
export function keytarLoadError(root) {
  try {
    createRequire(path.join(root, 'package.json'))('keytar');
    return null;
  } catch (error) {
    return error;
  }
}

export function formatBytes(bytes) {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "Downloading Electron 45.5.0: 41.3 MB of 112.0 MB (36%)", or without a total when none was sent. */
export function progressLine({ version, transferred, total }) {
  if (!total) return `Downloading Electron ${version}: ${formatBytes(transferred)}`;
  return `Downloading Electron ${version}: ${formatBytes(transferred)} of ${formatBytes(total)} (${Math.floor((transferred / total) * 100)}%)`;
}

/**
 * The platform and architecture electron's install.js downloads for (its own rules, so the
 * artifact fetched here is the one it finds in the cache): x64 Node under Rosetta gets arm64.
 */
export function electronDownloadTarget({ platform, arch, env, runningUnderRosetta }) {
  const targetPlatform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || platform;
  let targetArch = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || arch;
  if (targetPlatform === 'darwin' && platform === 'darwin' && targetArch === 'x64' && env.npm_config_arch === undefined && runningUnderRosetta) targetArch = 'arm64';
  return { platform: targetPlatform, arch: targetArch };
}

/**
 * `electron <project root>`: Electron reads package.json (productName "Spend Manager", main), as
 * a packaged app does. Only a build outside dist/ (SPEND_DIST_DIR) is launched by its file.
 */
export function electronLaunchArgs({ root, distDir, argv }) {
  const entry = path.resolve(distDir) === path.join(root, 'dist') ? root : path.join(distDir, 'main', 'index.cjs');
  // The main process's V8 flags (scripts/launch-flags.mjs): only the command line reaches it.
  return [`--js-flags=${V8_LAUNCH_FLAGS.join(' ')}`, entry, ...argv];
}

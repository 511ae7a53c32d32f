import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

// Compiling the browser-mode server's bundle (5 MB of JavaScript) is a third of its start-up. V8 can keep what
// it compiled as a code cache and take it back next time, as Node's own compile cache (Node ≥ 22.1) does; this
// is the same for the one file, on every Node the app supports. V8 checks a cache only against the source's
// length, so the cache is named after the source's SHA-256: another build never runs this build's code. It is
// code, so it lives in the user's own cache folder (mode 0700), never in a shared temp folder.

/** The user's cache folder for the app, as each OS names it; null when it cannot be known. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string | null {
  if (!home && !env.LOCALAPPDATA && !env.XDG_CACHE_HOME) return null;
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'Spend Manager', 'Cache', 'code');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'Spend Manager', 'code');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'spend-manager', 'code');
}

export interface CodeCacheOutcome {
  /** 'used': compiled from the cache; 'none' or 'rejected' (V8 refused it): compiled from source, and a cache is saved. */
  cache: 'used' | 'none' | 'rejected';
  file: string | null;
}

/** The cache file of this source on this V8 (its version and architecture change the code too). */
export function cacheFileFor(cacheDir: string, bundleName: string, source: string): string {
  const digest = createHash('sha256').update(source).digest('hex').slice(0, 32);
  return path.join(cacheDir, `${bundleName}-${digest}-v8-${process.versions.v8}-${process.arch}.cache`);
}

function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the cache beside its older versions, then removes those: one file per bundle, replaced whole (rename). */
function writeCache(file: string, data: Buffer): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, data, { mode: 0o600 });
  fs.renameSync(temp, file);
  const prefix = path.basename(file).split('-v8-')[0]!.replace(/-[0-9a-f]{32}$/, '-');
  for (const name of fs.readdirSync(dir)) {
    if (name !== path.basename(file) && name.startsWith(prefix) && name.endsWith('.cache') && /-[0-9a-f]{32}-v8-/.test(name)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

function saveSoon(save: () => void): void {
  setTimeout(save, 1000).unref();
  process.once('exit', save);
}

export interface RunBundleOptions {
  /** The CommonJS bundle to run as the process's main module. */
  file: string;
  /** null: no cache (compiled as usual). */
  cacheDir: string | null;
  /**
   * When to save a new cache: after start-up, so the functions start-up compiled lazily are in it too. Given the
   * save (which runs once however often it is called); default: a second later, or at exit if that comes first.
   * The process never waits for it (unref).
   */
  scheduleSave?: (save: () => void) => void;
  /** Where a failed save is told (it never stops the app). */
  onSaveError?: (error: Error) => void;
}

/** Runs `file` as `require.main`, compiled from the code cache when one matches, and saves one when none did. */
export function runBundle(options: RunBundleOptions): CodeCacheOutcome {
  const source = fs.readFileSync(options.file, 'utf8');
  const cacheFile = options.cacheDir === null ? null : cacheFileFor(options.cacheDir, path.basename(options.file, '.cjs'), source);
  const cachedData = cacheFile === null ? undefined : readCache(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: options.file, cachedData });
  const outcome: CodeCacheOutcome = { cache: cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used', file: cacheFile };

  // The bundle becomes the main module, as `node file` would load it: its require, __dirname and require.main.
  const bundle = new Module(options.file, undefined);
  bundle.filename = options.file;
  bundle.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(options.file));
  process.mainModule = bundle;
  const require = Module.createRequire(options.file);

  if (cacheFile !== null && outcome.cache !== 'used') {
    let saved = false;
    const save = () => {
      if (saved) return;
      saved = true;
      try {
        writeCache(cacheFile, script.createCachedData());
      } catch (error) {
        options.onSaveError?.(error as Error);
      }
    };
    (options.scheduleSave ?? saveSoon)(save);
  }
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(bundle.exports, bundle.exports, require, bundle, options.file, path.dirname(options.file));
  return outcome;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheFileFor, runBundle, userCacheDir } from '../../../main/boot/code-cache';

// The browser-mode server runs its bundle through main/boot/code-cache.ts: compiled from V8's code cache when
// one matches this very source, else from source and a cache saved for next time.

let dir: string;
let mainModule: NodeModule | undefined;
const seen = globalThis as unknown as { bundleRan?: { value: string; dirname: string; sibling: string; isMain: boolean } };

const ran = () => seen.bundleRan;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-code-cache-'));
  mainModule = process.mainModule;
  delete seen.bundleRan;
});
afterEach(() => {
  process.mainModule = mainModule;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A bundle that records what it saw: its value, its folder, a sibling module it requires, whether it is main. */
function writeBundle(value: string): string {
  const file = path.join(dir, 'app', 'serve-app.cjs');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(path.join(dir, 'app', 'sibling.cjs'), "module.exports = 'beside it';");
  fs.writeFileSync(
    file,
    `const big = ${JSON.stringify('x'.repeat(2000))};\n` +
      `globalThis.bundleRan = { value: ${JSON.stringify(value)}, dirname: __dirname, sibling: require('./sibling.cjs'), isMain: require.main === module && big.length === 2000 };\n`,
  );
  return file;
}

const cacheDir = () => path.join(dir, 'cache');
const run = (file: string, onSaveError?: (error: Error) => void) => runBundle({ file, cacheDir: cacheDir(), scheduleSave: (save) => save(), onSaveError });
const cacheFiles = () => (fs.existsSync(cacheDir()) ? fs.readdirSync(cacheDir()) : []);

describe('running the server bundle from a code cache', () => {
  it('runs the bundle as the main module, with its own folder and require, and saves a cache the next start uses', () => {
    const file = writeBundle('first');
    expect(run(file).cache).toBe('none');
    expect(ran()).toEqual({ value: 'first', dirname: path.dirname(file), sibling: 'beside it', isMain: true });
    expect(cacheFiles()).toHaveLength(1);

    delete seen.bundleRan;
    expect(run(file).cache).toBe('used');
    expect(ran()?.value).toBe('first');
  });

  it('a new build of the same length never runs the old build’s code: the cache is named after the source’s hash', () => {
    const file = writeBundle('aaaa');
    run(file);
    const rebuilt = writeBundle('bbbb');
    expect(fs.statSync(rebuilt).size).toBe(fs.statSync(file).size);
    const outcome = run(rebuilt);
    expect(outcome.cache).toBe('none');
    expect(ran()?.value).toBe('bbbb');
    // The old build's cache is removed when the new one is saved: one file per bundle.
    expect(cacheFiles()).toEqual([path.basename(outcome.file!)]);
  });

  it('a corrupt cache file is refused by V8, the bundle still runs, and a good cache replaces it', () => {
    const file = writeBundle('corrupt');
    const cacheFile = cacheFileFor(cacheDir(), 'serve-app', fs.readFileSync(file, 'utf8'));
    fs.mkdirSync(cacheDir(), { recursive: true });
    fs.writeFileSync(cacheFile, Buffer.from('not a code cache at all'));
    expect(run(file).cache).toBe('rejected');
    expect(ran()?.value).toBe('corrupt');
    expect(run(file).cache).toBe('used');
  });

  it('a cache folder that cannot be written is told through onSaveError and never stops the app', () => {
    const file = writeBundle('unwritable');
    fs.writeFileSync(path.join(dir, 'cache'), 'a file where the folder should be');
    const errors: Error[] = [];
    expect(run(file, (error) => errors.push(error)).cache).toBe('none');
    expect(ran()?.value).toBe('unwritable');
    expect(errors).toHaveLength(1);
  });

  it('without a cache folder it compiles from source and writes nothing', () => {
    const file = writeBundle('no cache');
    expect(runBundle({ file, cacheDir: null, scheduleSave: (save) => save() })).toEqual({ cache: 'none', file: null });
    expect(ran()?.value).toBe('no cache');
    expect(fs.readdirSync(dir)).toEqual(['app']);
  });

  it('keeps the cache private to the user: folder 0700, file 0600', () => {
    if (process.platform === 'win32') return;
    run(writeBundle('private'));
    expect(fs.statSync(cacheDir()).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(cacheDir(), cacheFiles()[0]!)).mode & 0o777).toBe(0o600);
  });
});

describe('the user’s cache folder', () => {
  it('is the per-user cache folder each OS names, never a shared temp folder', () => {
    expect(userCacheDir({}, 'linux', '/home/ann')).toBe('/home/ann/.cache/spend-manager/code');
    expect(userCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/ann')).toBe('/xdg/spend-manager/code');
    expect(userCacheDir({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Caches/Spend Manager/code');
    expect(userCacheDir({ LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann')).toBe(path.join('C:\\Users\\ann\\AppData\\Local', 'Spend Manager', 'Cache', 'code'));
  });
});

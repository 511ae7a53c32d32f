// Build steps shared by scripts/build.mjs and the tests that check the built artefacts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { loadContract } from './contract-table.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where builds go; SPEND_DIST_DIR lets parallel work build side by side. */
export const distDir = path.resolve(root, process.env.SPEND_DIST_DIR ?? 'dist');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

// Native modules and electron stay outside the bundle; electron-builder ships them rebuilt.
const external = ['electron', 'better-sqlite3', 'keytar'];
const define = { __APP_VERSION__: JSON.stringify(pkg.version) };

/** The contract's operation names, read from the source (the preload gets them as a constant). */
export async function operationNames() {
  return Object.keys(await loadContract());
}

function nodeBundle(name, entry) {
  return esbuild({
    entryPoints: { [name]: path.join(root, entry) },
    outdir: path.join(distDir, 'main'),
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    external,
    define,
    logLevel: 'warning',
  });
}

export const buildMain = () => nodeBundle('index', 'main/index.ts');
/** Browser mode: the server's bundle, and the entry that runs it from V8's code cache (main/boot/serve.ts). */
export const buildServe = () => Promise.all([nodeBundle('serve-app', 'main/serve.ts'), nodeBundle('serve', 'main/boot/serve.ts')]);

/** The sandboxed preload: one CommonJS file that requires only 'electron'. */
export async function buildPreload({ write = true } = {}) {
  const result = await esbuild({
    entryPoints: { index: path.join(root, 'preload/index.ts') },
    outdir: path.join(distDir, 'preload'),
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'browser',
    target: 'chrome130',
    format: 'cjs',
    sourcemap: write ? 'linked' : false,
    external: ['electron'],
    write,
    define: { ...define, __SPEND_OPERATIONS__: JSON.stringify(await operationNames()) },
    logLevel: 'warning',
  });
  return write ? null : result.outputFiles[0].text;
}

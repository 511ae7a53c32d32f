#!/usr/bin/env node
// Builds what `npm start`, `npm run serve` and the installers run: the renderer (Vite, its assets also
// precompressed for browser mode), main + browser-mode server (esbuild, Node CJS) and the sandboxed preload.
import path from 'node:path';
import { build as viteBuild } from 'vite';
import { buildMain, buildPreload, buildServe, distDir, root } from './build-lib.mjs';
import { precompressAssets } from './precompress.mjs';

const quiet = process.argv.includes('--quiet');
const started = Date.now();
const rendererDir = path.join(distDir, 'renderer');
await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: quiet ? 'error' : 'warn', build: { outDir: rendererDir } });
await Promise.all([precompressAssets(path.join(rendererDir, 'assets')), buildMain(), buildServe(), buildPreload()]);
if (!quiet) console.log(`built in ${Date.now() - started} ms`);

// What the built renderer makes a browser download: the JS that index.html loads before anything runs
// (its module script and modulepreload links), with each file's gzip size as it sits in dist/renderer.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface JsFile {
  /** Path under dist/renderer, e.g. "assets/index-abc.js". */
  file: string;
  bytes: number;
  gzip: number;
}

export function jsFile(rendererDir: string, file: string): JsFile {
  const body = fs.readFileSync(path.join(rendererDir, file));
  return { file, bytes: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length };
}

/** The scripts index.html starts: `<script type="module" src>` and `<link rel="modulepreload" href>`. */
export function initialScripts(rendererDir: string): string[] {
  const html = fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isModule = /^<script\b/.test(tag) && /\btype="module"/.test(tag);
    const isPreload = /^<link\b/.test(tag) && /\brel="modulepreload"/.test(tag);
    const ref = /\b(?:src|href)="([^"]+\.js)"/.exec(tag)?.[1];
    if ((isModule || isPreload) && ref) files.add(ref.replace(/^\.?\//, ''));
  }
  return [...files];
}

export const sumGzip = (files: JsFile[]): number => files.reduce((n, f) => n + f.gzip, 0);

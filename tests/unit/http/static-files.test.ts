import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../../main/electron/app-protocol';
import { acceptedEncodings, contentType, pickStaticFile, precompressedFile, resolveStaticPath } from '../../../main/http/static-files';
import { tempDir } from '../../support/temp';

describe('static files', () => {
  it('never resolves outside the root, however the path is spelled', () => {
    const root = '/srv/app';
    for (const evil of ['/../etc/passwd', '/assets/../../etc/passwd', '/%2e%2e/etc/passwd', '/..%2fetc/passwd', '/a%5c..%5c..%5cx', '/x%00.js', '/%E0%A4%A']) {
      expect(resolveStaticPath(root, evil), evil).toBeNull();
    }
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
  });

  it('serves assets, and index.html for app routes, but 404s a missing asset', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'index.html'), '<html>');
    fs.writeFileSync(path.join(root, 'assets', 'a.js'), '1');
    expect(pickStaticFile(root, '/assets/a.js')).toBe(path.join(root, 'assets', 'a.js'));
    expect(pickStaticFile(root, '/subscriptions')).toBe(path.join(root, 'index.html'));
    expect(pickStaticFile(root, '/assets/missing.js')).toBeNull();
  });

  it('names the types a modern build emits, which nosniff would otherwise refuse to load (.mjs, .wasm, .woff2, .webp, .svg, .ico)', () => {
    expect(contentType('/a/worker.mjs')).toBe('text/javascript; charset=utf-8');
    expect(contentType('/a/sqlite.wasm')).toBe('application/wasm');
    expect(contentType('/a/inter.woff2')).toBe('font/woff2');
    expect(contentType('/a/photo.webp')).toBe('image/webp');
    expect(contentType('/a/logo.svg')).toBe('image/svg+xml');
    expect(contentType('/favicon.ico')).toBe('image/vnd.microsoft.icon');
  });

  it('keeps the types it already had, text as UTF-8, and an unknown one as a download', () => {
    expect(contentType('/index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('/assets/app-1a2b.js')).toBe('text/javascript; charset=utf-8');
    expect(contentType('/assets/app-1a2b.CSS')).toBe('text/css; charset=utf-8');
    expect(contentType('/a.json')).toBe('application/json');
    expect(contentType('/a.png')).toBe('image/png');
    expect(contentType('/no-extension')).toBe('application/octet-stream');
    expect(contentType('/a.unknown-ext')).toBe('application/octet-stream');
  });

  it('gives app:// (the desktop window) the same types as browser mode', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'assets'));
    for (const file of ['index.html', 'assets/w.mjs', 'assets/m.wasm', 'assets/f.woff2', 'assets/i.webp', 'assets/i.svg', 'favicon.ico']) fs.writeFileSync(path.join(root, file), 'x');
    const handle = createAppProtocolHandler(root);
    const typeOf = async (p: string) => (await handle(new Request(`app://app${p}`))).headers.get('content-type');
    expect(await typeOf('/assets/w.mjs')).toBe('text/javascript; charset=utf-8');
    expect(await typeOf('/assets/m.wasm')).toBe('application/wasm');
    expect(await typeOf('/assets/f.woff2')).toBe('font/woff2');
    expect(await typeOf('/assets/i.webp')).toBe('image/webp');
    expect(await typeOf('/assets/i.svg')).toBe('image/svg+xml');
    expect(await typeOf('/favicon.ico')).toBe('image/vnd.microsoft.icon');
  });

  it('reads Accept-Encoding as its codings with q > 0: "br;q=0" refuses brotli, spaces and case do not matter', () => {
    expect([...acceptedEncodings('gzip, deflate, br')].sort()).toEqual(['br', 'deflate', 'gzip']);
    expect([...acceptedEncodings('GZIP;q=0.5, br;q=0')]).toEqual(['gzip']);
    expect([...acceptedEncodings('*;q=0.1')]).toEqual(['*']);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
    expect([...acceptedEncodings('')]).toEqual([]);
  });

  it('picks the brotli copy before the gzip one, only where the build wrote it and the client takes it', () => {
    const root = tempDir();
    const file = path.join(root, 'a.js');
    fs.writeFileSync(file, 'x');
    expect(precompressedFile(file, 'gzip, br')).toBeNull(); // no copies built
    fs.writeFileSync(`${file}.gz`, 'g');
    expect(precompressedFile(file, 'gzip, br')).toEqual({ file: `${file}.gz`, encoding: 'gzip' });
    fs.writeFileSync(`${file}.br`, 'b');
    expect(precompressedFile(file, 'gzip, br')).toEqual({ file: `${file}.br`, encoding: 'br' });
    expect(precompressedFile(file, 'gzip, br;q=0')).toEqual({ file: `${file}.gz`, encoding: 'gzip' });
    expect(precompressedFile(file, '*')).toEqual({ file: `${file}.br`, encoding: 'br' });
    expect(precompressedFile(file, 'identity')).toBeNull();
    expect(precompressedFile(file, undefined)).toBeNull();
  });
});

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../common/csp';
import { APP_ORIGIN, createAppProtocolHandler } from '../../../main/electron/app-protocol';
import { precompressAssets } from '../../../scripts/precompress.mjs';
import { startTestHttp, type TestHttp } from '../../support/http';

// Browser mode serving the real renderer build (Vite, as scripts/build.mjs makes it).

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let outDir: string;
let server: TestHttp;
let script: string;

function get(urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .request(`${server.url}${urlPath}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject)
      .end();
  });
}

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-ui-'));
  await build({ configFile: path.resolve(__dirname, '../../../vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  server = await startTestHttp({ staticDir: outDir });
  script = /src="\.\/(assets\/[^"]+\.js)"/.exec(fs.readFileSync(path.join(outDir, 'index.html'), 'utf8'))![1]!;
}, 180_000);
afterAll(async () => {
  await server?.close();
  fs.rmSync(outDir, { recursive: true, force: true });
});

describe('the built UI over HTTP', () => {
  it('serves the app icon at /favicon.ico, and index.html points the browser at it', async () => {
    const icon = await get('/favicon.ico');
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/(vnd\.microsoft\.icon|x-icon)$/);
    expect([...icon.body.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // the ICO signature
    const html = (await get('/')).body.toString();
    expect(html).toMatch(/<link rel="icon" href="\.\/favicon\.ico"/);
  });

  it('caches hashed assets for a year as immutable, and never caches index.html or an app route', async () => {
    const asset = await get(`/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const route of ['/', '/index.html', '/subscriptions', '/assets/no-such-route']) {
      const page = await get(route);
      expect(page.status, route).toBe(200);
      expect(page.headers['content-type'], route).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control'], route).toBe('no-cache');
    }
  });

  it('revalidates index.html with its ETag (304), so a new build is picked up at once', async () => {
    const first = await get('/');
    expect(first.headers.etag).toBeTruthy();
    expect((await get('/', { 'if-none-match': String(first.headers.etag) })).status).toBe(304);
  });

  it('has the shell of a signed-in caller ask for the dashboard’s numbers after its scripts, and a signed-out one for nothing', async () => {
    const reads = ['/api/dashboard/stats'];
    const signedIn = (await get('/', { cookie: 'theme=dark; spend_session=abc' })).body.toString();
    const preloads = [...signedIn.matchAll(/<link rel="preload" as="fetch" crossorigin href="([^"]+)">/g)].map((m) => m[1]);
    expect(preloads).toEqual(reads);
    // After every script and style: the scripts are asked for first.
    expect(signedIn.indexOf('rel="preload"')).toBeGreaterThan(signedIn.lastIndexOf('<script'));
    expect(signedIn.indexOf('rel="preload"')).toBeGreaterThan(signedIn.lastIndexOf('rel="stylesheet"'));
    expect(signedIn.indexOf('rel="preload"')).toBeLessThan(signedIn.indexOf('</head>'));
    for (const cookie of [undefined, 'theme=dark', 'spend_sessionx=abc']) {
      const html = (await get('/', cookie ? { cookie } : {})).body.toString();
      expect(html, String(cookie)).not.toContain('rel="preload"');
    }
    // Each version revalidates by its own ETag.
    const a = await get('/', { cookie: 'spend_session=abc' });
    const b = await get('/');
    expect(a.headers.etag).not.toBe(b.headers.etag);
    expect((await get('/', { cookie: 'spend_session=abc', 'if-none-match': String(a.headers.etag) })).status).toBe(304);
    expect((await get('/', { 'if-none-match': String(a.headers.etag) })).status).toBe(200);
  });

  it('compresses with brotli or gzip as Accept-Encoding asks, and sends the same bytes', async () => {
    const plain = await get(`/${script}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await get(`/${script}`, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gzip = await get(`/${script}`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    const html = await get('/', { 'accept-encoding': 'gzip, deflate, br' });
    expect(html.headers['content-encoding']).toBe('br');
  });

  it('keeps the CSP, nosniff and the other security headers on the UI', async () => {
    for (const route of ['/', `/${script}`, '/favicon.ico']) {
      const res = await get(route, { 'accept-encoding': 'br' });
      expect(res.headers['content-security-policy'], route).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers, route).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
      });
    }
  });

  it('answers HEAD with the headers only, and other methods with 405 + Allow', async () => {
    const head = await get(`/${script}`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const post = await server.client().request('POST', '/index.html');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('404s a missing asset as JSON, and API answers are never compressed or cached', async () => {
    const missing = await get('/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString())).toMatchObject({ code: 'not_found' });
    const api = await get('/api/app/status', { 'accept-encoding': 'gzip, br' });
    expect(api.status).toBe(200);
    expect(api.headers['content-encoding']).toBeUndefined();
    expect(api.headers['cache-control']).toBe('no-store');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('the built UI under app:// (the desktop window)', () => {
  it('serves every lazy chunk the entry imports, as JavaScript under the CSP, at the address the import names', async () => {
    const handle = createAppProtocolHandler(outDir);
    const entry = fs.readFileSync(path.join(outDir, script), 'utf8');
    // Chunks are imported relative to the entry (base './'), so they resolve under app://app/assets/ as under http://.
    const chunks = [...entry.matchAll(/import\(["'`]\.\/([\w.-]+\.js)["'`]\)/g)].map((m) => m[1]!);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    for (const chunk of chunks) {
      const url = new URL(chunk, `${APP_ORIGIN}/${script}`).href;
      const res = await handle(new Request(url));
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('content-security-policy'), url).toContain("script-src 'self'");
      expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(path.join(outDir, 'assets', chunk))), url).toBe(true);
    }
  });
});

describe('the build\'s precompressed assets', () => {
  beforeAll(async () => {
    await precompressAssets(path.join(outDir, 'assets'));
  }, 120_000);

  it('sends the brotli copy as it is, typed and cached as the script itself, not as a .br file', async () => {
    const br = await get(`/${script}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.equals(fs.readFileSync(path.join(outDir, `${script}.br`)))).toBe(true);
    expect(zlib.brotliDecompressSync(br.body).equals(fs.readFileSync(path.join(outDir, script)))).toBe(true);
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('sends the gzip copy to a client that refuses brotli (br;q=0), and the plain file to one that asks for neither', async () => {
    const gzip = await get(`/${script}`, { 'accept-encoding': 'br;q=0, gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.body.equals(fs.readFileSync(path.join(outDir, `${script}.gz`)))).toBe(true);
    const plain = await get(`/${script}`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(fs.readFileSync(path.join(outDir, script)))).toBe(true);
  });

  it('still compresses index.html on the fly (it has no copy: it changes with every build)', async () => {
    const html = await get('/', { 'accept-encoding': 'br' });
    expect(html.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(html.body).toString()).toContain('<div id="root">');
  });
});

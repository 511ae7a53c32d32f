import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Core } from '../../../main/core/create-core';

// The transport of files, on a real HTTP server: two operations added to the contract for this file only
// (the app's own uploads and downloads are tested with their features). The door is an echo.
vi.mock('../../../common/contract', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../common/contract')>();
  const contract = {
    ...actual.contract,
    'files.echo': { method: 'POST', path: '/api/test-files/:kind', auth: false, upload: { maxBytes: 1024 }, input: z.object({}), summary: 'Echo a file' },
    'files.get': { method: 'GET', path: '/api/test-files/out.csv', auth: false, download: 'attachment', input: z.object({}), summary: 'Give a file' },
  };
  return { ...actual, contract, OPERATION_NAMES: Object.keys(contract) };
});

const { createHttpServer } = await import('../../../main/http/server');
const { createRemoteTransport } = await import('../../../main/remote/transport');

const received: { name: string; raw: Record<string, unknown> }[] = [];
const core = {
  ports: { logger: { info() {}, warn() {}, error() {}, debug() {} } },
  sessions: { lookup: async () => null },
  async dispatch(name: string, raw: Record<string, unknown>) {
    received.push({ name, raw });
    if (name === 'files.get') return { ok: true, data: { name: 'Büro "Ausgaben".csv', type: 'text/csv; charset=utf-8', data: '\ufeffName\nFigma\n' } };
    if (name === 'files.echo') {
      const file = raw.file as Uint8Array | undefined;
      return { ok: true, data: { bytes: file?.byteLength ?? null, isBytes: file instanceof Uint8Array, fields: Object.keys(raw).sort() } };
    }
    return { ok: false, error: { code: 'not_found', message: 'no' } };
  },
} as unknown as Core;

const http = createHttpServer({ core });
let base = '';
beforeAll(async () => {
  base = await http.listen(0);
});
afterAll(() => http.close());

const post = (path: string, body: string, type?: string) => fetch(base + path, { method: 'POST', body, ...(type ? { headers: { 'content-type': type } } : {}) });

describe('files over HTTP', () => {
  it('takes the raw body as the file whatever its type, JSON included, and the query string as the other fields', async () => {
    for (const type of ['text/csv', 'application/octet-stream', 'application/json', 'text/plain; charset=windows-1252']) {
      const res = await post('/api/test-files/csv?locale=de-DE', '[{"Name":"Figma"}]', type);
      expect(res.status, type).toBe(200);
      expect(await res.json()).toEqual({ bytes: 18, isBytes: true, fields: ['file', 'kind', 'locale'] });
    }
  });

  it('takes the one file part of a multipart form, and its text fields', async () => {
    const form = new FormData();
    form.append('separator', ';');
    form.append('file', new Blob(['Name;Amount\nFigma;12,00\n']), 'subs.csv');
    const res = await fetch(`${base}/api/test-files/csv`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bytes: 24, isBytes: true, fields: ['file', 'kind', 'separator'] });
  });

  it('refuses a body over the operation’s limit with 413 and the limit in words, declared or streamed', async () => {
    const declared = await post('/api/test-files/csv', 'x'.repeat(2000), 'text/csv');
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ code: 'payload_too_large', error: 'The file is larger than 1 KB, the most this accepts' });
    const form = new FormData();
    form.append('file', new Blob(['y'.repeat(5000)]), 'big.csv');
    const multipart = await fetch(`${base}/api/test-files/csv`, { method: 'POST', body: form });
    expect(multipart.status).toBe(413);
    expect(((await multipart.json()) as { error: string }).error).toBe('The file is larger than 1 KB, the most this accepts');
  });

  it('does not let the query string pose as the file', async () => {
    const res = await post('/api/test-files/csv?file=abc', 'Name\n', 'text/csv');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { fields: unknown }).fields).toEqual({ file: 'The file is the request body (or a multipart part), not a field of the query string' });
  });

  it('sends nothing as no file, for the schema to refuse', async () => {
    received.length = 0;
    const res = await fetch(`${base}/api/test-files/csv`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(received[0]!.raw.file).toBeUndefined();
  });

  it('answers a download as the file itself, with its type, its name and no-store', async () => {
    const res = await fetch(`${base}/api/test-files/out.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="B_ro _Ausgaben_.csv"; filename*=UTF-8''B%C3%BCro%20%22Ausgaben%22.csv`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(new Uint8Array(await res.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('the desktop’s relay to a team server sends a file and brings a download back as the same file', async () => {
    const remote = createRemoteTransport({ baseUrl: base });
    try {
      const echoed = await remote.dispatch('files.echo', { kind: 'csv', file: new TextEncoder().encode('Name\nFigma\n') });
      expect(echoed).toEqual({ ok: true, data: { bytes: 11, isBytes: true, fields: ['file', 'kind'] } });
      const got = await remote.dispatch('files.get', {});
      expect(got.ok).toBe(true);
      const file = (got as { data: { name: string; type: string; data: Uint8Array } }).data;
      expect(file.name).toBe('Büro "Ausgaben".csv');
      expect(file.type).toBe('text/csv; charset=utf-8');
      expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.data)).toBe('\ufeffName\nFigma\n');
    } finally {
      remote.close();
    }
  });
});

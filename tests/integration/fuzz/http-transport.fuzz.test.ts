import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, OPERATION_NAMES } from '../../../common/contract';
import { startTestHttp, type TestHttp } from '../../support/http';
import { accountChecksum, expectTypedRefusal, fuzzSettings } from './support';

// Raw transport junk that fetch() would clean up before sending: malformed %-escapes in paths,
// malformed session cookies, dot segments, __proto__ query keys. Sent byte for byte with node:http.

const { seed, numRuns } = fuzzSettings('http-transport.fuzz');

let server: TestHttp;
let port: number;
let cookie: string;
let userId: number;

beforeAll(async () => {
  server = await startTestHttp();
  port = Number(new URL(server.url).port);
  const client = server.client();
  const registered = await client.request('POST', '/api/auth/register', { email: 'raw@example.com', username: 'rawfuzz', password: 'correct horse battery' });
  userId = registered.body.user.id;
  cookie = client.cookie!;
  await client.request('POST', '/api/expenses', { name: 'Plan', amount: 10, renewal_date: '2027-01-15' });
});
afterAll(async () => {
  await server.close();
});

function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const MALFORMED_ESCAPES = ['%zz', '%', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%%', '%2', '1%', '%G1', '%FF'];
// Generated as names, so a counterexample reads "expenses.get", not a schema dump.
const operations = OPERATION_NAMES;
const withParams = OPERATION_NAMES.filter((name) => contract[name].path.includes(':'));

function refusal(res: { status: number; body: any }, label: string) {
  expectTypedRefusal(res.status, { code: res.body?.code, message: res.body?.error, fields: res.body?.fields }, label);
}

describe('raw HTTP junk (fixed in the HTTP layer)', () => {
  it('answers a malformed %-escape in any path id with a typed 4xx, not a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withParams), fc.constantFrom(...MALFORMED_ESCAPES), fc.string({ unit: 'binary-ascii', maxLength: 3 }).map(encodeURIComponent), async (name, escape, tail) => {
        const op = contract[name];
        const path = op.path.replace(/:(\w+)/g, `1${escape}${tail}`);
        refusal(await raw(op.method, path, { cookie, origin: `http://127.0.0.1:${port}` }, op.method === 'POST' || op.method === 'PUT' ? '{}' : undefined), `${op.method} ${path}`);
      }),
      { seed, numRuns: numRuns * 2 },
    );
  });

  it('answers a malformed session cookie with a typed 4xx on every API route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operations), fc.constantFrom(...MALFORMED_ESCAPES, '"', '"%zz', '=', ';;', 'a=b=c'), async (name, junk) => {
        const op = contract[name];
        const path = op.path.replace(/:(\w+)/g, '1');
        const res = await raw(op.method, path, { cookie: `spend_session=${junk}`, origin: `http://127.0.0.1:${port}` }, op.method === 'POST' || op.method === 'PUT' ? '{}' : undefined);
        if (res.status < 400) return; // an operation that needs no account may answer
        refusal(res, `${op.method} ${path} cookie ${junk}`);
      }),
      { seed, numRuns: numRuns * 2 },
    );
  });

  it('answers a path with . or .. segments with 404, never the resolved route', async () => {
    const before = await accountChecksum(server.core.database.db, userId);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operations), fc.constantFrom('.', '..', '%2e', '%2E%2E', '.%2e'), fc.boolean(), async (name, dots, end) => {
        const op = contract[name];
        const concrete = op.path.replace(/:(\w+)/g, '1');
        const path = end ? `${concrete}/${dots}` : concrete.replace('/api/', `/api/${dots}/`);
        const res = await raw(op.method, path, { cookie, origin: `http://127.0.0.1:${port}` }, op.method === 'POST' || op.method === 'PUT' ? '{}' : undefined);
        expect(res.status, `${op.method} ${path}`).toBe(404);
        refusal(res, `${op.method} ${path}`);
      }),
      { seed, numRuns },
    );
    expect(await accountChecksum(server.core.database.db, userId)).toBe(before);
  });

  it('refuses a query key or value with a malformed or non-UTF-8 %-escape, naming it, on every operation; nothing changes', async () => {
    const before = await accountChecksum(server.core.database.db, userId);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operations), fc.constantFrom(...MALFORMED_ESCAPES), fc.boolean(), fc.string({ unit: 'binary-ascii', maxLength: 3 }).map(encodeURIComponent), async (name, escape, inKey, tail) => {
        const op = contract[name];
        // "-" first, so the tail can never complete the escape ("%2" + "A" would be a valid "%2A").
        const junk = `${escape}-${tail}`;
        const path = `${op.path.replace(/:(\w+)/g, '1')}?${inKey ? `q${junk}=1` : `q=${junk}`}`;
        const res = await raw(op.method, path, { cookie, origin: `http://127.0.0.1:${port}` }, op.method === 'POST' || op.method === 'PUT' ? '{}' : undefined);
        refusal(res, `${op.method} ${path}`);
        expect(res.body.code, path).toBe('validation');
        expect(Object.values(res.body.fields as Record<string, string>), path).toEqual([expect.stringMatching(/malformed %-escape/)]);
      }),
      { seed, numRuns: numRuns * 2 },
    );
    expect(await accountChecksum(server.core.database.db, userId)).toBe(before);
  });

  it('refuses a JSON body with bytes that are not UTF-8 on every POST and PUT, storing no U+FFFD; nothing changes', async () => {
    const before = await accountChecksum(server.core.database.db, userId);
    const writers = operations.filter((name) => contract[name].method === 'POST' || contract[name].method === 'PUT');
    const badBytes = fc.constantFrom([0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xff], [0xc0, 0xaf], [0xe0, 0x80], [0x80]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writers), badBytes, fc.string({ maxLength: 8 }), async (name, bytes, text) => {
        const op = contract[name];
        const body = Buffer.concat([Buffer.from(`{"name":${JSON.stringify(text).slice(0, -1)}`), Buffer.from(bytes), Buffer.from('"}')]);
        const res = await raw(op.method, op.path.replace(/:(\w+)/g, '1'), { cookie, origin: `http://127.0.0.1:${port}` }, body);
        refusal(res, `${op.method} ${op.path} ${bytes.join(',')}`);
      }),
      { seed, numRuns },
    );
    expect(await accountChecksum(server.core.database.db, userId)).toBe(before);
  });

  it('refuses a __proto__ or constructor query key naming it, like any other unknown key', async () => {
    const getters = operations.filter((name) => contract[name].method === 'GET' && !contract[name].path.includes(':'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...getters), fc.constantFrom('__proto__', 'constructor', '__proto__[x]', 'prototype'), fc.string({ maxLength: 5 }), async (name, key, value) => {
        const op = contract[name];
        const path = `${op.path}?${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
        const res = await raw('GET', path, { cookie });
        refusal(res, `GET ${path}`);
        expect(res.body.code, path).toBe('validation');
      }),
      { seed, numRuns },
    );
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract, OPERATION_NAMES } from '../../../common/contract';
import { startTestHttp, type HttpClient, type TestHttp } from '../../support/http';

// The defects an outside fuzzer found in browser mode: each was a 500 or a lenient answer.

let server: TestHttp;
let alice: HttpClient;
beforeEach(async () => {
  server = await startTestHttp();
  alice = server.client();
  expect((await alice.request('POST', '/api/auth/register', { email: 'alice@example.com', username: 'alice', password: 'correct horse battery' })).status).toBe(201);
});
afterEach(async () => {
  await server.close();
});

const withParams = OPERATION_NAMES.filter((name) => contract[name].path.includes('/:'));

async function expenseCount(): Promise<number> {
  return (await server.core.database.db.selectFrom('expenses').select('id').execute()).length;
}

describe('path ids', () => {
  it('answers 400 naming the field, not 500, for a malformed %-escape in a path id, on every id route', async () => {
    expect(withParams.length).toBeGreaterThan(0);
    for (const name of withParams) {
      const op = contract[name];
      for (const bad of ['%zz', '%', '%E0%A4%A']) {
        const path = op.path.replace(/:(\w+)/g, bad);
        const res = await alice.request(op.method, path, op.method === 'POST' || op.method === 'PUT' ? {} : undefined);
        const param = /:(\w+)/.exec(op.path)![1]!;
        expect(res.status, `${op.method} ${path}`).toBe(400);
        expect(res.body, `${op.method} ${path}`).toMatchObject({ code: 'validation', fields: { [param]: expect.stringMatching(/malformed %-escape/) } });
        expect(res.headers.get('cache-control')).toBe('no-store');
      }
    }
  });

  it('still answers 405 with Allow when a path with a malformed id is asked with the wrong method', async () => {
    const res = await alice.request('POST', '/api/expenses/%zz');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PUT, DELETE');
  });

  it('answers 404, not the list, for a path with . or .. segments (also %2e-spelled)', async () => {
    await alice.request('POST', '/api/expenses', { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-03-20' });
    const cookie = `Cookie: ${alice.cookie}\r\nConnection: close`;
    // A sanity check that the raw request is signed in: the list itself answers.
    expect((await server.raw(`GET /api/expenses HTTP/1.1\r\n${cookie}`)).status).toBe(200);
    for (const path of ['/api/expenses/.', '/api/expenses/..', '/api/expenses/%2e', '/api/expenses/%2E%2e', '/api/./expenses', '/api/expenses/1/..', '/api/x/../expenses', '/.', '/assets/../index.html']) {
      const res = await server.raw(`GET ${path} HTTP/1.1\r\n${cookie}`);
      expect(res.status, path).toBe(404);
      expect(res.body, path).toMatchObject({ code: 'not_found' });
    }
  });
});

describe('request targets', () => {
  it('reads an absolute-form target (GET http://host/path) by its path, as the old server did', async () => {
    const status = await server.raw(`GET ${server.url}/api/app/status HTTP/1.1\r\nConnection: close`);
    expect(status.status).toBe(200);
    const missing = await server.raw(`GET ${server.url}/api/nothing-here HTTP/1.1\r\nConnection: close`);
    expect(missing).toMatchObject({ status: 404, body: { code: 'not_found', error: 'No such endpoint: /api/nothing-here' } });
  });
});

describe('session cookie', () => {
  it('treats a malformed session cookie as no session on every API route: 401 where sign-in is needed, the normal answer elsewhere', async () => {
    for (const value of ['%', '%zz', '%E0%A4%A']) {
      for (const name of OPERATION_NAMES) {
        const op = contract[name];
        const path = op.path.replace(/:(\w+)/g, '1');
        const body = op.method === 'POST' || op.method === 'PUT' ? {} : undefined;
        const broken = server.client();
        broken.cookie = `spend_session=${value}`;
        const res = await broken.request(op.method, path, body);
        const anonymous = await server.client().request(op.method, path, body);
        expect(res.status, `${value} ${op.method} ${path}`).toBe(op.auth ? 401 : anonymous.status);
        expect(res.body, `${value} ${op.method} ${path}`).toEqual(anonymous.body);
      }
    }
  });

  it('signs in over a malformed session cookie with a fresh, working one', async () => {
    const client = server.client();
    client.cookie = 'spend_session=%zz';
    const res = await client.request('POST', '/api/auth/login', { username: 'alice', password: 'correct horse battery' });
    expect(res.status).toBe(200);
    expect(client.cookie).toMatch(/^spend_session=[\w-]{20,}$/);
    expect((await client.request('GET', '/api/auth/me')).body.user.username).toBe('alice');
  });
});

describe('prototype keys', () => {
  it('answers 400 naming a __proto__, constructor or prototype query key, like any other unknown key', async () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const res = await alice.request('GET', `/api/expenses?${key}=1`);
      expect(res.status, key).toBe(400);
      expect(res.body, key).toEqual({ code: 'validation', error: `${key}: Unknown field "${key}"`, fields: { [key]: `Unknown field "${key}"` } });
    }
    expect((await alice.request('GET', '/api/expenses?colour=red')).body.fields).toEqual({ colour: 'Unknown field "colour"' });
  });

  it('answers 400 naming a __proto__ or constructor key in a JSON body, at any depth, and stores nothing', async () => {
    const figma = '"name":"Figma","category":"Design","amount":45,"renewal_date":"2026-03-20"';
    const proto = await alice.request('POST', '/api/expenses', `{${figma},"__proto__":{"user_id":2}}`);
    expect(proto).toMatchObject({ status: 400, body: { code: 'validation', fields: { __proto__: 'Unknown field "__proto__"' } } });
    const ctor = await alice.request('POST', '/api/expenses', `{${figma},"constructor":{"prototype":{"x":1}}}`);
    expect(ctor).toMatchObject({ status: 400, body: { code: 'validation', fields: { constructor: 'Unknown field "constructor"' } } });
    const nested = await alice.request('PUT', '/api/settings', '{"rates":[{"currency":"EUR","rate":"1.1","__proto__":{}}]}');
    expect(nested).toMatchObject({ status: 400, body: { code: 'validation', error: 'rates.0.__proto__: Unknown field "__proto__"' } });
    expect(await expenseCount()).toBe(0);
    expect((await alice.request('GET', '/api/settings')).body.settings.rates).toEqual([]);
  });
});

describe('text that is not valid UTF-8', () => {
  // The UTF-8-style bytes of a lone surrogate (U+D800) and a byte UTF-8 never uses: a lenient decoder turns each into U+FFFD.
  const BAD_BYTES = [[0xed, 0xa0, 0x80], [0xff]];
  const latin1 = (bytes: number[]) => Buffer.from(bytes).toString('latin1');

  it('answers 400 and stores nothing for a JSON body whose bytes are not UTF-8 (a lone surrogate’s bytes), never a name with U+FFFD in it', async () => {
    for (const bad of BAD_BYTES) {
      const body = Buffer.concat([Buffer.from('{"name":"Fig'), Buffer.from(bad), Buffer.from('ma","amount":45,"renewal_date":"2026-03-20"}')]);
      const res = await alice.request('POST', '/api/expenses', new Uint8Array(body));
      expect(res.status, latin1(bad)).toBe(400);
      expect(res.body, latin1(bad)).toEqual({ code: 'bad_request', error: 'The body is not valid UTF-8 (send text encoded as UTF-8, with no lone surrogates)' });
    }
    expect(await expenseCount()).toBe(0);
    // The same name in valid UTF-8 is stored exactly.
    const ok = await alice.request('POST', '/api/expenses', new Uint8Array(Buffer.from('{"name":"Figma 🎨","amount":45,"renewal_date":"2026-03-20"}')));
    expect(ok.status).toBe(201);
    expect(ok.body.expense.name).toBe('Figma 🎨');
  });

  it('answers 400 naming the field for a query value or key with a malformed or non-UTF-8 %-escape, instead of searching for U+FFFD or the raw text', async () => {
    await alice.request('POST', '/api/expenses', { name: 'Figma', amount: 45, renewal_date: '2026-03-20' });
    for (const bad of ['%zz', 'a%2', '%ED%A0%80', '%FF']) {
      const res = await alice.request('GET', `/api/expenses?q=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body, bad).toEqual({ code: 'validation', error: 'q: Has a malformed %-escape (a % must start a valid UTF-8 escape like %20)', fields: { q: 'Has a malformed %-escape (a % must start a valid UTF-8 escape like %20)' } });
    }
    const key = await alice.request('GET', '/api/expenses?q%zz=1');
    expect(key).toMatchObject({ status: 400, body: { fields: { 'q%zz': expect.stringMatching(/malformed %-escape/) } } });
    // Well-formed escapes and + still read as before.
    const found = await alice.request('GET', '/api/expenses?q=%46ig+');
    expect(found.status).toBe(200);
    expect(found.body.expenses.map((e: { name: string }) => e.name)).toEqual(['Figma']);
  });
});

describe('fields sent where the route does not read them', () => {
  it('answers 400 to a JSON body of null, as to [], "x" or 1, instead of reading it as no fields', async () => {
    for (const body of ['null', '[]', '"x"', '1']) {
      const res = await alice.request('PUT', '/api/settings', body);
      expect(res, body).toMatchObject({ status: 400, body: { code: 'bad_request', error: 'The body must be a JSON object' } });
    }
    // An empty body still means no fields.
    expect((await alice.request('PUT', '/api/settings', '')).status).toBe(200);
  });

  it('answers 400 naming a query field on a PUT or POST (it used to be dropped silently), and changes nothing', async () => {
    const res = await alice.request('PUT', '/api/settings?base_currency=EUR', {});
    expect(res).toMatchObject({ status: 400, body: { code: 'validation', fields: { base_currency: 'PUT reads its fields from the JSON body, not the query string' } } });
    expect((await alice.request('GET', '/api/settings')).body.settings.base_currency).toBe('USD');
  });

  it('answers 400 to a GET with a body and names a body field on a DELETE (both used to be dropped silently)', async () => {
    const created = await alice.request('POST', '/api/expenses', { name: 'Figma', amount: 45, renewal_date: '2026-03-20' });
    const id = created.body.expense.id as number;
    // fetch cannot send a GET with a body; another client can.
    const body = '{"status":"cancelled"}';
    const get = await server.raw(`GET /api/expenses HTTP/1.1\r\nCookie: ${alice.cookie}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}`, body);
    expect(get).toMatchObject({ status: 400, body: { code: 'bad_request', error: 'A GET request takes no body; send its fields in the query string' } });
    const del = await alice.request('DELETE', `/api/expenses/${id}`, { confirm: true });
    expect(del).toMatchObject({ status: 400, body: { fields: { confirm: 'DELETE reads its fields from the query string; it takes no body' } } });
    expect(await expenseCount()).toBe(1);
  });

  it('answers 400 naming an id sent in the body or query that differs from the path’s, instead of using the path’s without a word', async () => {
    const created = await alice.request('POST', '/api/expenses', { name: 'Figma', amount: 45, renewal_date: '2026-03-20' });
    const id = created.body.expense.id as number;
    const put = await alice.request('PUT', `/api/expenses/${id}`, { id: id + 1, name: 'Sketch' });
    expect(put).toMatchObject({ status: 400, body: { fields: { id: 'Is given by the path (/api/expenses/:id); leave it out of the body or send the same value' } } });
    const get = await alice.request('GET', `/api/expenses/${id}?id=${id + 1}`);
    expect(get).toMatchObject({ status: 400, body: { fields: { id: 'Is given by the path (/api/expenses/:id); leave it out of the query string or send the same value' } } });
    expect((await alice.request('GET', `/api/expenses/${id}`)).body.expense.name).toBe('Figma');
    // The same id in both places is no contradiction.
    expect((await alice.request('PUT', `/api/expenses/${id}`, { id, name: 'Sketch' })).body.expense.name).toBe('Sketch');
  });
});

describe('body size', () => {
  it('answers 413 to a declared Content-Length over 1 MB and closes the connection without reading the body', async () => {
    const res = await server.raw('POST /api/auth/register HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 1048577');
    expect(res).toMatchObject({ status: 413, body: { code: 'payload_too_large' }, closedByServer: true });
    expect(res.headers.connection).toBe('close');
  });

  it('keeps the connection of an ordinary request open (so the check above can fail)', async () => {
    const res = await server.raw('GET /api/app/status HTTP/1.1');
    expect(res).toMatchObject({ status: 200, closedByServer: false });
  });

  it('accepts a body of exactly 1 MB as far as the size goes', async () => {
    const filler = 'x'.repeat(1024 * 1024 - '{"company_name":""}'.length);
    const res = await server.client().request('POST', '/api/auth/register', `{"company_name":"${filler}"}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation');
  });
});

describe('not HTTP at all', () => {
  it('answers a request line that is not HTTP with a 400 in the app’s error shape, then closes', async () => {
    const res = await server.raw('GET /api/app/status HTTP/1.1 garbage');
    expect(res).toMatchObject({ status: 400, body: { code: 'bad_request', error: 'The request is not valid HTTP' }, closedByServer: true });
  });
});

import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHttp, type TestHttp } from '../../support/http';

let server: TestHttp;
beforeEach(async () => {
  server = await startTestHttp();
});
afterEach(async () => {
  await server.close();
});

const bob = { email: 'bob@example.com', username: 'bob', password: 'hunter2hunter2', company_name: 'Bob & Co' };

async function userCount(): Promise<number> {
  return (await server.core.database.db.selectFrom('users').select('id').execute()).length;
}

describe('auth REST API (browser mode)', () => {
  it('register → 201 with the user and an HttpOnly, SameSite=Strict session cookie', async () => {
    const client = server.client();
    const res = await client.request('POST', '/api/auth/register', bob);
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: 'bob@example.com', username: 'bob', company_name: 'Bob & Co' });
    expect(res.body.user.password_hash).toBeUndefined();
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await client.request('GET', '/api/auth/me')).status).toBe(200);
  });

  it('register with bad fields → 400 naming each field', async () => {
    const res = await server.client().request('POST', '/api/auth/register', { email: 'x', username: 'bob', password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'validation', fields: { email: expect.any(String), password: expect.any(String) } });
    expect(typeof res.body.error).toBe('string');
    expect(await userCount()).toBe(0);
  });

  it('register with a taken email or username → 409', async () => {
    await server.client().request('POST', '/api/auth/register', bob);
    expect((await server.client().request('POST', '/api/auth/register', { ...bob, username: 'bobby' })).status).toBe(409);
    expect((await server.client().request('POST', '/api/auth/register', { ...bob, email: 'b2@example.com' })).status).toBe(409);
    expect(await userCount()).toBe(1);
  });

  it('login → 200; unknown user and wrong password → the same 401', async () => {
    await server.client().request('POST', '/api/auth/register', bob);
    const ok = await server.client().request('POST', '/api/auth/login', { username: 'bob', password: bob.password });
    expect(ok.status).toBe(200);
    expect(ok.body.user.username).toBe('bob');
    const byEmail = await server.client().request('POST', '/api/auth/login', { email: 'bob@example.com', password: bob.password });
    expect(byEmail.status).toBe(200);
    const wrong = await server.client().request('POST', '/api/auth/login', { username: 'bob', password: 'nope-nope' });
    const unknown = await server.client().request('POST', '/api/auth/login', { username: 'eve', password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('logout → 200 and the cookie no longer works; me → 401', async () => {
    const client = server.client();
    await client.request('POST', '/api/auth/register', bob);
    const stolen = client.cookie;
    expect((await client.request('POST', '/api/auth/logout')).status).toBe(200);
    expect((await client.request('GET', '/api/auth/me')).status).toBe(401);
    const replay = server.client();
    replay.cookie = stolen;
    expect((await replay.request('GET', '/api/auth/me')).status).toBe(401);
  });

  it('unknown path → 404 JSON; wrong method → 405 with Allow', async () => {
    const missing = await server.client().request('GET', '/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'not_found' });
    const wrongMethod = await server.client().request('GET', '/api/auth/login');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(wrongMethod.body).toMatchObject({ code: 'method_not_allowed' });
  });

  it('malformed JSON → 400; non-JSON body → 415; body over 1 MB → 413; nothing stored', async () => {
    const client = server.client();
    expect((await client.request('POST', '/api/auth/register', '{"email": ')).status).toBe(400);
    expect((await client.request('POST', '/api/auth/register', '[1,2]')).status).toBe(400);
    expect((await client.request('POST', '/api/auth/register', 'email=a', { 'content-type': 'text/plain' })).status).toBe(415);
    const huge = JSON.stringify({ ...bob, company_name: 'x'.repeat(1024 * 1024) });
    expect((await client.request('POST', '/api/auth/register', huge)).status).toBe(413);
    expect(await userCount()).toBe(0);
  });

  it('refuses a chunked body that grows past 1 MB without a Content-Length', async () => {
    const url = new URL(server.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: '/api/auth/register', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"email":"' + 'a'.repeat(600 * 1024));
      req.end('a'.repeat(600 * 1024) + '"}');
    });
    expect(status).toBe(413);
    expect(await userCount()).toBe(0);
  });

  it('refuses a state-changing request from another origin with 403', async () => {
    const res = await server.client().request('POST', '/api/auth/register', bob, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    const site = await server.client().request('POST', '/api/auth/register', bob, { 'sec-fetch-site': 'cross-site' });
    expect(site.status).toBe(403);
    expect(await userCount()).toBe(0);
    const own = await server.client().request('POST', '/api/auth/register', bob, { origin: server.url });
    expect(own.status).toBe(201);
  });

  it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
    const url = new URL(server.url);
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: url.hostname, port: url.port, path: '/api/app/status', headers: { host: 'attacker.example:80' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    expect(status).toBe(403);
  });

  it('keeps two accounts apart: each cookie sees only its own user', async () => {
    const a = server.client();
    const b = server.client();
    await a.request('POST', '/api/auth/register', bob);
    await b.request('POST', '/api/auth/register', { ...bob, email: 'carol@example.com', username: 'carol' });
    expect((await a.request('GET', '/api/auth/me')).body.user.username).toBe('bob');
    expect((await b.request('GET', '/api/auth/me')).body.user.username).toBe('carol');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_LIMITS } from '../../../main/services/account-throttle';
import type { AuthLimits } from '../../../main/services/account-throttle';
import { startTestHttp, type HttpClient, type TestHttp } from '../../support/http';

// Settings → Account over REST, and the auth throttle's 429s as a browser sees them.

let server: TestHttp;
async function start(limits?: Partial<AuthLimits>): Promise<TestHttp> {
  server = await startTestHttp({ core: limits ? { limits } : {} });
  return server;
}
afterEach(async () => {
  await server.close();
});

const PASSWORD = 'hunter2hunter2';
const CHROME_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';

async function registered(name: string, agent = CHROME_MAC): Promise<HttpClient> {
  const client = server.client();
  const res = await client.request('POST', '/api/auth/register', { email: `${name}@example.com`, username: name, password: PASSWORD, company_name: `${name} Ltd` }, { 'user-agent': agent });
  expect(res.status).toBe(201);
  return client;
}

async function signedIn(name: string, agent: string): Promise<HttpClient> {
  const client = server.client();
  expect((await client.request('POST', '/api/auth/login', { username: name, password: PASSWORD }, { 'user-agent': agent })).status).toBe(200);
  return client;
}

describe('auth throttle over HTTP (production limits)', () => {
  it('answers the login throttle with 429, Retry-After: 1 and "Try again in 1 second"', async () => {
    await start(DEFAULT_AUTH_LIMITS);
    await registered('bob');
    for (let i = 0; i < 5; i++) expect((await server.client().request('POST', '/api/auth/login', { username: 'bob', password: 'wrong-wrong' })).status).toBe(401);
    const res = await server.client().request('POST', '/api/auth/login', { email: 'bob@example.com', password: PASSWORD });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body).toEqual({ code: 'rate_limited', error: 'Too many failed sign-ins for this account. Try again in 1 second.' });
  });

  it('refuses password spraying from one address with 429 and Retry-After: 60', async () => {
    await start(DEFAULT_AUTH_LIMITS);
    await registered('carol');
    for (let i = 0; i < 20; i++) expect((await server.client().request('POST', '/api/auth/login', { username: `someone${i}`, password: 'Spring2026!' })).status).toBe(401);
    const res = await server.client().request('POST', '/api/auth/login', { username: 'carol', password: PASSWORD });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(res.body.error).toBe('Too many failed sign-ins from this device or network. Try again in 1 minute.');
  });

  it('refuses mass registration from one address, 409s included, with 429 and Retry-After: 300', async () => {
    await start(DEFAULT_AUTH_LIMITS);
    for (let i = 0; i < 8; i++) await registered(`user${i}`);
    for (let i = 0; i < 2; i++) {
      const taken = await server.client().request('POST', '/api/auth/register', { email: `user${i}@example.com`, username: `other${i}`, password: PASSWORD });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ code: 'conflict', fields: { email: 'An account with this email already exists' } });
    }
    const res = await server.client().request('POST', '/api/auth/register', { email: 'more@example.com', username: 'more', password: PASSWORD });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('300');
    expect(res.body.error).toBe('Too many sign-up attempts from this device or network. Try again in 5 minutes.');
    expect((await server.core.database.db.selectFrom('users').select('id').execute()).length).toBe(8);
  });
});

describe('PUT /api/account', () => {
  it('changes email, username and company name; 409 names the taken field; 400 names the invalid one', async () => {
    await start();
    await registered('dan');
    const erin = await registered('erin');
    const ok = await erin.request('PUT', '/api/account', { email: 'erin@new.example', company_name: 'Erin GmbH' });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ email: 'erin@new.example', username: 'erin', company_name: 'Erin GmbH' });
    expect((await erin.request('GET', '/api/auth/me')).body.user.company_name).toBe('Erin GmbH');

    const taken = await erin.request('PUT', '/api/account', { username: 'dan' });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ code: 'conflict', error: 'This username is taken', fields: { username: 'This username is taken' } });
    const invalid = await erin.request('PUT', '/api/account', { email: 'nope' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields).toEqual({ email: 'Email must be a valid address, like you@company.com' });
    expect((await server.client().request('PUT', '/api/account', { company_name: 'x' })).status).toBe(401);
  });
});

describe('PUT /api/account/password', () => {
  it('changes the password: a fresh cookie here, the other browser signed out, the old password refused', async () => {
    await start();
    const here = await registered('fay');
    const there = await signedIn('fay', FIREFOX_LINUX);
    const oldCookie = here.cookie;
    const res = await here.request('PUT', '/api/account/password', { current_password: PASSWORD, new_password: 'a brand new secret' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Password changed. 1 other session was signed out.', signed_out: 1 });
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(here.cookie).not.toBe(oldCookie);
    expect((await here.request('GET', '/api/auth/me')).status).toBe(200);
    expect((await there.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await server.client().request('POST', '/api/auth/login', { username: 'fay', password: PASSWORD })).status).toBe(401);
    expect((await server.client().request('POST', '/api/auth/login', { username: 'fay', password: 'a brand new secret' })).status).toBe(200);
  });

  it('answers a wrong current password with 403 naming current_password', async () => {
    await start();
    const here = await registered('gus');
    const res = await here.request('PUT', '/api/account/password', { current_password: 'not the one', new_password: 'a brand new secret' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ code: 'forbidden', error: 'That is not your current password', fields: { current_password: 'That is not your current password' } });
    expect((await here.request('GET', '/api/auth/me')).status).toBe(200);
  });
});

describe('/api/account/sessions', () => {
  it('lists sessions by device from the User-Agent, this one first, with no token or hash in the answer', async () => {
    await start();
    const laptop = await registered('hal', CHROME_MAC);
    await signedIn('hal', FIREFOX_LINUX);
    const res = await laptop.request('GET', '/api/account/sessions');
    expect(res.status).toBe(200);
    expect(res.body.sessions.map((s: { device: string; current: boolean }) => [s.device, s.current])).toEqual([
      ['Chrome on macOS', true],
      ['Firefox on Linux', false],
    ]);
    const stored = await server.core.database.db.selectFrom('sessions').select(['token_hash']).execute();
    const text = JSON.stringify(res.body);
    for (const { token_hash } of stored) expect(text).not.toContain(token_hash);
    expect(text).not.toContain(decodeURIComponent(laptop.cookie!.split('=')[1]!));
  });

  it('DELETE /api/account/sessions/:id signs that browser out; a bad id is 400, an unknown one 404', async () => {
    await start();
    const laptop = await registered('ivy', CHROME_MAC);
    const phone = await signedIn('ivy', FIREFOX_LINUX);
    const other = (await laptop.request('GET', '/api/account/sessions')).body.sessions.find((s: { current: boolean }) => !s.current);
    const ended = await laptop.request('DELETE', `/api/account/sessions/${other.id}`);
    expect(ended.status).toBe(200);
    expect(ended.body).toEqual({ message: 'Session signed out' });
    expect((await phone.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await laptop.request('DELETE', `/api/account/sessions/${other.id}`)).status).toBe(404);
    const bad = await laptop.request('DELETE', '/api/account/sessions/not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({ id: 'Session id must be one of the ids from the sessions list' });
  });

  it('POST /api/account/sessions/end-others keeps this browser and signs out the rest', async () => {
    await start();
    const laptop = await registered('jon', CHROME_MAC);
    const others = [await signedIn('jon', FIREFOX_LINUX), await signedIn('jon', FIREFOX_LINUX)];
    const res = await laptop.request('POST', '/api/account/sessions/end-others');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Signed out 2 other sessions', signed_out: 2 });
    for (const client of others) expect((await client.request('GET', '/api/auth/me')).status).toBe(401);
    expect((await laptop.request('GET', '/api/auth/me')).status).toBe(200);
  });
});

describe('POST /api/account/delete', () => {
  it('deletes the account, clears the cookie, and leaves the other account working; a wrong password is 403', async () => {
    await start();
    const kim = await registered('kim');
    const lea = await registered('lea');
    await lea.request('POST', '/api/expenses', { name: 'Figma', category: 'Design', amount: 15, billing_cycle: 'monthly', renewal_date: '2026-04-01' });

    const wrong = await kim.request('POST', '/api/account/delete', { password: 'not it' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.fields).toEqual({ password: 'That is not your current password' });

    const res = await kim.request('POST', '/api/account/delete', { password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'The account kim and all its data were deleted.' });
    expect(res.headers.get('set-cookie')).toMatch(/spend_session=;/);
    expect(kim.cookie).toBeNull();
    expect((await server.client().request('POST', '/api/auth/login', { username: 'kim', password: PASSWORD })).status).toBe(401);

    expect((await lea.request('GET', '/api/auth/me')).body.user.username).toBe('lea');
    expect((await lea.request('GET', '/api/expenses')).body.expenses.map((e: { name: string }) => e.name)).toEqual(['Figma']);
  });
});

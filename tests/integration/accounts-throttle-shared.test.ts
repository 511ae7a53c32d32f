import { afterEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../common/contract';
import { DEFAULT_AUTH_LIMITS } from '../../main/services/account-throttle';
import { startTestCore, type TestCore } from '../support/core';
import { testClock } from '../support/clock';

// Two servers on one database: two cores, each with its own connection to the same SQLite file and no
// state in common but that file. The sign-in and registration limits must count attempts on both as one.

const PASSWORD = 'correct horse battery';
const open: TestCore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((core) => core.close()));
});

async function twoServers(): Promise<[TestCore, TestCore]> {
  const clock = testClock('2026-03-10T09:00:00Z', 'UTC');
  const first = await startTestCore({ clock, limits: DEFAULT_AUTH_LIMITS });
  open.push(first);
  const second = await startTestCore({ clock, dir: first.dir, limits: DEFAULT_AUTH_LIMITS });
  open.push(second);
  return [first, second];
}

const client = (address: string) => ({ address, agent: 'vitest' });
function login(core: TestCore, credentials: InputOf<'auth.login'>, address = '198.51.100.1') {
  return core.caller(client(address)).result('auth.login', credentials);
}
function register(core: TestCore, name: string, address = '198.51.100.1') {
  return core.caller(client(address)).result('auth.register', { email: `${name}@example.com`, username: name, password: PASSWORD });
}

describe('sign-in limits shared by every server on the database', () => {
  it('counts wrong passwords on either server against the account: 3 here and 2 there block the 6th attempt on both', async () => {
    const [a, b] = await twoServers();
    expect((await register(a, 'alice')).ok).toBe(true);
    for (let i = 0; i < 3; i++) expect(await login(a, { username: 'alice', password: 'wrong horse' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    for (let i = 0; i < 2; i++) expect(await login(b, { username: 'alice', password: 'wrong horse' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const refused = { ok: false, error: { code: 'rate_limited', message: 'Too many failed sign-ins for this account. Try again in 1 second.', retryAfter: 1 } };
    expect(await login(a, { username: 'alice', password: PASSWORD })).toEqual(refused);
    expect(await login(b, { username: 'alice', password: PASSWORD })).toEqual(refused);
    a.clock.advance(1000);
    expect((await login(b, { username: 'alice', password: PASSWORD })).ok).toBe(true);
    // The right password on one server cleared the count for both.
    for (let i = 0; i < 4; i++) await login(a, { username: 'alice', password: 'wrong horse' });
    expect((await login(a, { username: 'alice', password: PASSWORD })).ok).toBe(true);
  });

  it('does not let parallel wrong guesses on both servers slip past the limit', async () => {
    const [a, b] = await twoServers();
    await register(a, 'carol', '198.51.100.9');
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => login(i % 2 ? a : b, { username: 'carol', password: `guess-${i}` }, `203.0.113.${i}`)));
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'unauthorized')).toHaveLength(5);
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(7);
  });

  it('refuses a client spraying 10 usernames on each server, for 1 minute, on both', async () => {
    const [a, b] = await twoServers();
    await register(a, 'frank', '198.51.100.9');
    const sprayer = '203.0.113.66';
    for (let i = 0; i < 20; i++) {
      expect(await login(i < 10 ? a : b, { username: `victim${i}`, password: 'Summer2026!' }, sprayer)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    for (const server of [a, b]) {
      expect(await login(server, { username: 'frank', password: PASSWORD }, sprayer)).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfter: 60 } });
    }
    expect((await login(b, { username: 'frank', password: PASSWORD }, '198.51.100.10')).ok).toBe(true);
  });

  it('refuses the 11th registration from one client, whichever server took the first 10', async () => {
    const [a, b] = await twoServers();
    const prober = '203.0.113.77';
    for (let i = 0; i < 10; i++) expect((await register(i % 2 ? a : b, `user${i}`, prober)).ok).toBe(true);
    for (const server of [a, b]) {
      expect(await register(server, 'user99', prober)).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfter: 300 } });
    }
    expect(await a.database.db.selectFrom('users').select('id').where('username', '=', 'user99').execute()).toEqual([]);
  });

  it('keeps no count in the process: a restarted server still refuses a blocked account', async () => {
    const [a] = await twoServers();
    await register(a, 'dan');
    for (let i = 0; i < 5; i++) await login(a, { username: 'dan', password: 'wrong horse' });
    await a.close();
    open.splice(open.indexOf(a), 1);
    const restarted = await startTestCore({ clock: a.clock, dir: a.dir, limits: DEFAULT_AUTH_LIMITS });
    open.push(restarted);
    expect(await login(restarted, { username: 'dan', password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfter: 1 } });
  });
});

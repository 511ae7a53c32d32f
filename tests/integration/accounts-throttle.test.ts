import { afterEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../common/contract';
import type { RequestContext } from '../../main/core/context';
import { clientKey, DEFAULT_AUTH_LIMITS } from '../../main/services/account-throttle';
import { durationInWords } from '../../main/services/throttle';
import { startTestCore, type TestCore } from '../support/core';

// The sign-in and registration limits, with the production defaults (every other test relaxes them).

let core: TestCore;
async function start(): Promise<TestCore> {
  core = await startTestCore({ limits: DEFAULT_AUTH_LIMITS });
  return core;
}
afterEach(async () => {
  await core.close();
});

const PASSWORD = 'correct horse battery';
const from = (address: string | null) => ({ address, agent: 'vitest' });

async function register(name: string, address: string | null = '198.51.100.1') {
  return core.caller(from(address)).result('auth.register', { email: `${name}@example.com`, username: name, password: PASSWORD });
}
function login(credentials: InputOf<'auth.login'>, address: string | null = '198.51.100.1') {
  return core.caller(from(address)).result('auth.login', credentials);
}

describe('login throttle per account', () => {
  it('answers the sixth wrong password with 429, retryAfter 1 and "Try again in 1 second", then 2 seconds', async () => {
    await start();
    await register('alice', '198.51.100.9');
    for (let i = 0; i < 5; i++) expect(await login({ username: 'alice', password: 'wrong horse' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const blocked = await login({ username: 'alice', password: PASSWORD });
    expect(blocked).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Too many failed sign-ins for this account. Try again in 1 second.', retryAfter: 1 },
    });

    core.clock.advance(1_000);
    expect(await login({ username: 'alice', password: 'wrong again' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await login({ username: 'alice', password: PASSWORD })).toMatchObject({
      ok: false,
      error: { message: 'Too many failed sign-ins for this account. Try again in 2 seconds.', retryAfter: 2 },
    });
    core.clock.advance(2_000);
    expect((await login({ username: 'alice', password: PASSWORD })).ok).toBe(true);
    // The right password wipes the count: five fresh misses are allowed again.
    for (let i = 0; i < 4; i++) await login({ username: 'alice', password: 'wrong horse' });
    expect((await login({ username: 'alice', password: PASSWORD })).ok).toBe(true);
  });

  it('counts failed sign-ins by username and by email of one account together', async () => {
    await start();
    await register('bob', '198.51.100.9');
    for (let i = 0; i < 3; i++) await login({ username: 'bob', password: 'wrong horse' });
    for (let i = 0; i < 2; i++) await login({ email: 'BOB@example.com', password: 'wrong horse' });
    expect(await login({ email: 'bob@example.com', password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await login({ username: 'bob', password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await login({ username: 'bob@example.com', password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  it('does not let parallel wrong guesses slip past the limit before any is counted', async () => {
    await start();
    await register('carol', '198.51.100.9');
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => login({ username: 'carol', password: `guess-${i}` }, `203.0.113.${i}`)));
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'unauthorized')).toHaveLength(5);
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(7);
  });

  it('forgets old misses after an hour of quiet', async () => {
    await start();
    await register('dan', '198.51.100.9');
    for (let i = 0; i < 4; i++) await login({ username: 'dan', password: 'wrong horse' });
    core.clock.advance(60 * 60_000);
    for (let i = 0; i < 4; i++) await login({ username: 'dan', password: 'wrong horse' });
    expect((await login({ username: 'dan', password: PASSWORD })).ok).toBe(true);
  });

  it('counts a wrong current password (change password) with the account\'s failed sign-ins', async () => {
    await start();
    const tab = core.caller(from('198.51.100.9'));
    await tab.call('auth.register', { email: 'erin@example.com', username: 'erin', password: PASSWORD });
    for (let i = 0; i < 5; i++) {
      expect(await tab.result('account.changePassword', { current_password: `wrong-${i}`, new_password: 'a brand new secret' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden', fields: { current_password: 'That is not your current password' } },
      });
    }
    expect(await login({ username: 'erin', password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfter: 1 } });
  });
});

describe('password spraying per client', () => {
  it('refuses a client that failed 20 sign-ins across many usernames, for 1 minute, while another client signs in', async () => {
    await start();
    await register('frank', '198.51.100.9');
    const sprayer = '203.0.113.66';
    for (let i = 0; i < 20; i++) {
      expect(await login({ username: `victim${i}`, password: 'Summer2026!' }, sprayer)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    const refused = await login({ username: 'frank', password: PASSWORD }, sprayer);
    expect(refused).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Too many failed sign-ins from this device or network. Try again in 1 minute.', retryAfter: 60 },
    });
    expect((await login({ username: 'frank', password: PASSWORD }, '198.51.100.10')).ok).toBe(true);
    // The refused attempt never reached frank's own counter.
    core.clock.advance(60_000);
    expect((await login({ username: 'frank', password: PASSWORD }, sprayer)).ok).toBe(true);
  });

  it('does not count successful sign-ins against the client', async () => {
    await start();
    await register('gina', '198.51.100.9');
    for (let i = 0; i < 19; i++) await login({ username: `nobody${i}`, password: 'nope nope' });
    for (let i = 0; i < 10; i++) expect((await login({ username: 'gina', password: PASSWORD })).ok).toBe(true);
    expect(await login({ username: 'nobody-last', password: 'nope nope' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await login({ username: 'gina', password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });
});

describe('registration throttle per client', () => {
  it('refuses the 11th registration from one client for 5 minutes, taken-email answers included', async () => {
    await start();
    const prober = '203.0.113.77';
    for (let i = 0; i < 7; i++) expect((await register(`user${i}`, prober)).ok).toBe(true);
    // Probing whether an email has an account: the answer stays clear, and it counts.
    for (let i = 0; i < 3; i++) {
      const probe = await core.caller(from(prober)).result('auth.register', { email: `user${i}@example.com`, username: `probe${i}`, password: PASSWORD });
      expect(probe).toMatchObject({ ok: false, error: { code: 'conflict', fields: { email: 'An account with this email already exists' } } });
    }
    const refused = await register('user99', prober);
    expect(refused).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Too many sign-up attempts from this device or network. Try again in 5 minutes.', retryAfter: 300 },
    });
    expect(await core.database.db.selectFrom('users').select('id').where('username', '=', 'user99').execute()).toEqual([]);
    expect((await register('elsewhere', '198.51.100.20')).ok).toBe(true);
    core.clock.advance(5 * 60_000);
    expect((await register('user99', prober)).ok).toBe(true);
  });

  it('counts a taken email met while editing the profile like a registration', async () => {
    await start();
    const client = '203.0.113.88';
    await register('owner', '198.51.100.9');
    const tab = core.caller(from(client));
    await tab.call('auth.register', { email: 'editor@example.com', username: 'editor', password: PASSWORD });
    for (let i = 0; i < 9; i++) {
      expect(await tab.result('account.update', { email: 'owner@example.com' })).toMatchObject({ ok: false, error: { code: 'conflict', fields: { email: expect.any(String) } } });
    }
    expect(await tab.result('account.update', { email: 'owner@example.com' })).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfter: 300 } });
    // A company name change does not touch the registration count.
    expect((await tab.result('account.update', { company_name: 'Still works Ltd' })).ok).toBe(true);
  });

  it('throttles in-process callers (the desktop window, no address) as one client', async () => {
    await start();
    for (let i = 0; i < 10; i++) expect((await register(`desk${i}`, null)).ok).toBe(true);
    expect(await register('desk10', null)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });
});

describe('throttle keys and words', () => {
  const ctx = (address: string | null): RequestContext => ({ userId: null, session: { signIn: async () => {}, signOut: async () => {} }, client: { address, agent: null } });

  it('keys IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', () => {
    expect(clientKey('login', ctx('2001:db8:1:2::5'))).toBe(clientKey('login', ctx('2001:0db8:0001:0002:ffff:0:0:1')));
    expect(clientKey('login', ctx('2001:db8:1:2::5'))).not.toBe(clientKey('login', ctx('2001:db8:1:3::5')));
    expect(clientKey('login', ctx('::ffff:127.0.0.1'))).toBe(clientKey('login', ctx('127.0.0.1')));
    expect(clientKey('login', ctx(null))).toBe('login:client:in-process');
    expect(clientKey('register', ctx('10.0.0.1'))).not.toBe(clientKey('login', ctx('10.0.0.1')));
  });

  it('words waits exactly, singular and plural right', () => {
    expect(durationInWords(1)).toBe('1 second');
    expect(durationInWords(2)).toBe('2 seconds');
    expect(durationInWords(60)).toBe('1 minute');
    expect(durationInWords(125)).toBe('2 minutes and 5 seconds');
    expect(durationInWords(3600)).toBe('1 hour');
    expect(durationInWords(3661)).toBe('1 hour, 1 minute and 1 second');
  });
});

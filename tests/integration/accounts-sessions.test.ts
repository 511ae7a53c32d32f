import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountSession } from '../../common/contract';
import { deviceLabel } from '../../main/services/device-label';
import { startTestCore, type TestCaller, type TestCore } from '../support/core';
import { writeCounter } from '../support/test-database';

// Settings → Account → Sessions: where the account is signed in, and ending those sessions.

let core: TestCore;
beforeEach(async () => {
  core = await startTestCore();
});
afterEach(async () => {
  await core.close();
});

const PASSWORD = 'correct horse battery';
const CHROME_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';

async function signedIn(username: string, agent: string): Promise<TestCaller> {
  const tab = core.caller({ agent });
  await tab.call('auth.login', { username, password: PASSWORD });
  return tab;
}

async function sessionsOf(tab: TestCaller): Promise<AccountSession[]> {
  return (await tab.call('account.sessions')).sessions;
}

beforeEach(async () => {
  for (const name of ['alice', 'bob']) {
    await core.caller().call('auth.register', { email: `${name}@example.com`, username: name, password: PASSWORD });
  }
  await core.database.db.deleteFrom('sessions').execute();
});

describe('account.sessions', () => {
  it('lists this account\'s sessions with device, created and last seen, this one first and marked current', async () => {
    const phone = await signedIn('alice', SAFARI_IPHONE);
    core.clock.advance(60_000);
    const laptop = await signedIn('alice', CHROME_MAC);
    core.clock.advance(60_000);
    await signedIn('bob', FIREFOX_WINDOWS);

    const fromLaptop = await sessionsOf(laptop);
    expect(fromLaptop.map((s) => [s.device, s.current])).toEqual([
      ['Chrome on macOS', true],
      ['Safari on iOS', false],
    ]);
    expect(fromLaptop[0]).toMatchObject({ kind: 'web', id: laptop.sessionId, created_at: '2026-03-10T09:01:00.000Z', last_seen_at: '2026-03-10T09:01:00.000Z' });
    expect(fromLaptop[0]!.expires_at).toBe('2026-04-09T09:01:00.000Z');
    expect((await sessionsOf(phone)).map((s) => [s.device, s.current])).toEqual([
      ['Safari on iOS', true],
      ['Chrome on macOS', false],
    ]);
  });

  it('names sessions by an id that is neither the token nor its stored hash', async () => {
    const tab = await signedIn('alice', CHROME_MAC);
    const [listed] = await sessionsOf(tab);
    const stored = await core.database.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(listed!.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(listed!.id).toBe(stored.id);
    expect(JSON.stringify(listed)).not.toContain(stored.token_hash);
    expect(stored.token_hash).not.toContain(listed!.id);
  });

  it('moves last seen at most every 5 minutes, not on every request', async () => {
    const alice = await core.database.db.selectFrom('users').select('id').where('username', '=', 'alice').executeTakeFirstOrThrow();
    const token = await core.sessions.create(alice.id, 'web', CHROME_MAC);
    const lastSeen = async () => (await core.database.db.selectFrom('sessions').select('last_seen_at').executeTakeFirstOrThrow()).last_seen_at;
    const changes = await writeCounter(core.database, 'sessions');

    core.clock.advance(4 * 60_000 + 59_000);
    for (let i = 0; i < 20; i++) expect(await core.sessions.lookup(token)).toMatchObject({ userId: alice.id });
    expect(await changes()).toBe(0);
    expect(await lastSeen()).toBe('2026-03-10T09:00:00.000Z');

    core.clock.advance(1_000);
    for (let i = 0; i < 20; i++) await core.sessions.lookup(token);
    expect(await changes()).toBe(1);
    expect(await lastSeen()).toBe('2026-03-10T09:05:00.000Z');
  });

  it('leaves expired sessions out', async () => {
    const laptop = await signedIn('alice', CHROME_MAC);
    const phone = await signedIn('alice', SAFARI_IPHONE);
    await core.database.db.updateTable('sessions').set({ expires_at: '2026-03-10T08:59:59.000Z' }).where('id', '=', phone.sessionId!).execute();
    expect((await sessionsOf(laptop)).map((s) => s.device)).toEqual(['Chrome on macOS']);
  });
});

describe('ending sessions', () => {
  it('signs one other session out by its id; that caller is signed out on its next call', async () => {
    const laptop = await signedIn('alice', CHROME_MAC);
    const phone = await signedIn('alice', SAFARI_IPHONE);
    expect(await laptop.call('account.endSession', { id: phone.sessionId! })).toEqual({ message: 'Session signed out' });
    expect(await phone.result('auth.me')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await sessionsOf(laptop)).map((s) => s.device)).toEqual(['Chrome on macOS']);
  });

  it('answers 404 for an unknown id and for another account\'s session, and ends nothing', async () => {
    const alice = await signedIn('alice', CHROME_MAC);
    const bob = await signedIn('bob', FIREFOX_WINDOWS);
    const unknown = 'AAAAAAAAAAAAAAAAAAAAAA';
    for (const id of [unknown, bob.sessionId!]) {
      expect(await alice.result('account.endSession', { id })).toEqual({
        ok: false,
        error: { code: 'not_found', message: 'No such session: it may have signed out already', fields: { id: 'No such session' } },
      });
    }
    expect((await bob.result('auth.me')).ok).toBe(true);
    expect(await alice.result('account.endSession', { id: 'not a session id' })).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { id: 'Session id must be one of the ids from the sessions list' } },
    });
  });

  it('signs this caller out when it ends its own session by id', async () => {
    const tab = await signedIn('alice', CHROME_MAC);
    expect(await tab.call('account.endSession', { id: tab.sessionId! })).toEqual({ message: 'Signed out on this device' });
    expect(tab.userId).toBeNull();
    expect(await core.database.db.selectFrom('sessions').select('id').execute()).toEqual([]);
  });

  it('signs out everywhere else and keeps this session; the other account keeps its own', async () => {
    const laptop = await signedIn('alice', CHROME_MAC);
    const others = [await signedIn('alice', SAFARI_IPHONE), await signedIn('alice', FIREFOX_WINDOWS)];
    const bob = await signedIn('bob', FIREFOX_WINDOWS);
    expect(await laptop.call('account.endOtherSessions')).toEqual({ message: 'Signed out 2 other sessions', signed_out: 2 });
    for (const tab of others) expect(await tab.result('auth.me')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await laptop.result('auth.me')).ok).toBe(true);
    expect((await bob.result('auth.me')).ok).toBe(true);
    expect(await laptop.call('account.endOtherSessions')).toEqual({ message: 'No other session was signed in', signed_out: 0 });
  });
});

describe('device labels', () => {
  it('names the browser and system from the User-Agent, and the desktop app by name', () => {
    expect(deviceLabel('web', CHROME_MAC)).toBe('Chrome on macOS');
    expect(deviceLabel('web', FIREFOX_WINDOWS)).toBe('Firefox on Windows');
    expect(deviceLabel('web', SAFARI_IPHONE)).toBe('Safari on iOS');
    expect(deviceLabel('web', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0')).toBe(
      'Microsoft Edge on Windows',
    );
    expect(deviceLabel('web', 'curl/8.5.0')).toBe('Unknown browser');
    expect(deviceLabel('web', '')).toBe('Unknown browser');
    expect(deviceLabel('web', null)).toBe('Unknown browser');
    expect(deviceLabel('desktop', null)).toBe('Spend Manager desktop');
  });
});

import { generate } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import type { TwoFactorChallenge } from '../../../common/contract/two-factor';
import { DEFAULT_AUTH_LIMITS } from '../../../main/services/account-throttle';
import { signedInCaller, startTestCore, type TestCaller, type TestCore, type TestCoreOptions } from '../../support/core';
import { containsInClear } from '../../support/keyring';
import { storedBytes } from '../../support/test-database';

// Two-factor sign-in with a TOTP app: codes are made by otplib from the secret at the test clock's time,
// as the user's phone would make them.

const open: TestCore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function core(options: TestCoreOptions = {}): Promise<TestCore> {
  const started = await startTestCore(options);
  open.push(started);
  return started;
}

const PASSWORD = 'correct horse battery';
const codeAt = (secret: string, core: TestCore) => generate({ secret, epoch: Math.floor(core.clock.now().getTime() / 1000) });

/** An account with two-factor on: its secret and recovery codes. */
async function withTwoFactor(c: TestCore, name: string): Promise<{ caller: TestCaller; secret: string; codes: string[] }> {
  const caller = await signedInCaller(c, name);
  const { secret } = await caller.call('auth.twoFactor.begin', { password: PASSWORD });
  const { recovery_codes } = await caller.call('auth.twoFactor.confirm', { code: await codeAt(secret, c) });
  c.clock.advance(30_000); // the confirming code's step is used up, as on a real phone a moment later
  return { caller, secret, codes: recovery_codes };
}

async function challengeOf(c: TestCore, name: string): Promise<{ caller: TestCaller; challenge: TwoFactorChallenge }> {
  const caller = c.caller();
  const answer = await caller.call('auth.login', { username: name, password: PASSWORD });
  if (!('two_factor' in answer)) throw new Error('expected the code step');
  return { caller, challenge: answer.two_factor };
}

describe('two-factor sign-in (TOTP)', () => {
  it('turns on with a code from the app and answers 10 recovery codes, shown this once and stored hashed', async () => {
    const c = await core();
    const ana = await signedInCaller(c, 'ana');
    const setup = await ana.call('auth.twoFactor.begin', { password: PASSWORD });
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.uri).toBe(`otpauth://totp/Spend%20Manager:ana%40example.com?secret=${setup.secret}&issuer=Spend%20Manager`);
    expect(await ana.call('auth.twoFactor.status')).toEqual({ enabled: false, enabled_at: null, recovery_codes_left: 0 });

    const wrong = "That code is not right: type the 6 digits the app shows now (and check that your phone's clock is set automatically)";
    const other = (await codeAt(setup.secret, c)) === '000000' ? '111111' : '000000';
    expect(await ana.result('auth.twoFactor.confirm', { code: other })).toEqual({ ok: false, error: { code: 'validation', message: wrong, fields: { code: wrong } } });
    expect(await ana.raw('auth.twoFactor.confirm', { code: '12345' })).toMatchObject({ ok: false, error: { code: 'validation', fields: { code: 'Code must be the 6 digits your authenticator app shows' } } });

    const { recovery_codes } = await ana.call('auth.twoFactor.confirm', { code: await codeAt(setup.secret, c) });
    expect(recovery_codes).toHaveLength(10);
    expect(new Set(recovery_codes).size).toBe(10);
    for (const code of recovery_codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await ana.call('auth.twoFactor.status')).toEqual({ enabled: true, enabled_at: '2026-03-10T09:00:00.000Z', recovery_codes_left: 10 });
    expect(await ana.result('auth.twoFactor.begin', { password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Two-factor sign-in is already on; turn it off first to move it to another app' } });

    const bytes = await storedBytes(c.database);
    expect(containsInClear(bytes, setup.secret)).toBe(false);
    for (const code of recovery_codes) expect(containsInClear(bytes, code.replace('-', ''))).toBe(false);
    expect(containsInClear(bytes, 'ana@example.com')).toBe(true); // the check does find what is there
  });

  it('turning it on needs the password: a session left open cannot put another phone on the account', async () => {
    const c = await core();
    const ola = await signedInCaller(c, 'ola');
    expect(await ola.raw('auth.twoFactor.begin', {})).toMatchObject({ ok: false, error: { code: 'validation', fields: { password: 'Password is required' } } });
    expect(await ola.raw('auth.twoFactor.begin', { password: '' })).toMatchObject({ ok: false, error: { code: 'validation', fields: { password: 'Enter your password to turn two-factor sign-in on' } } });
    expect(await ola.result('auth.twoFactor.begin', { password: 'not the password' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'That is not your current password', fields: { password: 'That is not your current password' } },
    });
    // Nothing was begun: a code for any secret cannot confirm, and the account still signs in with its password alone.
    expect(await ola.result('auth.twoFactor.confirm', { code: '123456' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await ola.call('auth.twoFactor.status')).toEqual({ enabled: false, enabled_at: null, recovery_codes_left: 0 });
    expect(await c.caller().call('auth.login', { username: 'ola', password: PASSWORD })).toMatchObject({ user: { username: 'ola' } });
  });

  it('sign-in asks for the code: the password step answers a challenge and no session, the code completes it', async () => {
    const c = await core();
    const { secret } = await withTwoFactor(c, 'ben');
    const { caller, challenge } = await challengeOf(c, 'ben');
    expect(challenge.expires_at).toBe('2026-03-10T09:05:30.000Z');
    expect(caller.userId).toBeNull();
    expect(await caller.result('auth.me')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    const answer = await caller.call('auth.twoFactor.verify', { challenge: challenge.challenge, code: await codeAt(secret, c) });
    expect(answer.user.username).toBe('ben');
    expect((await caller.call('auth.me')).user.username).toBe('ben');
  });

  it('accepts each code once: the same code again is refused, the next one works', async () => {
    const c = await core();
    const { secret } = await withTwoFactor(c, 'cleo');
    const code = await codeAt(secret, c);
    const first = await challengeOf(c, 'cleo');
    await first.caller.call('auth.twoFactor.verify', { challenge: first.challenge.challenge, code });

    const second = await challengeOf(c, 'cleo');
    const wrong = 'That code is not right: type the 6 digits your authenticator app shows now, or an unused recovery code';
    expect(await second.caller.result('auth.twoFactor.verify', { challenge: second.challenge.challenge, code })).toEqual({ ok: false, error: { code: 'unauthorized', message: wrong, fields: { code: wrong } } });
    c.clock.advance(30_000);
    expect(await second.caller.call('auth.twoFactor.verify', { challenge: second.challenge.challenge, code: await codeAt(secret, c) })).toMatchObject({ user: { username: 'cleo' } });
  });

  it('a recovery code completes a sign-in once, typed in any case and spacing, and the count goes down', async () => {
    const c = await core();
    const { caller: owner, codes } = await withTwoFactor(c, 'dora');
    const first = await challengeOf(c, 'dora');
    const typed = ` ${codes[3]!.toUpperCase().replace('-', ' - ')} `;
    expect(await first.caller.call('auth.twoFactor.verify', { challenge: first.challenge.challenge, code: typed })).toMatchObject({ user: { username: 'dora' } });
    const again = await challengeOf(c, 'dora');
    expect(await again.caller.result('auth.twoFactor.verify', { challenge: again.challenge.challenge, code: codes[3]! })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await owner.call('auth.twoFactor.status')).recovery_codes_left).toBe(9);
  });

  it('a challenge completes once and expires after 5 minutes (test clock), in words', async () => {
    const c = await core();
    const { secret } = await withTwoFactor(c, 'emil');
    const done = await challengeOf(c, 'emil');
    await done.caller.call('auth.twoFactor.verify', { challenge: done.challenge.challenge, code: await codeAt(secret, c) });
    c.clock.advance(30_000);
    const expired = 'This sign-in has expired; sign in again';
    const reused = await c.caller().result('auth.twoFactor.verify', { challenge: done.challenge.challenge, code: await codeAt(secret, c) });
    expect(reused).toEqual({ ok: false, error: { code: 'unauthorized', message: expired, fields: { challenge: expired } } });

    const late = await challengeOf(c, 'emil');
    c.clock.advance(5 * 60_000);
    const answer = await late.caller.result('auth.twoFactor.verify', { challenge: late.challenge.challenge, code: await codeAt(secret, c) });
    expect(answer).toEqual({ ok: false, error: { code: 'unauthorized', message: expired, fields: { challenge: expired } } });
    expect(late.caller.userId).toBeNull();
  });

  it('throttles wrong codes per account: after 5 misses even the right code waits, and says how long', async () => {
    const c = await core({ limits: DEFAULT_AUTH_LIMITS });
    const { secret } = await withTwoFactor(c, 'fern');
    const { caller, challenge } = await challengeOf(c, 'fern');
    const right = await codeAt(secret, c);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect(await caller.result('auth.twoFactor.verify', { challenge: challenge.challenge, code: wrong })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await caller.result('auth.twoFactor.verify', { challenge: challenge.challenge, code: right })).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Too many wrong two-factor codes for this account. Try again in 30 seconds.', retryAfter: 30 },
    });
    c.clock.advance(30_000);
    expect(await caller.call('auth.twoFactor.verify', { challenge: challenge.challenge, code: await codeAt(secret, c) })).toMatchObject({ user: { username: 'fern' } });
  });

  it('turning it off needs the password and a code; then sign-in needs the password only', async () => {
    const c = await core();
    const { caller, secret } = await withTwoFactor(c, 'gus');
    const code = await codeAt(secret, c);
    expect(await caller.result('auth.twoFactor.disable', { password: 'not it', code })).toMatchObject({ ok: false, error: { code: 'forbidden', fields: { password: 'That is not your current password' } } });
    const wrongCode = code === '000000' ? '111111' : '000000';
    expect(await caller.result('auth.twoFactor.disable', { password: PASSWORD, code: wrongCode })).toMatchObject({ ok: false, error: { code: 'forbidden', fields: { code: expect.stringContaining('That code is not right') } } });
    expect((await caller.call('auth.twoFactor.status')).enabled).toBe(true);

    expect(await caller.call('auth.twoFactor.disable', { password: PASSWORD, code })).toEqual({ message: 'Two-factor sign-in is off: signing in needs only your password now' });
    expect(await caller.call('auth.twoFactor.status')).toEqual({ enabled: false, enabled_at: null, recovery_codes_left: 0 });
    expect(await c.ports.db.selectFrom('recovery_codes').select('code_hash').execute()).toEqual([]);
    expect(await c.caller().call('auth.login', { username: 'gus', password: PASSWORD })).toMatchObject({ user: { username: 'gus' } });
  });

  it('a begun but unconfirmed setup asks nothing at sign-in, and begin again replaces its secret', async () => {
    const c = await core();
    const hana = await signedInCaller(c, 'hana');
    const first = await hana.call('auth.twoFactor.begin', { password: PASSWORD });
    const second = await hana.call('auth.twoFactor.begin', { password: PASSWORD });
    expect(second.secret).not.toBe(first.secret);
    expect(await c.caller().call('auth.login', { username: 'hana', password: PASSWORD })).toMatchObject({ user: { username: 'hana' } });
    const stale = await hana.result('auth.twoFactor.confirm', { code: await codeAt(first.secret, c) });
    expect(stale).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await hana.result('auth.twoFactor.confirm', { code: await codeAt(second.secret, c) })).toMatchObject({ ok: true });
  });

  it('without a key (no SPEND_MANAGER_SECRET_KEY, no OS keychain) setup is refused in words and nothing is stored', async () => {
    const c = await core({ secretKey: null });
    const ines = await signedInCaller(c, 'ines');
    expect(await ines.result('auth.twoFactor.begin', { password: PASSWORD })).toEqual({
      ok: false,
      error: {
        code: 'unavailable',
        message:
          'Two-factor sign-in needs a key to protect its secrets, and this server has neither SPEND_MANAGER_SECRET_KEY nor an OS keychain. Ask its administrator to set SPEND_MANAGER_SECRET_KEY (openssl rand -hex 32).',
      },
    });
    expect(await c.ports.db.selectFrom('two_factor').select('user_id').execute()).toEqual([]);
  });

  it('a changed password does not skip the code: sign-in with the new password still asks for it', async () => {
    const c = await core();
    const { caller } = await withTwoFactor(c, 'jon');
    await caller.call('account.changePassword', { current_password: PASSWORD, new_password: 'another long passphrase' });
    const answer = await c.caller().call('auth.login', { username: 'jon', password: 'another long passphrase' });
    expect(answer).toMatchObject({ two_factor: { challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) } });
  });

  it('deleting the account removes its two-factor secret, recovery codes and open sign-ins', async () => {
    const c = await core();
    const { caller } = await withTwoFactor(c, 'kim');
    await challengeOf(c, 'kim');
    await caller.call('account.delete', { password: PASSWORD });
    for (const table of ['two_factor', 'recovery_codes', 'sign_in_challenges'] as const) {
      expect(await c.ports.db.selectFrom(table).select('user_id').execute(), table).toEqual([]);
    }
  });
});

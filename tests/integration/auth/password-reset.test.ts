import { afterEach, describe, expect, it } from 'vitest';
import { RESET_REQUESTED } from '../../../common/contract/password-reset';
import { DEFAULT_AUTH_LIMITS } from '../../../main/services/account-throttle';
import { signedInCaller, startTestCore, type TestCore, type TestCoreOptions } from '../../support/core';
import { containsInClear } from '../../support/keyring';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/smtp-server';
import { storedBytes } from '../../support/test-database';
import { PUBLIC_URL, resetTokenOf, serverSmtp } from './support';

// A forgotten password on a team server: a one-time link by email (the server's SMTP, a real SMTP
// server on loopback), valid 1 hour, single use, ending every session of the account.

const open: { cores: TestCore[]; servers: TestSmtpServer[] } = { cores: [], servers: [] };
afterEach(async () => {
  await Promise.all(open.cores.splice(0).map((c) => c.close()));
  await Promise.all(open.servers.splice(0).map((s) => s.stop()));
});

async function setUp(options: TestCoreOptions = {}) {
  const smtp = await startTestSmtpServer({ mode: 'starttls' });
  open.servers.push(smtp);
  const core = await startTestCore({ smtp: serverSmtp(smtp), publicUrl: PUBLIC_URL, ...options });
  open.cores.push(core);
  return { smtp, core };
}

const NEW_PASSWORD = 'a brand new passphrase';

describe('password reset by email', () => {
  it('emails a link that sets the new password once, signs every device out, and then stops working', async () => {
    const { smtp, core } = await setUp();
    const laptop = await signedInCaller(core, 'ana');
    const phone = core.caller();
    await phone.call('auth.login', { username: 'ana', password: 'correct horse battery' });

    const stranger = core.caller();
    expect(await stranger.call('app.status')).toMatchObject({ password_reset: true });
    expect(await stranger.call('auth.requestPasswordReset', { email: 'ANA@example.com' })).toEqual({ message: RESET_REQUESTED });
    const [mail] = await smtp.waitForMails(1);
    expect(mail!.envelope.to).toEqual(['ana@example.com']);
    expect(mail!.subject).toBe('Reset your Spend Manager password');
    expect(mail!.text).toContain('It works once, for 60 minutes (until 2026-03-10 10:00 UTC)');
    const token = resetTokenOf(mail!);

    expect(await stranger.call('auth.resetPassword', { token, new_password: NEW_PASSWORD })).toEqual({
      message: 'Your password has been changed and every device was signed out. Sign in with the new password.',
    });
    expect(stranger.userId).toBeNull(); // the link signs nobody in: a second factor would be skipped
    expect(await laptop.result('auth.me')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await phone.result('auth.me')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await core.ports.db.selectFrom('sessions').select('id').execute()).toEqual([]);

    expect(await core.caller().result('auth.login', { username: 'ana', password: 'correct horse battery' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await core.caller().call('auth.login', { username: 'ana', password: NEW_PASSWORD })).toMatchObject({ user: { username: 'ana' } });

    const again = await stranger.result('auth.resetPassword', { token, new_password: 'yet another passphrase' });
    const used = 'This reset link has already been used; ask for a new one from the sign-in screen if you need it';
    expect(again).toEqual({ ok: false, error: { code: 'bad_request', message: used, fields: { token: used } } });
    expect(await core.caller().call('auth.login', { username: 'ana', password: NEW_PASSWORD })).toMatchObject({ user: { username: 'ana' } });
  });

  it('answers an unknown username exactly as a known one, and emails nobody for it (no account enumeration)', async () => {
    const { smtp, core } = await setUp();
    await signedInCaller(core, 'ben');
    const unknown = await core.caller().result('auth.requestPasswordReset', { username: 'nobody-here' });
    const known = await core.caller().result('auth.requestPasswordReset', { username: 'ben' });
    expect(unknown).toEqual(known);
    expect(known).toEqual({ ok: true, data: { message: RESET_REQUESTED } });
    const mails = await smtp.waitForMails(1);
    expect(mails.map((m) => m.envelope.to)).toEqual([['ben@example.com']]);
    expect(await core.ports.db.selectFrom('password_resets').select('user_id').execute()).toHaveLength(1);
  });

  it('refuses a link after its hour (test clock) in words, and the old password stays', async () => {
    const { smtp, core } = await setUp();
    await signedInCaller(core, 'cleo');
    await core.caller().call('auth.requestPasswordReset', { username: 'cleo' });
    const token = resetTokenOf((await smtp.waitForMails(1))[0]!);

    core.clock.advance(60 * 60_000);
    const expired = 'This reset link has expired (links work for 60 minutes); ask for a new one from the sign-in screen';
    expect(await core.caller().result('auth.resetPassword', { token, new_password: NEW_PASSWORD })).toEqual({ ok: false, error: { code: 'bad_request', message: expired, fields: { token: expired } } });
    expect(await core.caller().call('auth.login', { username: 'cleo', password: 'correct horse battery' })).toMatchObject({ user: { username: 'cleo' } });
  });

  it('refuses a link that was never sent, naming the token, and a malformed one before the database', async () => {
    const { core } = await setUp();
    const invalid = 'This reset link is not valid; ask for a new one from the sign-in screen';
    const never = await core.caller().result('auth.resetPassword', { token: 'A'.repeat(43), new_password: NEW_PASSWORD });
    expect(never).toEqual({ ok: false, error: { code: 'bad_request', message: invalid, fields: { token: invalid } } });
    const malformed = await core.caller().raw('auth.resetPassword', { token: '../../etc', new_password: 'short' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'validation', fields: { token: invalid, new_password: 'New password must be at least 8 characters' } } });
  });

  it('of two uses of one link at the same moment, exactly one sets its password', async () => {
    const { smtp, core } = await setUp();
    await signedInCaller(core, 'dora');
    await core.caller().call('auth.requestPasswordReset', { username: 'dora' });
    const token = resetTokenOf((await smtp.waitForMails(1))[0]!);
    const results = await Promise.all([
      core.caller().result('auth.resetPassword', { token, new_password: 'first tab passphrase' }),
      core.caller().result('auth.resetPassword', { token, new_password: 'second tab passphrase' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const winner = results[0]!.ok ? 'first tab passphrase' : 'second tab passphrase';
    const loser = results[0]!.ok ? 'second tab passphrase' : 'first tab passphrase';
    expect(await core.caller().result('auth.login', { username: 'dora', password: winner })).toMatchObject({ ok: true });
    expect(await core.caller().result('auth.login', { username: 'dora', password: loser })).toMatchObject({ ok: false });
  });

  it('a newer link does not revive an older one after use: setting a password closes every open link of the account', async () => {
    const { smtp, core } = await setUp();
    await signedInCaller(core, 'emil');
    await core.caller().call('auth.requestPasswordReset', { username: 'emil' });
    await core.caller().call('auth.requestPasswordReset', { username: 'emil' });
    const [first, second] = (await smtp.waitForMails(2)).map(resetTokenOf);
    await core.caller().call('auth.resetPassword', { token: second!, new_password: NEW_PASSWORD });
    expect(await core.caller().result('auth.resetPassword', { token: first!, new_password: 'an attacker passphrase' })).toMatchObject({ ok: false, error: { code: 'bad_request', fields: { token: expect.stringContaining('already been used') } } });
  });

  it('stores only a hash of the link: its secret is nowhere in the database', async () => {
    const { smtp, core } = await setUp();
    await signedInCaller(core, 'fern');
    await core.caller().call('auth.requestPasswordReset', { username: 'fern' });
    const token = resetTokenOf((await smtp.waitForMails(1))[0]!);
    const bytes = await storedBytes(core.database);
    expect(containsInClear(bytes, token)).toBe(false);
    expect(containsInClear(bytes, 'fern@example.com')).toBe(true); // the check does find what is there
  });

  it('throttles requests like sign-in: the 4th email for one account waits 5 minutes, and an unknown name is limited alike', async () => {
    const { smtp, core } = await setUp({ limits: DEFAULT_AUTH_LIMITS });
    await signedInCaller(core, 'gus');
    for (const identifier of ['gus', 'nobody-at-all']) {
      for (let i = 0; i < 3; i++) expect(await core.caller().result('auth.requestPasswordReset', { username: identifier })).toMatchObject({ ok: true });
      expect(await core.caller().result('auth.requestPasswordReset', { username: identifier })).toEqual({
        ok: false,
        error: { code: 'rate_limited', message: 'Too many password reset emails for this account. Try again in 5 minutes.', retryAfter: 300 },
      });
    }
    expect(await smtp.waitForMails(3)).toHaveLength(3);
    core.clock.advance(5 * 60_000);
    expect(await core.caller().result('auth.requestPasswordReset', { username: 'gus' })).toMatchObject({ ok: true });
  });

  it('a server without SMTP_URL says it cannot reset (the sign-in form hides the link), refuses one in words and stores nothing', async () => {
    const core = await startTestCore({ publicUrl: PUBLIC_URL });
    open.cores.push(core);
    await signedInCaller(core, 'hana');
    expect(await core.caller().call('app.status')).toMatchObject({ has_accounts: true, password_reset: false });
    expect(await core.caller().result('auth.requestPasswordReset', { username: 'hana' })).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'Password reset by email is not set up here: the server needs SMTP_URL. Ask whoever runs Spend Manager to set it, or to reset your password.' },
    });
    expect(await core.ports.db.selectFrom('password_resets').select('user_id').execute()).toEqual([]);
  });

  it('a new password ends a sign-in left waiting for its two-factor code', async () => {
    const { smtp, core } = await setUp();
    await signedInCaller(core, 'ines');
    const userId = (await core.ports.db.selectFrom('users').select('id').where('username', '=', 'ines').executeTakeFirstOrThrow()).id;
    const now = core.clock.now().toISOString();
    await core.ports.db.insertInto('sign_in_challenges').values({ token_hash: 'h', user_id: userId, created_at: now, expires_at: '2099-01-01T00:00:00.000Z' }).execute();
    await core.caller().call('auth.requestPasswordReset', { username: 'ines' });
    await core.caller().call('auth.resetPassword', { token: resetTokenOf((await smtp.waitForMails(1))[0]!), new_password: NEW_PASSWORD });
    expect(await core.ports.db.selectFrom('sign_in_challenges').select('user_id').execute()).toEqual([]);
  });
});

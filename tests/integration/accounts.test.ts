import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, setPasswordHashCostForTests, verifyPassword } from '../../main/services/passwords';
import { startTestCore, type TestCore } from '../support/core';

let core: TestCore;
beforeEach(async () => {
  core = await startTestCore();
});
afterEach(async () => {
  await core.close();
});

const alice = { email: 'Alice@Example.com', username: 'Alice', password: 'correct horse', company_name: 'Acme Ltd' };

describe('accounts', () => {
  it('registers, signs in immediately, and never returns the password hash', async () => {
    const tab = core.caller();
    const { user } = await tab.call('auth.register', alice);
    expect(user).toMatchObject({ email: 'alice@example.com', username: 'alice', company_name: 'Acme Ltd' });
    expect(Object.keys(user).sort()).toEqual(['company_name', 'created_at', 'email', 'id', 'updated_at', 'username']);
    expect(tab.userId).toBe(user.id);
    expect(await tab.call('auth.me')).toEqual({ user });
  });

  it('stores a salted scrypt hash at the shipped cost, different for the same password twice', async () => {
    // The suite hashes at a smaller N (tests/support/fast-password-hashing.ts); this test proves what users get.
    setPasswordHashCostForTests('default');
    try {
      await core.caller().call('auth.register', alice);
      await core.caller().call('auth.register', { ...alice, email: 'bob@example.com', username: 'bob' });
    } finally {
      setPasswordHashCostForTests(2 ** 10);
    }
    const rows = await core.database.db.selectFrom('users').select('password_hash').execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(row.password_hash).not.toContain('correct horse');
    }
    expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
  });

  it('verifies a hash by the cost stored in it, whatever the cost new hashes get', async () => {
    setPasswordHashCostForTests('default');
    const shipped = await hashPassword('s3cret-enough');
    setPasswordHashCostForTests(2 ** 10);
    const cheap = await hashPassword('s3cret-enough');
    expect(shipped).toMatch(/^scrypt\$32768\$/);
    expect(cheap).toMatch(/^scrypt\$1024\$/);
    expect(await verifyPassword('s3cret-enough', shipped)).toBe(true);
    expect(await verifyPassword('s3cret-enough', cheap)).toBe(true);
    expect(await verifyPassword('s3cret-enougH', shipped)).toBe(false);
  });

  it('verifies only the right password', async () => {
    const hash = await hashPassword('s3cret-enough');
    expect(await verifyPassword('s3cret-enough', hash)).toBe(true);
    expect(await verifyPassword('s3cret-enougH', hash)).toBe(false);
    expect(await verifyPassword('s3cret-enough', 'plain-text')).toBe(false);
  });

  it('refuses a taken email or username with 409 naming the field, and adds no row', async () => {
    await core.caller().call('auth.register', alice);
    const byEmail = await core.caller().result('auth.register', { ...alice, username: 'other' });
    expect(byEmail).toMatchObject({ ok: false, error: { code: 'conflict', fields: { email: expect.any(String) } } });
    const byName = await core.caller().result('auth.register', { ...alice, email: 'other@example.com', username: 'ALICE' });
    expect(byName).toMatchObject({ ok: false, error: { code: 'conflict', fields: { username: 'This username is taken' } } });
    expect(await core.database.db.selectFrom('users').select('id').execute()).toHaveLength(1);
  });

  it('names every invalid field and refuses unknown ones', async () => {
    const result = await core.caller().raw('auth.register', { email: 'nope', username: 'a b', password: 'short', role: 'admin' });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'validation',
        fields: {
          email: 'Email must be a valid address, like you@company.com',
          username: expect.stringMatching(/at least 3|letters, digits/),
          password: 'Password must be at least 8 characters',
          role: 'Unknown field "role"',
        },
      },
    });
    expect(await core.database.db.selectFrom('users').select('id').execute()).toHaveLength(0);
  });

  it('signs in by username or email, case-insensitively', async () => {
    await core.caller().call('auth.register', alice);
    const byName = core.caller();
    await byName.call('auth.login', { username: 'ALICE', password: 'correct horse' });
    expect(byName.userId).not.toBeNull();
    const byEmail = core.caller();
    await byEmail.call('auth.login', { email: 'alice@EXAMPLE.com', password: 'correct horse' });
    expect(byEmail.userId).toBe(byName.userId);
    const emailInUsernameField = core.caller();
    await emailInUsernameField.call('auth.login', { username: 'alice@example.com', password: 'correct horse' });
    expect(emailInUsernameField.userId).toBe(byName.userId);
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    await core.caller().call('auth.register', alice);
    const unknown = await core.caller().result('auth.login', { username: 'mallory', password: 'correct horse' });
    const wrong = await core.caller().result('auth.login', { username: 'alice', password: 'wrong horse' });
    expect(unknown).toEqual(wrong);
    expect(wrong).toEqual({ ok: false, error: { code: 'unauthorized', message: 'Wrong username/email or password' } });
  });

  it('signing out ends that session only', async () => {
    await core.caller().call('auth.register', alice);
    const laptop = core.caller();
    const phone = core.caller();
    await laptop.call('auth.login', { username: 'alice', password: 'correct horse' });
    await phone.call('auth.login', { username: 'alice', password: 'correct horse' });
    await laptop.call('auth.logout');
    expect(await laptop.result('auth.me')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await phone.result('auth.me')).ok).toBe(true);
  });

  it('expires web sessions after 30 days', async () => {
    const tab = core.caller();
    await tab.call('auth.register', alice);
    const tokens = await core.database.db.selectFrom('sessions').select(['expires_at', 'created_at']).execute();
    expect(new Date(tokens[0]!.expires_at).getTime() - new Date(tokens[0]!.created_at).getTime()).toBe(30 * 86_400_000);
    const token = await core.sessions.create(1, 'web');
    core.clock.advance(30 * 86_400_000 + 1);
    expect(await core.sessions.resolve(token)).toBeNull();
  });

  it('app.status tells a fresh install from one with accounts', async () => {
    expect(await core.caller().call('app.status')).toMatchObject({ has_accounts: false });
    await core.caller().call('auth.register', alice);
    expect(await core.caller().call('app.status')).toMatchObject({ has_accounts: true });
  });
});

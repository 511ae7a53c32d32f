import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore, type TestCaller } from '../support/core';

// Settings → Account: the signed-in account edits its own details and password.

let core: TestCore;
beforeEach(async () => {
  core = await startTestCore();
});
afterEach(async () => {
  await core.close();
});

const PASSWORD = 'correct horse battery';

async function registered(name: string, company: string | null = `${name} Ltd`): Promise<TestCaller> {
  const tab = core.caller({ agent: 'vitest' });
  await tab.call('auth.register', { email: `${name}@example.com`, username: name, password: PASSWORD, company_name: company });
  return tab;
}

async function userRow(username: string) {
  return core.database.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

describe('account.update', () => {
  it('changes email, username and company name; the new username signs in and the old one does not', async () => {
    const tab = await registered('alice');
    core.clock.advance(60_000);
    const { user } = await tab.call('account.update', { email: ' Alice.New@Example.com ', username: 'Alice_2', company_name: 'Acme GmbH' });
    expect(user).toMatchObject({ email: 'alice.new@example.com', username: 'alice_2', company_name: 'Acme GmbH' });
    expect(user.updated_at).not.toBe(user.created_at);
    expect(await tab.call('auth.me')).toEqual({ user });

    expect((await core.caller().result('auth.login', { username: 'alice_2', password: PASSWORD })).ok).toBe(true);
    expect((await core.caller().result('auth.login', { email: 'alice.new@example.com', password: PASSWORD })).ok).toBe(true);
    expect(await core.caller().result('auth.login', { username: 'alice', password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('refuses an email or username another account has with 409 naming the field, and changes nothing', async () => {
    await registered('bob');
    const tab = await registered('carol');
    const before = await userRow('carol');
    expect(await tab.result('account.update', { email: 'BOB@example.com', company_name: 'Changed' })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'An account with this email already exists', fields: { email: 'An account with this email already exists' } },
    });
    expect(await tab.result('account.update', { username: 'Bob' })).toMatchObject({ ok: false, error: { code: 'conflict', fields: { username: 'This username is taken' } } });
    expect(await tab.result('account.update', { email: 'bob@example.com', username: 'bob' })).toMatchObject({
      ok: false,
      error: { fields: { email: 'An account with this email already exists', username: 'This username is taken' } },
    });
    expect(await userRow('carol')).toEqual(before);
  });

  it('accepts its own email and username sent back unchanged', async () => {
    const tab = await registered('dan');
    const { user } = await tab.call('account.update', { email: 'dan@example.com', username: 'DAN', company_name: 'Dan & Sons' });
    expect(user).toMatchObject({ email: 'dan@example.com', username: 'dan', company_name: 'Dan & Sons' });
  });

  it('validates like registration, naming each field, and changes nothing', async () => {
    const tab = await registered('erin');
    const before = await userRow('erin');
    expect(await tab.result('account.update', { email: 'not-an-email', username: 'a b', company_name: 'x'.repeat(201) })).toMatchObject({
      ok: false,
      error: {
        code: 'validation',
        fields: {
          email: 'Email must be a valid address, like you@company.com',
          username: 'Username may use letters, digits, dots, dashes and underscores',
          company_name: 'Company name must be at most 200 characters',
        },
      },
    });
    expect(await tab.result('account.update', {})).toMatchObject({ ok: false, error: { code: 'validation', message: 'Send at least one of email, username or company_name' } });
    expect(await tab.raw('account.update', { role: 'admin' })).toMatchObject({ ok: false, error: { fields: { role: 'Unknown field "role"' } } });
    expect(await userRow('erin')).toEqual(before);
  });

  it('clears the company name when it is sent empty, and leaves it alone when it is not sent', async () => {
    const tab = await registered('fay');
    expect((await tab.call('account.update', { username: 'fay2' })).user.company_name).toBe('fay Ltd');
    expect((await tab.call('account.update', { company_name: '  ' })).user.company_name).toBeNull();
  });

  it('answers 401 when signed out', async () => {
    expect(await core.caller().result('account.update', { company_name: 'x' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});

describe('account.changePassword', () => {
  it('changes the password: the old one is refused, the new one signs in, other sessions end and this one stays', async () => {
    const tab = await registered('gus');
    const phone = core.caller({ agent: 'phone' });
    await phone.call('auth.login', { username: 'gus', password: PASSWORD });
    const laptop = core.caller({ agent: 'laptop' });
    await laptop.call('auth.login', { username: 'gus', password: PASSWORD });
    const hashBefore = (await userRow('gus'))!.password_hash;

    const result = await tab.call('account.changePassword', { current_password: PASSWORD, new_password: 'a much better secret' });
    expect(result).toEqual({ message: 'Password changed. 2 other sessions were signed out.', signed_out: 2 });
    expect((await userRow('gus'))!.password_hash).not.toBe(hashBefore);
    expect((await userRow('gus'))!.password_hash).toMatch(/^scrypt\$/);

    expect((await tab.result('auth.me')).ok).toBe(true);
    expect(await phone.result('auth.me')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await laptop.result('auth.me')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await core.caller().result('auth.login', { username: 'gus', password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await core.caller().result('auth.login', { username: 'gus', password: 'a much better secret' })).ok).toBe(true);
  });

  it('says so when no other session was signed in', async () => {
    const tab = await registered('hal');
    expect(await tab.call('account.changePassword', { current_password: PASSWORD, new_password: 'another good one' })).toEqual({
      message: 'Password changed. No other session was signed in.',
      signed_out: 0,
    });
  });

  it('refuses a wrong current password with 403 under current_password, and changes nothing', async () => {
    const tab = await registered('ivy');
    const other = core.caller();
    await other.call('auth.login', { username: 'ivy', password: PASSWORD });
    const before = await userRow('ivy');
    expect(await tab.result('account.changePassword', { current_password: 'not it at all', new_password: 'a much better secret' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'That is not your current password', fields: { current_password: 'That is not your current password' } },
    });
    expect(await userRow('ivy')).toEqual(before);
    expect((await other.result('auth.me')).ok).toBe(true);
  });

  it('checks the new password like registration and refuses the current one again', async () => {
    const tab = await registered('jon');
    expect(await tab.result('account.changePassword', { current_password: PASSWORD, new_password: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { new_password: 'New password must be at least 8 characters' } },
    });
    expect(await tab.result('account.changePassword', { current_password: PASSWORD, new_password: PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { new_password: 'New password must differ from the current one' } },
    });
    expect(await tab.raw('account.changePassword', { new_password: 'long enough now' })).toMatchObject({
      ok: false,
      error: { fields: { current_password: 'Current password is required' } },
    });
  });
});

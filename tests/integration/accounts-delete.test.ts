import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Secrets } from '../../main/ports';
import { smtpPasswordKey } from '../../main/reminders/smtp-account';
import { createKeychainSecrets } from '../../main/secrets/keychain';
import { startTestCore, type TestCaller, type TestCore, type TestCoreOptions } from '../support/core';
import { keyringHint, privateKeyringDir } from '../support/keyring';
import { personalWorkspaceId } from '../support/workspaces';

// Deleting an account: password first, a copy of the data file, then everything it owns — and
// nothing of another account on the same install. The SMTP password is in a real keychain
// (run through scripts/with-keyring.sh).

let core: TestCore;
const cleanup: [Secrets, string][] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map(([secrets, key]) => secrets.delete(key)));
  await core.close();
  for (const id of Object.keys(personal)) delete personal[Number(id)];
});
/** Each account's personal workspace in this test's database, by account id. */
const personal: Record<number, number> = {};

const PASSWORD = 'correct horse battery';
// Rows that name the account, and rows of its personal workspace (migration 0013: rates and settings are the workspace's).
const BY_USER = ['expenses', 'categories', 'reminders', 'sessions', 'workspace_members', 'member_settings'] as const;
const BY_WORKSPACE = ['exchange_rates', 'settings'] as const;

async function realKeychain(): Promise<Secrets> {
  privateKeyringDir(); // fails clearly outside with-keyring.sh, before touching anyone's real keychain
  const secrets = await createKeychainSecrets();
  expect(secrets.persistent, keyringHint(secrets.unavailableReason)).toBe(true);
  return secrets;
}

async function start(options: TestCoreOptions = {}): Promise<TestCore> {
  core = await startTestCore({ reminders: true, ...options });
  return core;
}

/** An account with a bit of everything: subscriptions (and their reminders), a rate, SMTP with a password. */
async function populated(name: string): Promise<TestCaller> {
  const tab = core.caller({ agent: 'vitest' });
  await tab.call('auth.register', { email: `${name}@example.com`, username: name, password: PASSWORD, company_name: `${name} Ltd` });
  await tab.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.1' }] });
  await tab.call('categories.create', { name: `${name}'s tools` });
  for (const [i, renewal] of ['2026-03-20', '2026-04-15'].entries()) {
    await tab.call('expenses.create', { name: `${name} plan ${i}`, category: 'Design', amount: 10 + i, currency: 'USD', billing_cycle: 'monthly', renewal_date: renewal });
  }
  await tab.call('smtp.update', { host: 'smtp.example.com', port: 587, security: 'starttls', username: name, from: `${name}@example.com`, password: `${name}-smtp-secret` });
  return tab;
}

async function rowsOf(userId: number): Promise<Record<string, number>> {
  const db = core.database.db;
  // Looked up once, while the account exists: after the delete its workspace's rows are counted by the same id.
  const workspaceId = (personal[userId] ??= await personalWorkspaceId(db, userId));
  const counts: Record<string, number> = {};
  for (const table of BY_USER) counts[table] = (await db.selectFrom(table).select('user_id').where('user_id', '=', userId).execute()).length;
  for (const table of BY_WORKSPACE) counts[table] = (await db.selectFrom(table).select('workspace_id').where('workspace_id', '=', workspaceId).execute()).length;
  counts.workspaces = (await db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).execute()).length;
  counts.users = (await db.selectFrom('users').select('id').where('id', '=', userId).execute()).length;
  return counts;
}
function backups(): string[] {
  return fs.readdirSync(core.dir).filter((f) => f.includes('.backup-'));
}

describe('account.delete', () => {
  it('deletes the account after its password: a backup first, every row and its keychain entry gone, signed out; the other account untouched', async () => {
    const secrets = await realKeychain();
    await start({ secrets });
    const alice = await populated('alice');
    const bob = await populated('bob');
    const aliceId = alice.userId!;
    const bobId = bob.userId!;
    cleanup.push([secrets, smtpPasswordKey(aliceId)], [secrets, smtpPasswordKey(bobId)]);
    const aliceBefore = await rowsOf(aliceId);
    expect(aliceBefore).toMatchObject({ expenses: 2, exchange_rates: 1, settings: 1, sessions: 1, users: 1, workspaces: 1, workspace_members: 1, member_settings: 1 });
    expect(aliceBefore.reminders).toBeGreaterThan(0);
    expect(aliceBefore.categories).toBeGreaterThan(1);
    const bobBefore = await rowsOf(bobId);
    const bobExpenses = await bob.call('expenses.list');
    expect(await secrets.get(smtpPasswordKey(aliceId))).toBe('alice-smtp-secret');

    expect(await alice.call('account.delete', { password: PASSWORD })).toEqual({ message: 'The account alice and all its data were deleted.' });

    expect(alice.userId).toBeNull();
    expect(await rowsOf(aliceId)).toEqual({
      expenses: 0,
      categories: 0,
      exchange_rates: 0,
      settings: 0,
      reminders: 0,
      sessions: 0,
      users: 0,
      workspaces: 0,
      workspace_members: 0,
      member_settings: 0,
    });
    expect(await secrets.get(smtpPasswordKey(aliceId))).toBeNull();
    expect(await core.caller().result('auth.login', { username: 'alice', password: PASSWORD })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    expect(await rowsOf(bobId)).toEqual(bobBefore);
    expect(await secrets.get(smtpPasswordKey(bobId))).toBe('bob-smtp-secret');
    expect(await bob.call('expenses.list')).toEqual(bobExpenses);
    expect((await core.caller().result('auth.login', { username: 'bob', password: PASSWORD })).ok).toBe(true);

    // PostgreSQL: no copy (pg_dump's job; tests/integration/db/postgres-connection.test.ts checks the log line).
    if (core.database.dialect === 'postgres') return;
    // The copy beside the data file was taken before: alice's rows are all in it.
    const [backup, ...more] = backups();
    expect(more).toEqual([]);
    expect(backup).toMatch(new RegExp(`^spend-manager\\.db\\.backup-.+-before-delete-account-${aliceId}$`));
    const copy = new BetterSqlite3(path.join(core.dir, backup!), { readonly: true });
    expect(copy.prepare('select username from users order by id').all()).toEqual([{ username: 'alice' }, { username: 'bob' }]);
    expect(copy.prepare('select count(*) as n from expenses where user_id = ?').get(aliceId)).toEqual({ n: 2 });
    copy.close();
  });

  it('the email and username of a deleted account can be registered again', async () => {
    await start();
    const alice = await populated('alice');
    await alice.call('account.delete', { password: PASSWORD });
    const again = core.caller();
    await again.call('auth.register', { email: 'alice@example.com', username: 'alice', password: 'a new start here' });
    expect(await again.call('expenses.list')).toMatchObject({ expenses: [] });
  });

  it('refuses a wrong password with 403 under the field, and deletes nothing', async () => {
    await start();
    const alice = await populated('alice');
    const before = await rowsOf(alice.userId!);
    expect(await alice.result('account.delete', { password: 'not my password' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'That is not your current password', fields: { password: 'That is not your current password' } },
    });
    expect(await alice.raw('account.delete', {})).toMatchObject({ ok: false, error: { code: 'validation', fields: { password: 'Password is required' } } });
    expect(await rowsOf(alice.userId!)).toEqual(before);
    expect(backups()).toEqual([]);
    expect((await alice.result('auth.me')).ok).toBe(true);
  });

  it('deletes nothing when the copy of the data file cannot be taken, and says why', async () => {
    await start({
      backupDatabase: async () => {
        throw new Error('ENOSPC: no space left on device');
      },
    });
    const alice = await populated('alice');
    const before = await rowsOf(alice.userId!);
    expect(await alice.result('account.delete', { password: PASSWORD })).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'Could not copy the data file before deleting, so nothing was deleted: ENOSPC: no space left on device' },
    });
    expect(await rowsOf(alice.userId!)).toEqual(before);
    expect(await core.ports.secrets.get(smtpPasswordKey(alice.userId!))).toBe('alice-smtp-secret');
  });
});

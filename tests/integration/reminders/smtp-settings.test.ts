import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startCore, type RunningCore } from '../../../main/core/start-core';
import { createFileLogger } from '../../../main/logging/logger';
import type { Secrets } from '../../../main/ports';
import { smtpPasswordKey } from '../../../main/reminders/smtp-account';
import { createKeychainSecrets } from '../../../main/secrets/keychain';
import type { InputOf } from '../../../common/contract';
import { callsThrough, signedInCaller, startTestCore, type TestCore } from '../../support/core';
import { containsInClear, keyringHint, privateKeyringDir } from '../../support/keyring';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/smtp-server';
import { coreDatabase, storedBytes } from '../../support/test-database';
import { tempDir } from '../../support/temp';
import { SMTP_USER, loopbackSmtp, recordingNotifier } from './support';

// The SMTP password goes to the OS keychain (a real gnome-keyring: run through scripts/with-keyring.sh)
// and never to the database, the logs or an API response.

const open: { cores: (TestCore | RunningCore)[]; servers: TestSmtpServer[]; keys: [Secrets, string][] } = { cores: [], servers: [], keys: [] };
afterEach(async () => {
  await Promise.all(open.cores.splice(0).map((c) => ('close' in c ? c.close() : c.stop())));
  await Promise.all(open.servers.splice(0).map((s) => s.stop()));
  await Promise.all(open.keys.splice(0).map(([secrets, key]) => secrets.delete(key)));
});

async function realKeychain(): Promise<Secrets> {
  privateKeyringDir(); // fails clearly outside with-keyring.sh, before touching anyone's real keychain
  const secrets = await createKeychainSecrets();
  expect(secrets.persistent, keyringHint(secrets.unavailableReason)).toBe(true);
  return secrets;
}

function logBytes(dir: string): Buffer {
  return Buffer.concat(fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name))));
}

async function smtpServer(pass: string) {
  const smtp = await startTestSmtpServer({ mode: 'starttls', auth: { user: SMTP_USER, pass } });
  open.servers.push(smtp);
  return smtp;
}

const settingsFor = (smtp: TestSmtpServer, password?: string): InputOf<'smtp.update'> => ({
  host: smtp.host,
  port: smtp.port,
  security: 'starttls',
  username: SMTP_USER,
  from: 'reminders@company.test',
  ...(password !== undefined ? { password } : {}),
});

describe('SMTP settings and the OS keychain', () => {
  it('keeps the password in the keychain under "Spend Manager" and never in the SQLite file or the logs', async () => {
    const secrets = await realKeychain();
    const password = `pw-${randomBytes(12).toString('hex')}-ünï`;
    const smtp = await smtpServer(password);
    const logDir = tempDir();
    const logger = createFileLogger({ dir: logDir });
    const core = await startTestCore({ secrets, logger, reminders: { smtp: loopbackSmtp(smtp) } });
    open.cores.push(core);
    const user = await signedInCaller(core);
    open.keys.push([secrets, smtpPasswordKey(user.userId!)]);

    const saved = await user.call(
      'smtp.update',
      settingsFor(smtp, password),
    );
    expect(saved.smtp).toMatchObject({ has_password: true, password_storage: 'keychain' });
    expect(saved.warning).toBeNull();
    expect(JSON.stringify(saved)).not.toContain(password);

    const keytar = (await import('keytar')).default;
    expect(await keytar.getPassword('Spend Manager', `smtp-password:${user.userId}`)).toBe(password);
    // A second keychain instance, as after an app restart, still has it.
    expect(await (await createKeychainSecrets()).get(smtpPasswordKey(user.userId!))).toBe(password);

    // Use it (and fail once with a wrong one) so every code path that could log it has run.
    await user.call('smtp.test', {});
    await user.call('smtp.update', settingsFor(smtp, 'not the password'));
    expect((await user.result('smtp.test', {})).ok).toBe(false);
    await user.call('smtp.update', settingsFor(smtp, password));
    const stored = await storedBytes(core.database);

    expect(containsInClear(stored, password)).toBe(false);
    expect(containsInClear(stored, SMTP_USER)).toBe(true); // the check does find what is there
    await logger.flush();
    expect(containsInClear(logBytes(logDir), password)).toBe(false);
  });

  it('an omitted password keeps the stored one; an empty one removes it from the keychain', async () => {
    const secrets = await realKeychain();
    const smtp = await smtpServer('s3cret-pass');
    const core = await startTestCore({ secrets, reminders: { smtp: loopbackSmtp(smtp) } });
    open.cores.push(core);
    const user = await signedInCaller(core);
    const key = smtpPasswordKey(user.userId!);
    open.keys.push([secrets, key]);

    await user.call('smtp.update', settingsFor(smtp, 's3cret-pass'));
    const kept = await user.call('smtp.update', { ...settingsFor(smtp), port: smtp.port });
    expect(kept.smtp.has_password).toBe(true);
    expect(await secrets.get(key)).toBe('s3cret-pass');
    expect((await user.call('smtp.test', {})).message).toMatch(/^Test email sent to /);

    const cleared = await user.call('smtp.update', settingsFor(smtp, ''));
    expect(cleared.smtp).toMatchObject({ has_password: false, password_storage: null });
    expect(await secrets.get(key)).toBeNull();
    const failed = await user.result('smtp.test', {});
    expect(failed).toMatchObject({ ok: false, error: { code: 'bad_request', message: `No SMTP password is available for user "${SMTP_USER}"; enter it again in Settings` } });
  });

  it('without a keychain the password is kept for this run only, and the user is told why', async () => {
    const secrets = await createKeychainSecrets({
      load: async () => {
        throw new Error('The name org.freedesktop.secrets was not provided by any .service files');
      },
    });
    const smtp = await smtpServer('s3cret-pass');
    const dir = tempDir();
    const first = await startTestCore({ dir, secrets, reminders: { smtp: loopbackSmtp(smtp) } });
    open.cores.push(first);
    const user = await signedInCaller(first, `nokeychain${Date.now() % 100000}`);

    const saved = await user.call('smtp.update', settingsFor(smtp, 's3cret-pass'));
    expect(saved.smtp.password_storage).toBe('memory');
    expect(saved.warning).toBe(
      'The OS keychain is unavailable (The name org.freedesktop.secrets was not provided by any .service files): the SMTP password is kept for this run only.',
    );
    expect((await user.call('smtp.test', {})).message).toMatch(/^Test email sent/);
    expect(containsInClear(await storedBytes(first.database), 's3cret-pass')).toBe(false);
  });

  it("'Send test email' reports the server's exact error (wrong password → Invalid login: 535 ...)", async () => {
    const smtp = await smtpServer('the right one');
    const core = await startTestCore({ reminders: { smtp: loopbackSmtp(smtp) } });
    open.cores.push(core);
    const user = await signedInCaller(core);
    await user.call('smtp.update', settingsFor(smtp, 'the wrong one'));
    expect(await user.result('smtp.test', {})).toEqual({ ok: false, error: { code: 'bad_gateway', message: '127.0.0.1 refused the username or password (Invalid login: 535 Authentication failed)' } });
    await smtp.stop();
    const down = await user.result('smtp.test', {});
    expect(down).toMatchObject({ ok: false, error: { code: 'bad_gateway', message: expect.stringMatching(/ECONNREFUSED/) } });
  });

  it('browser mode: SMTP_URL overrides the saved settings, shows as "environment", and a subscription renewing in 3 days is mailed at once', async () => {
    const smtp = await startTestSmtpServer({ mode: 'plain', auth: { user: SMTP_USER, pass: 'env-pass' } });
    open.servers.push(smtp);
    const dataDir = tempDir();
    const notifier = recordingNotifier();
    const core = await startCore({
      dataDir,
      logger: createFileLogger({ dir: path.join(dataDir, 'logs') }),
      secrets: await createKeychainSecrets({ load: async () => Promise.reject(new Error('none here')) }),
      notifier,
      smtpUrl: `smtp://${encodeURIComponent(SMTP_USER)}:env-pass@127.0.0.1:${smtp.port}?starttls=never&from=reminders%40company.test`,
      ...(await coreDatabase(dataDir)),
    });
    open.cores.push(core);
    const ctx = { userId: null as number | null, session: { signIn: async (id: number) => void (ctx.userId = id), signOut: async () => {} } };
    const { call, result } = callsThrough(core, () => ctx);
    await call('auth.register', { email: 'ana@company.test', username: 'ana', password: 'correct horse battery' });

    const settings = (await call('settings.get', {})).settings;
    expect(settings.smtp_from_environment).toBe(true);
    expect(settings.smtp).toEqual({ host: '127.0.0.1', port: smtp.port, security: 'none', username: SMTP_USER, from: 'reminders@company.test', has_password: true, password_storage: 'environment' });
    expect(await result('smtp.update', settingsFor(smtp, 'x'))).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await call('expenses.create', { name: 'Figma', amount: 45, currency: 'USD', billing_cycle: 'monthly', renewal_date: inThreeDays });
    const [mail] = await smtp.waitForMails(1);
    expect(mail!.subject).toMatch(/^Figma renews in (3|2) days — \$45\.00$/);
    expect(mail!.envelope.to).toEqual(['ana@company.test']);
    // The server has the mail a moment before the sender records the 250 reply.
    await expect
      .poll(async () => (await call('reminders.list', {})).reminders, { timeout: 5_000 })
      .toEqual([expect.objectContaining({ expense_name: 'Figma', state: 'sent', channels: expect.objectContaining({ email: 'sent' }) })]);
  });

  it('a malformed SMTP_URL stops start-up with the reason, never the URL', async () => {
    const start = startCore({
      dataDir: tempDir(),
      logger: createFileLogger({ dir: tempDir() }),
      secrets: await createKeychainSecrets({ load: async () => Promise.reject(new Error('none')) }),
      notifier: { notify: () => false },
      smtpUrl: 'smtp://user:hunter2@',
    });
    await expect(start).rejects.toThrow('SMTP_URL: The SMTP URL has no host; expected something like smtp://user:password@smtp.example.com:587 (percent-encode @ / ? # in the password)');
    await expect(start).rejects.not.toThrow(/hunter2/);
  });
});

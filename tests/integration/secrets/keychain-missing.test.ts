import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeychainSecrets, keychainUnavailableReason, keytarInstallHint, loadKeytar } from '../../../main/secrets/keychain';
import { signedInCaller, startTestCore, type TestCore } from '../../support/core';
// @ts-expect-error: plain ESM script without type declarations
import { keytarInstallHint as startHint, keytarNotice } from '../../../scripts/desktop-checks.mjs';

// keytar is an optional dependency: a machine without libsecret-1-dev (and no prebuilt binary) ends
// `npm ci` without it. Simulated here with a require that cannot find it, as Node's would fail.
const nodeRequire = createRequire(import.meta.url);
function requireWithoutKeytar(id: string): unknown {
  if (id === 'keytar') {
    throw Object.assign(new Error(`Cannot find module 'keytar'\nRequire stack:\n- ${import.meta.url}`), { code: 'MODULE_NOT_FOUND' });
  }
  return nodeRequire(id);
}

const cores: TestCore[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.close()));
});

describe('without the keychain module (keytar not installed)', () => {
  it('the app still starts; Settings and the SMTP screen say keytar is missing and how to get it', async () => {
    const secrets = await createKeychainSecrets({ load: () => loadKeytar(requireWithoutKeytar), platform: 'linux', packaged: false });
    const reason =
      'The keychain module (keytar) is not installed: the SMTP password is kept for this run only. To keep it across restarts, install libsecret-1-dev (sudo apt-get install libsecret-1-dev), then run npm ci again.';
    expect(secrets).toMatchObject({ persistent: false, unavailableReason: reason });

    const core = await startTestCore({ secrets });
    cores.push(core);
    const user = await signedInCaller(core);
    expect(await user.call('settings.get', {})).toMatchObject({ settings: { keychain_unavailable_reason: reason } });
    const saved = await user.call('smtp.update', {
      host: 'smtp.company.test',
      port: 587,
      security: 'starttls',
      username: 'ana',
      from: 'reminders@company.test',
      password: 's3cret',
    });
    expect(saved).toMatchObject({ smtp: { password_storage: 'memory' }, warning: reason });
  });

  it('an installed app (which always ships keytar) says to reinstall, not to run npm', () => {
    const missing = Object.assign(new Error("Cannot find module 'keytar'"), { code: 'MODULE_NOT_FOUND' });
    expect(keychainUnavailableReason(missing, { platform: 'darwin', packaged: true })).toBe(
      'The keychain module (keytar) is not installed: the SMTP password is kept for this run only. To keep it across restarts, reinstall Spend Manager.',
    );
  });

  it("npm start's one-line notice gives the same remedy as Settings, on every platform", () => {
    const missing = Object.assign(new Error("Cannot find module 'keytar'"), { code: 'MODULE_NOT_FOUND' });
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(startHint(platform)).toBe(keytarInstallHint(platform));
      expect(keytarNotice({ platform, error: missing })).toBe(
        `the keychain module (keytar) is not installed: the SMTP password will be kept for this run only. To keep it: ${keytarInstallHint(platform)}.`,
      );
    }
    expect(keytarNotice({ platform: 'linux', error: null })).toBeNull();
  });

  it('a keytar that is installed but cannot load (libsecret missing at run time) is told apart from a missing one', () => {
    const broken = Object.assign(new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory'), { code: 'ERR_DLOPEN_FAILED' });
    expect(keytarNotice({ platform: 'linux', error: broken })).toMatch(/^the keychain module \(keytar\) does not load \(libsecret-1\.so\.0: cannot open shared object file/);
    expect(keychainUnavailableReason(broken, { platform: 'linux', packaged: false })).toBe(
      'The OS keychain is unavailable (libsecret-1.so.0: cannot open shared object file: No such file or directory): the SMTP password is kept for this run only.',
    );
  });

  it('the real loader is a CommonJS require that finds the installed keytar', () => {
    const keytar = loadKeytar();
    expect(typeof keytar.getPassword).toBe('function');
    expect(typeof keytar.setPassword).toBe('function');
  });
});

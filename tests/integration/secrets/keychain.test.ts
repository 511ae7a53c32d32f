import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeychainSecrets, createMemorySecrets, loadKeytar, type KeytarLike } from '../../../main/secrets/keychain';
import { containsInClear, keyringHint, privateKeyringDir, readKeyringFiles } from '../../support/keyring';

// Runs against a real gnome-keyring: scripts/with-keyring.sh npx vitest run tests/integration/secrets
// Without a reachable secret service these tests fail on purpose; they never skip.

const unique = () => `test-${randomBytes(6).toString('hex')}`;
const secretValue = () => `pw-${randomBytes(12).toString('hex')}-ünï`;
const written: string[] = [];

afterAll(async () => {
  const secrets = await createKeychainSecrets();
  if (secrets.persistent) await Promise.all(written.map((key) => secrets.delete(key)));
});

async function realKeychain() {
  privateKeyringDir(); // fails clearly outside with-keyring.sh, before touching any real keychain
  const secrets = await createKeychainSecrets();
  expect(secrets.persistent, keyringHint(secrets.unavailableReason)).toBe(true);
  expect(secrets.unavailableReason).toBeNull();
  return secrets;
}

describe('OS keychain (gnome-keyring through keytar)', () => {
  it('stores, reads and deletes a secret under the service "Spend Manager"', async () => {
    const secrets = await realKeychain();
    const key = unique();
    const value = secretValue();
    written.push(key);

    expect(await secrets.get(key)).toBeNull();
    await secrets.set(key, value);
    expect(await secrets.get(key)).toBe(value);

    const keytar = loadKeytar();
    expect(await keytar.getPassword('Spend Manager', key)).toBe(value);

    await secrets.delete(key);
    expect(await secrets.get(key)).toBeNull();
    expect(await keytar.getPassword('Spend Manager', key)).toBeNull();
  });

  it('keeps a secret for a second keychain instance (as after an app restart)', async () => {
    const first = await realKeychain();
    const key = unique();
    const value = secretValue();
    written.push(key);
    await first.set(key, value);

    const second = await realKeychain();
    expect(await second.get(key)).toBe(value);
  });

  it('replaces a value on a second set, and treats an empty value as none', async () => {
    const secrets = await realKeychain();
    const key = unique();
    written.push(key);
    await secrets.set(key, 'first');
    await secrets.set(key, 'second');
    expect(await secrets.get(key)).toBe('second');
    await secrets.set(key, '');
    expect(await secrets.get(key)).toBeNull();
  });

  it('writes the secret to the keyring file encrypted, never in plain text', async () => {
    const secrets = await realKeychain();
    const dir = privateKeyringDir();
    const before = readKeyringFiles(dir);
    const key = unique();
    const value = secretValue();
    written.push(key);

    await secrets.set(key, value);
    expect(await secrets.get(key)).toBe(value);

    const after = readKeyringFiles(dir);
    expect(after.size, `no keyring file in ${dir}`).toBeGreaterThan(0);
    const changed = [...after].filter(([name, bytes]) => !before.get(name)?.equals(bytes));
    expect(changed.length, 'the keyring file on disk did not change after set()').toBeGreaterThan(0);
    for (const [name, bytes] of after) {
      expect(containsInClear(bytes, value), `${name} holds the secret in clear`).toBe(false);
      expect(containsInClear(bytes, key), `${name} holds the account name in clear`).toBe(false);
    }
  });
});

describe('when the keychain is unavailable', () => {
  it('falls back to memory for this run, saying why, when keytar cannot load', async () => {
    const secrets = await createKeychainSecrets({
      load: async () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file');
      },
    });
    expect(secrets.persistent).toBe(false);
    expect(secrets.unavailableReason).toBe(
      'The OS keychain is unavailable (libsecret-1.so.0: cannot open shared object file): the SMTP password is kept for this run only.',
    );
    await secrets.set('smtp-password', 'hunter2');
    expect(await secrets.get('smtp-password')).toBe('hunter2');
    await secrets.delete('smtp-password');
    expect(await secrets.get('smtp-password')).toBeNull();
  });

  it('falls back to memory when the secret service refuses the first call', async () => {
    const failing: KeytarLike = {
      getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      setPassword: () => Promise.reject(new Error('unreachable')),
      deletePassword: () => Promise.reject(new Error('unreachable')),
    };
    const secrets = await createKeychainSecrets({ load: async () => failing });
    expect(secrets.persistent).toBe(false);
    expect(secrets.unavailableReason).toContain('Cannot autolaunch D-Bus without X11 $DISPLAY');
  });

  it('falls back to memory when the secret service never answers', async () => {
    const hanging: KeytarLike = {
      getPassword: () => new Promise(() => {}),
      setPassword: () => new Promise(() => {}),
      deletePassword: () => new Promise(() => {}),
    };
    const secrets = await createKeychainSecrets({ load: async () => hanging, probeTimeoutMs: 50 });
    expect(secrets.persistent).toBe(false);
    expect(secrets.unavailableReason).toMatch(/^The OS keychain is unavailable \(no answer within/);
  });

  it('memory secrets are separate per instance (nothing survives the run)', async () => {
    const a = createMemorySecrets('testing');
    await a.set('k', 'v');
    const b = createMemorySecrets('testing');
    expect(await a.get('k')).toBe('v');
    expect(await b.get('k')).toBeNull();
    expect(b.unavailableReason).toBe('testing');
  });
});

import fs from 'node:fs/promises';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import type { SessionTokenStore } from '../services/desktop-session';

/** The asynchronous safeStorage calls (the synchronous ones are deprecated in Electron 45). */
export type AsyncSafeStorage = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'>;

/**
 * Keeps the desktop session token in userData, encrypted with the OS (Keychain, DPAPI, libsecret)
 * through safeStorage. Without OS encryption it is kept like a browser cookie: a file only the user
 * can read. A file that cannot be read back (corrupt, or encrypted with a key the OS no longer
 * gives) means "signed out", never a failed start.
 */
export function createSessionTokenStore(dir: string, safeStorage: AsyncSafeStorage): SessionTokenStore {
  const encryptedFile = path.join(dir, 'session.bin');
  const plainFile = path.join(dir, 'session.token');

  async function save(token: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    if (await safeStorage.isAsyncEncryptionAvailable()) {
      await fs.writeFile(encryptedFile, await safeStorage.encryptStringAsync(token), { mode: 0o600 });
      await fs.rm(plainFile, { force: true });
    } else {
      await fs.writeFile(plainFile, token, { mode: 0o600 });
    }
  }

  async function readEncrypted(): Promise<string | null> {
    const encrypted = await fs.readFile(encryptedFile).catch(() => null);
    if (!encrypted) return null;
    try {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(encrypted);
      if (shouldReEncrypt) await save(result); // the OS rotated the key
      return result || null;
    } catch {
      return null;
    }
  }

  async function readPlain(): Promise<string | null> {
    const text = await fs.readFile(plainFile, 'utf8').catch(() => '');
    return text.trim() || null;
  }

  return {
    async load() {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) return readPlain();
      const encrypted = await readEncrypted();
      if (encrypted) return encrypted;
      // Saved while the OS could not encrypt: encrypt it now that it can.
      const plain = await readPlain();
      if (plain) await save(plain);
      return plain;
    },
    save,
    async clear() {
      await fs.rm(encryptedFile, { force: true });
      await fs.rm(plainFile, { force: true });
    },
  };
}

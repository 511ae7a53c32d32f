import fs from 'node:fs/promises';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import type { SessionTokenStore } from '../services/desktop-session';

/**
 * Keeps the desktop session token in userData, encrypted with the OS (Keychain, DPAPI, libsecret)
 * through safeStorage. Without OS encryption it is kept like a browser cookie: a file only the user can read.
 */
export function createSessionTokenStore(dir: string, safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>): SessionTokenStore {
  const encryptedFile = path.join(dir, 'session.bin');
  const plainFile = path.join(dir, 'session.token');
  return {
    async load() {
      try {
        if (safeStorage.isEncryptionAvailable()) {
          return safeStorage.decryptString(await fs.readFile(encryptedFile));
        }
        return (await fs.readFile(plainFile, 'utf8')).trim() || null;
      } catch {
        return null;
      }
    },
    async save(token) {
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      if (safeStorage.isEncryptionAvailable()) {
        await fs.writeFile(encryptedFile, safeStorage.encryptString(token), { mode: 0o600 });
        await fs.rm(plainFile, { force: true });
      } else {
        await fs.writeFile(plainFile, token, { mode: 0o600 });
      }
    },
    async clear() {
      await fs.rm(encryptedFile, { force: true });
      await fs.rm(plainFile, { force: true });
    },
  };
}

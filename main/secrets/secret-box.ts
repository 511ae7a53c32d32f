import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../../common/errors';
import type { Secrets } from '../ports';

// Seals small secrets (TOTP secrets) for the database with AES-256-GCM under a key kept outside it:
// a copied database file, an export or a log line never holds a secret in clear.

export interface SecretBox {
  seal(plain: string): Promise<string>;
  /** Throws when the text was not sealed with this key (or was altered). */
  open(sealed: string): Promise<string>;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
/** The keychain entry of the key, when no key is configured. */
export const SECRET_BOX_KEY = 'secret-box-key';

/** A configured key: 64 hex digits or 32 bytes in base64/base64url. Throws in words (never repeating the value). */
export function parseSecretBoxKey(text: string, source: string): Buffer {
  const value = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64url');
  if (key.length !== KEY_BYTES || (!/^[0-9a-f]{64}$/i.test(value) && !/^[A-Za-z0-9+/_-]{43}=?$/.test(value))) {
    throw new Error(`${source} must be 32 random bytes, as 64 hex digits or base64 (openssl rand -hex 32)`);
  }
  return key;
}

/**
 * Where the key comes from: `configured` (SPEND_MANAGER_SECRET_KEY, the same on every server of a team),
 * else the OS keychain (made on first use). With neither, sealing is refused in words: a key kept in
 * memory would be lost at restart and lock everyone with two-factor sign-in out.
 */
export function keySource(secrets: Secrets, configured: Buffer | null): () => Promise<Buffer> {
  let key: Promise<Buffer> | null = null;
  const load = async (): Promise<Buffer> => {
    if (configured) return configured;
    if (!secrets.persistent) {
      throw new AppError(
        'unavailable',
        'Two-factor sign-in needs a key to protect its secrets, and this server has neither SPEND_MANAGER_SECRET_KEY nor an OS keychain. Ask its administrator to set SPEND_MANAGER_SECRET_KEY (openssl rand -hex 32).',
      );
    }
    const stored = await secrets.get(SECRET_BOX_KEY);
    if (stored) return Buffer.from(stored, 'base64url');
    const made = randomBytes(KEY_BYTES);
    await secrets.set(SECRET_BOX_KEY, made.toString('base64url'));
    return made;
  };
  return () => {
    key ??= load().catch((error: unknown) => {
      key = null; // a keychain that was locked may be open on the next try
      throw error;
    });
    return key;
  };
}

export function createSecretBox(key: () => Promise<Buffer>): SecretBox {
  return {
    async seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', await key(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
    },
    async open(sealed) {
      const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
      if (!iv || !tag || !body) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', await key(), iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    },
  };
}

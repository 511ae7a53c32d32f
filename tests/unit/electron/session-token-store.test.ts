import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSessionTokenStore } from '../../../main/electron/session-token-store';
import { tempDir } from '../../support/temp';
import { FakeSafeStorage } from './fakes';

const TOKEN = 'sess_4f1c2a9e0b7d6c5a';
/** Owner-only permissions; Windows has no such mode bits (its files inherit the profile folder's ACL). */
function expectOwnerOnly(file: string): void {
  if (process.platform !== 'win32') expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
}

function setup() {
  const dir = tempDir();
  const safeStorage = new FakeSafeStorage();
  return { dir, safeStorage, store: createSessionTokenStore(dir, safeStorage), encrypted: path.join(dir, 'session.bin'), plain: path.join(dir, 'session.token') };
}

describe('the desktop session token between runs', () => {
  it('is stored encrypted by the OS (safeStorage), never in clear, and read back after a restart', async () => {
    const { dir, safeStorage, store, encrypted, plain } = setup();
    await store.save(TOKEN);
    expect(fs.existsSync(plain)).toBe(false);
    const bytes = fs.readFileSync(encrypted);
    expect(bytes.includes(Buffer.from(TOKEN))).toBe(false);
    expectOwnerOnly(encrypted);
    expect(await createSessionTokenStore(dir, safeStorage).load()).toBe(TOKEN);
  });

  it('without OS encryption (Linux with no keyring) keeps it in a file only the user can read', async () => {
    const { dir, safeStorage, store, encrypted, plain } = setup();
    safeStorage.available = false;
    await store.save(TOKEN);
    expect(fs.existsSync(encrypted)).toBe(false);
    expect(fs.readFileSync(plain, 'utf8')).toBe(TOKEN);
    expectOwnerOnly(plain);
    expect(await createSessionTokenStore(dir, safeStorage).load()).toBe(TOKEN);
  });

  it('encrypts a token saved in the plain file once the OS can encrypt (a keyring set up later)', async () => {
    const { dir, safeStorage, store, encrypted, plain } = setup();
    safeStorage.available = false;
    await store.save(TOKEN);
    safeStorage.available = true;
    expect(await createSessionTokenStore(dir, safeStorage).load()).toBe(TOKEN);
    expect(fs.existsSync(plain)).toBe(false);
    expect(fs.readFileSync(encrypted).includes(Buffer.from(TOKEN))).toBe(false);
    expect(await createSessionTokenStore(dir, safeStorage).load()).toBe(TOKEN);
  });

  it('a corrupt file (or one the OS key no longer opens) means signed out, not a failed start', async () => {
    const { store, encrypted } = setup();
    await store.save(TOKEN);
    fs.writeFileSync(encrypted, Buffer.from('garbage that is not a safeStorage blob'));
    expect(await store.load()).toBeNull();
    await store.save('sess_next');
    expect(await store.load()).toBe('sess_next');
  });

  it('re-encrypts when the OS rotated its key (decryptStringAsync says shouldReEncrypt)', async () => {
    const { safeStorage, store } = setup();
    await store.save(TOKEN);
    expect(safeStorage.encryptions).toBe(1);
    safeStorage.rotated = true;
    expect(await store.load()).toBe(TOKEN);
    expect(safeStorage.encryptions).toBe(2);
    expect(await store.load()).toBe(TOKEN);
    expect(safeStorage.encryptions).toBe(2);
  });

  it('no file yet (first run) is "signed out"; sign-out removes both files', async () => {
    const { store, safeStorage, encrypted, plain } = setup();
    expect(await store.load()).toBeNull();
    await store.save(TOKEN);
    safeStorage.available = false;
    await store.save(TOKEN);
    await store.clear();
    expect(fs.existsSync(encrypted) || fs.existsSync(plain)).toBe(false);
    expect(await store.load()).toBeNull();
  });

  it('uses only the asynchronous safeStorage calls (the synchronous ones are deprecated in Electron 45)', async () => {
    const { dir } = setup();
    const deprecated = () => {
      throw new Error('deprecated synchronous safeStorage call');
    };
    const safeStorage = Object.assign(new FakeSafeStorage(), { isEncryptionAvailable: deprecated, encryptString: deprecated, decryptString: deprecated });
    const store = createSessionTokenStore(dir, safeStorage);
    await store.save(TOKEN);
    expect(await store.load()).toBe(TOKEN);
  });
});

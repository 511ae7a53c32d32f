import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Helpers for tests that need the private gnome-keyring started by scripts/with-keyring.sh.

const HOW_TO_RUN = 'run keychain tests through scripts/with-keyring.sh, e.g. scripts/with-keyring.sh npx vitest run tests/integration/secrets';

/**
 * The private keyring folder of this run. Throws (so the test fails, not skips) outside
 * with-keyring.sh — which also keeps tests away from the developer's own keychain.
 */
export function privateKeyringDir(): string {
  const dir = process.env.SPEND_TEST_KEYRING_DIR;
  if (!dir) throw new Error(`No private keyring for this test run: ${HOW_TO_RUN}`);
  return dir;
}

export function keyringHint(reason: string | null): string {
  return `The OS keychain was expected to work here (${reason ?? 'no reason'}); ${HOW_TO_RUN}`;
}

/** Every keyring file's bytes, by file name. */
export function readKeyringFiles(dir: string = privateKeyringDir()): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(name, readFileSync(path));
  }
  return files;
}

/** True when `secret` appears in `bytes` as UTF-8, UTF-16LE, base64 or hex. */
export function containsInClear(bytes: Buffer, secret: string): boolean {
  const forms = [
    Buffer.from(secret, 'utf8'),
    Buffer.from(secret, 'utf16le'),
    Buffer.from(Buffer.from(secret, 'utf8').toString('base64'), 'utf8'),
    Buffer.from(Buffer.from(secret, 'utf8').toString('hex'), 'utf8'),
  ];
  return forms.some((form) => bytes.includes(form));
}

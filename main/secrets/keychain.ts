import type { Secrets } from '../ports';

/** The part of keytar this adapter uses; tests and other platforms can pass their own. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeychainOptions {
  /** Service name under which every entry is stored. */
  service?: string;
  /** Loads keytar; replaced in tests to simulate a missing native module. */
  load?: () => Promise<KeytarLike>;
  /** How long the first keychain call may take before we give up (an unlock prompt can be slow). */
  probeTimeoutMs?: number;
}

export const DEFAULT_SERVICE = 'Spend Manager';
const PROBE_ACCOUNT = 'spend-manager-probe';
const DEFAULT_PROBE_TIMEOUT_MS = 20_000;

async function loadKeytar(): Promise<KeytarLike> {
  const mod = (await import('keytar')) as unknown as KeytarLike & { default?: KeytarLike };
  return mod.default ?? mod;
}

/**
 * The OS keychain via keytar, or — when keytar cannot load or no secret service
 * answers — memory for this run only, with the reason in words.
 */
export async function createKeychainSecrets(options: KeychainOptions = {}): Promise<Secrets> {
  const service = options.service ?? DEFAULT_SERVICE;
  const load = options.load ?? loadKeytar;
  const timeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;

  let keytar: KeytarLike;
  try {
    keytar = await load();
    // A read of an entry nobody writes: proves the native module and the secret service both answer.
    await withTimeout(keytar.getPassword(service, PROBE_ACCOUNT), timeoutMs);
  } catch (error) {
    return createMemorySecrets(
      `The OS keychain is unavailable (${describe(error)}): the SMTP password is kept for this run only.`,
    );
  }
  return keytarSecrets(keytar, service);
}

function keytarSecrets(keytar: KeytarLike, service: string): Secrets {
  const remove = async (key: string): Promise<void> => {
    requireKey(key);
    try {
      await keytar.deletePassword(service, key);
    } catch (error) {
      throw new Error(`Could not delete "${key}" from the OS keychain: ${describe(error)}`);
    }
  };
  return {
    persistent: true,
    unavailableReason: null,
    async get(key) {
      requireKey(key);
      try {
        return await keytar.getPassword(service, key);
      } catch (error) {
        throw new Error(`Could not read "${key}" from the OS keychain: ${describe(error)}`);
      }
    },
    async set(key, value) {
      requireKey(key);
      // keytar refuses empty strings; an empty secret means "none".
      if (value === '') return remove(key);
      try {
        await keytar.setPassword(service, key, value);
      } catch (error) {
        throw new Error(`Could not save "${key}" in the OS keychain: ${describe(error)}`);
      }
    },
    delete: remove,
  };
}

/** Secrets that live in this process only; `reason` tells the user why. */
export function createMemorySecrets(reason: string): Secrets {
  const values = new Map<string, string>();
  return {
    persistent: false,
    unavailableReason: reason,
    async get(key) {
      requireKey(key);
      return values.get(key) ?? null;
    },
    async set(key, value) {
      requireKey(key);
      if (value === '') values.delete(key);
      else values.set(key, value);
    },
    async delete(key) {
      requireKey(key);
      values.delete(key);
    },
  };
}

function requireKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new Error('A secret needs a non-empty key');
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim().replace(/\.$/, '') || 'no reason given';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(ms / 1000)} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

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
  load?: () => KeytarLike | Promise<KeytarLike>;
  /** Where the advice for a missing keytar comes from: the OS, and whether this is an installed app. */
  platform?: NodeJS.Platform;
  packaged?: boolean;
  /** How long the first keychain call may take before we give up (an unlock prompt can be slow). */
  probeTimeoutMs?: number;
}

export const DEFAULT_SERVICE = 'Spend Manager';
const PROBE_ACCOUNT = 'spend-manager-probe';
const DEFAULT_PROBE_TIMEOUT_MS = 20_000;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- optional native module: a lazy CommonJS require, never import()
const defaultRequire = () => require('keytar') as unknown;

/**
 * keytar is an optional dependency (it builds from source where no prebuilt binary can be had):
 * required lazily, as CommonJS like the rest of the bundle, so the app starts without it.
 */
export function loadKeytar(requireModule: (id: 'keytar') => unknown = defaultRequire): KeytarLike {
  const mod = requireModule('keytar') as KeytarLike & { default?: KeytarLike };
  return mod.default ?? mod;
}

/** What to do to get the keychain module; scripts/desktop-checks.mjs gives `npm start` the same words. */
export function keytarInstallHint(platform: NodeJS.Platform): string {
  if (platform === 'linux') return 'install libsecret-1-dev (sudo apt-get install libsecret-1-dev), then run npm ci again';
  if (platform === 'darwin') return 'install the Xcode command line tools (xcode-select --install), then run npm ci again';
  return 'install the Visual Studio Build Tools (C++ workload), then run npm ci again';
}

function isMissingKeytar(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes('keytar');
}

/** Why secrets stay in memory, in words a user can act on. */
export function keychainUnavailableReason(error: unknown, options: { platform: NodeJS.Platform; packaged: boolean }): string {
  const forThisRun = 'the SMTP password is kept for this run only';
  if (isMissingKeytar(error)) {
    const remedy = options.packaged ? 'reinstall Spend Manager' : keytarInstallHint(options.platform);
    return `The keychain module (keytar) is not installed: ${forThisRun}. To keep it across restarts, ${remedy}.`;
  }
  return `The OS keychain is unavailable (${describe(error)}): ${forThisRun}.`;
}

/**
 * The OS keychain via keytar, or — when keytar cannot load or no secret service
 * answers — memory for this run only, with the reason in words.
 */
export async function createKeychainSecrets(options: KeychainOptions = {}): Promise<Secrets> {
  const service = options.service ?? DEFAULT_SERVICE;
  const load = options.load ?? (() => loadKeytar());
  const timeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;

  let keytar: KeytarLike;
  try {
    keytar = await load();
    // A read of an entry nobody writes: proves the native module and the secret service both answer.
    await withTimeout(keytar.getPassword(service, PROBE_ACCOUNT), timeoutMs);
  } catch (error) {
    return createMemorySecrets(keychainUnavailableReason(error, { platform: options.platform ?? process.platform, packaged: options.packaged ?? false }));
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

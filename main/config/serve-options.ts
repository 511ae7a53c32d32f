import { DatabaseUrlError, parseDatabaseUrl } from '../db/database-url';
import { defaultDataDir } from './paths';
import { parsePublicUrl, parseTrustedProxies, PublicUrlError, type PublicUrl } from './public-url';

export interface ServeOptions {
  port: number;
  /** True when --port or PORT chose the port: then it is that port or nothing. */
  portChosen: boolean;
  host: string;
  dataDir: string;
  /** DATABASE_URL (PostgreSQL) from the environment, never a flag (argv is visible to every user); null: the SQLite file. */
  databaseUrl: string | null;
  /** --public-url / PUBLIC_URL: the origin browsers use when a load balancer or proxy is in front; null: loopback only. */
  publicUrl: PublicUrl | null;
  /** --trust-proxy / TRUST_PROXY: proxies whose X-Forwarded-For names the client; empty: none. */
  trustedProxies: string[];
  /**
   * SPEND_MANAGER_SENDING_TIMEOUT_MS: how long a claimed reminder may stay `sending` before another
   * server takes it over (default SENDING_TIMEOUT_MS); null: the default.
   */
  sendingTimeoutMs: number | null;
}

export const DEFAULT_PORT = 5178;

export class UsageError extends Error {}

/** Bounds of SPEND_MANAGER_SENDING_TIMEOUT_MS: below a second a slow but live send would be taken over and sent twice. */
export const SENDING_TIMEOUT_BOUNDS_MS = { min: 1_000, max: 24 * 60 * 60 * 1000 } as const;

function sendingTimeoutFrom(env: NodeJS.ProcessEnv): number | null {
  const text = env.SPEND_MANAGER_SENDING_TIMEOUT_MS?.trim();
  if (text === undefined || text === '') return null;
  const ms = Number(text);
  const { min, max } = SENDING_TIMEOUT_BOUNDS_MS;
  if (!/^\d+$/.test(text) || ms < min || ms > max) {
    throw new UsageError(`SPEND_MANAGER_SENDING_TIMEOUT_MS must be a whole number of milliseconds from ${min} to ${max}, not "${text}"`);
  }
  return ms;
}

const FLAGS = ['port', 'host', 'data-dir', 'public-url', 'trust-proxy'];

/**
 * `--port`, `--host`, `--data-dir`, `--public-url`, `--trust-proxy` (or `--x=value`), falling back to PORT,
 * SPEND_MANAGER_DATA_DIR, PUBLIC_URL and TRUST_PROXY; DATABASE_URL from env.
 */
export function parseServeOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!FLAGS.includes(name)) throw new UsageError(`Unknown option --${name} (use ${FLAGS.slice(0, -1).map((f) => `--${f}`).join(', ')} or --${FLAGS.at(-1)})`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }

  const chosen = flags.get('port') ?? env.PORT;
  const portText = chosen ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`Port must be a number from 0 to 65535, not "${portText}"`);

  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null) {
    try {
      parseDatabaseUrl(databaseUrl, env);
    } catch (error) {
      if (error instanceof DatabaseUrlError) throw new UsageError(error.message);
      throw error;
    }
  }

  let publicUrl: PublicUrl | null = null;
  let trustedProxies: string[] = [];
  try {
    const publicText = flags.get('public-url') ?? env.PUBLIC_URL?.trim();
    if (publicText) publicUrl = parsePublicUrl(publicText);
    const proxies = flags.get('trust-proxy') ?? env.TRUST_PROXY?.trim();
    if (proxies) trustedProxies = parseTrustedProxies(proxies);
  } catch (error) {
    if (error instanceof PublicUrlError) throw new UsageError(error.message);
    throw error;
  }

  return {
    port,
    portChosen: chosen !== undefined,
    host: flags.get('host') ?? '127.0.0.1',
    dataDir: flags.get('data-dir') ?? (env.SPEND_MANAGER_DATA_DIR || defaultDataDir(env)),
    databaseUrl,
    publicUrl,
    trustedProxies,
    sendingTimeoutMs: sendingTimeoutFrom(env),
  };
}

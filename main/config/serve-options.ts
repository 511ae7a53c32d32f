import { DatabaseUrlError, parseDatabaseUrl } from '../db/database-url';
import { defaultDataDir } from './paths';

export interface ServeOptions {
  port: number;
  /** True when --port or PORT chose the port: then it is that port or nothing. */
  portChosen: boolean;
  host: string;
  dataDir: string;
  /** DATABASE_URL (PostgreSQL) from the environment, never a flag (argv is visible to every user); null: the SQLite file. */
  databaseUrl: string | null;
}

export const DEFAULT_PORT = 5178;

export class UsageError extends Error {}

/** `--port`, `--host`, `--data-dir` (or `--x=value`), falling back to PORT and SPEND_MANAGER_DATA_DIR; DATABASE_URL from env. */
export function parseServeOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!['port', 'host', 'data-dir'].includes(name)) throw new UsageError(`Unknown option --${name} (use --port, --host or --data-dir)`);
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

  return {
    port,
    portChosen: chosen !== undefined,
    host: flags.get('host') ?? '127.0.0.1',
    dataDir: flags.get('data-dir') ?? (env.SPEND_MANAGER_DATA_DIR || defaultDataDir(env)),
    databaseUrl,
  };
}

import fs from 'node:fs';

// DATABASE_URL for PostgreSQL (browser mode): postgres://user[:password]@host[:port]/database?sslmode=...
// The password never leaves this module except inside the pool's config: every text made here for a
// log or an error names the server with the password left out.

export type SslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';
const SSL_MODES: readonly SslMode[] = ['disable', 'require', 'verify-ca', 'verify-full'];
const PARAMETERS = ['sslmode', 'sslrootcert', 'application_name'];

export interface PostgresTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  /** From the URL, else DATABASE_PASSWORD_FILE (its contents, trimmed), else PGPASSWORD; undefined: none. */
  password: string | undefined;
  sslMode: SslMode;
  /** PEM text of sslrootcert=, the CA that verify-ca / verify-full trust (default: Node's own list). */
  rootCert: string | undefined;
  applicationName: string;
  /** The URL as it may be printed: no password, whatever the source. */
  redacted: string;
}

export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(`DATABASE_URL: ${message}`);
    this.name = 'DatabaseUrlError';
  }
}

/** True when DATABASE_URL names PostgreSQL (postgres:// or postgresql://). */
export function isPostgresUrl(text: string | undefined): text is string {
  return text !== undefined && /^postgres(ql)?:\/\//i.test(text.trim());
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new DatabaseUrlError(`the ${what} has a malformed %-escape`);
  }
}

function passwordFrom(url: URL, env: NodeJS.ProcessEnv): string | undefined {
  if (url.password !== '') return decode(url.password, 'password');
  const file = env.DATABASE_PASSWORD_FILE;
  if (file) {
    try {
      return fs.readFileSync(file, 'utf8').trim();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new DatabaseUrlError(`the password file DATABASE_PASSWORD_FILE=${file} could not be read (${code})`);
    }
  }
  return env.PGPASSWORD || undefined;
}

function readRootCert(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new DatabaseUrlError(`sslrootcert=${file} could not be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}

export function parseDatabaseUrl(text: string, env: NodeJS.ProcessEnv = process.env): PostgresTarget {
  const trimmed = text.trim();
  if (!isPostgresUrl(trimmed)) throw new DatabaseUrlError('must start with postgres:// or postgresql://');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    // new URL's message would repeat the whole text, password included.
    throw new DatabaseUrlError('is not a valid URL (expected postgres://user@host:5432/database)');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new DatabaseUrlError('names no host (expected postgres://user@host:5432/database)');
  const port = url.port === '' ? 5432 : Number(url.port);
  const database = decode(url.pathname.replace(/^\//, ''), 'database name');
  if (database === '' || database.includes('/')) throw new DatabaseUrlError('names no database (expected postgres://user@host:5432/database)');
  const user = decode(url.username, 'user name');
  if (user === '') throw new DatabaseUrlError('names no user (expected postgres://user@host:5432/database)');

  for (const name of url.searchParams.keys()) {
    if (!PARAMETERS.includes(name)) throw new DatabaseUrlError(`unknown parameter "${name}" (known: ${PARAMETERS.join(', ')})`);
  }
  const mode = url.searchParams.get('sslmode') ?? 'disable';
  if (!(SSL_MODES as readonly string[]).includes(mode)) throw new DatabaseUrlError(`sslmode must be one of ${SSL_MODES.join(', ')}, not "${mode}"`);
  const rootCertFile = url.searchParams.get('sslrootcert');

  const shown = new URL(trimmed);
  shown.password = '';
  return {
    host,
    port,
    database,
    user,
    password: passwordFrom(url, env),
    sslMode: mode as SslMode,
    rootCert: rootCertFile ? readRootCert(rootCertFile) : undefined,
    applicationName: url.searchParams.get('application_name') ?? 'spend-manager',
    redacted: shown.toString(),
  };
}

/** `text` with every occurrence of the secret (and its URL-encoded form) replaced, for errors from the driver. */
export function withoutSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  let out = text;
  for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  return out;
}

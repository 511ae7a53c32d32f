import type { ConnectionOptions } from 'node:tls';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../ports';
import type { PostgresHandle } from './database-handle';
import { parseDatabaseUrl, withoutSecret, type PostgresTarget } from './database-url';
import { migrateToLatest, type MigrateReport } from './migrator';
import type { Database } from './schema';

export interface OpenPostgresOptions {
  /** DATABASE_URL: postgres://user[:password]@host[:port]/database[?sslmode=require|verify-full] */
  url: string;
  /** Where PGPASSWORD and DATABASE_PASSWORD_FILE are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

export class DatabaseConnectError extends Error {
  constructor(where: string, reason: string) {
    super(`Could not connect to PostgreSQL at ${where}: ${reason}`);
    this.name = 'DatabaseConnectError';
  }
}

// Counts and bigint columns (amount_minor) arrive as numbers, as on SQLite: the contract keeps every
// stored figure under 2^53. Sums of bigints (numeric) stay text; the queries cast sums to text anyway.
const INT8_OID = pg.types.builtins.INT8;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** What to do about a certificate the server showed that verify-ca / verify-full could not trust. */
function certificateHint(target: PostgresTarget, error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (target.sslMode !== 'verify-ca' && target.sslMode !== 'verify-full') return '';
  if (typeof code !== 'string' || !/CERT|SIGNATURE|ALTNAME/.test(code)) return '';
  return ` (sslmode=${target.sslMode} trusts Node's certificate authorities, or the one named by sslrootcert=/path/to/ca.pem${target.sslMode === 'verify-full' ? ", and needs the host's name in the certificate" : ''})`;
}

function tlsOptions(target: PostgresTarget): false | ConnectionOptions {
  switch (target.sslMode) {
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      return { rejectUnauthorized: true, ca: target.rootCert, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true, ca: target.rootCert };
  }
}

export async function openPostgres(options: OpenPostgresOptions): Promise<PostgresHandle> {
  const target = parseDatabaseUrl(options.url, options.env);
  const scrub = (error: unknown) => withoutSecret(error instanceof Error ? error.message : String(error), target.password);
  const pool = new pg.Pool({
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    password: target.password,
    ssl: tlsOptions(target),
    application_name: target.applicationName,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    types,
  });
  // An idle connection the server dropped must not crash the process; the pool opens a new one.
  pool.on('error', (error) => options.logger?.warn('PostgreSQL connection lost', { database: target.redacted, error: scrub(error) }));

  try {
    (await pool.connect()).release();
  } catch (error) {
    await pool.end();
    throw new DatabaseConnectError(target.redacted, scrub(error) + certificateHint(target, error));
  }

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let migration: MigrateReport;
  try {
    migration = await migrateToLatest(db as unknown as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }

  return {
    dialect: 'postgres',
    db,
    pool,
    location: target.redacted,
    migration,
    async backup(before) {
      options.logger?.info(`No copy of the PostgreSQL database was taken before ${before}: back it up with pg_dump`, { database: target.redacted });
      return null;
    },
    close: () => db.destroy(),
  };
}

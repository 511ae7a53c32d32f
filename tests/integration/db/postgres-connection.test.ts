import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseConnectError } from '../../../main/db/open-postgres';
import { openDatabase, type PostgresHandle } from '../../../main/db/open';
import type { Logger } from '../../../main/ports';
import { createTestDatabase, TEST_PG_CERT, testDatabaseUrl } from '../../support/test-database';
import { tempDir } from '../../support/temp';

// PostgreSQL-only by nature: connecting, TLS and passwords against the real test cluster
// (scripts/pg-test-cluster.sh). Runs in the `vitest (postgres)` suite only (vitest.config.ts).

const PASSWORD = new URL(testDatabaseUrl('x')).password;

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string, data?: Record<string, unknown>) => void lines.push(`${level} ${message} ${JSON.stringify(data ?? {})}`);
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

/** The test cluster's URL for `database`, with the password taken out (tests put it back their own way). */
function urlWithout(database: string, change: (url: URL) => void = () => {}): string {
  const url = new URL(testDatabaseUrl(database));
  url.password = '';
  change(url);
  return url.toString();
}

async function connectError(url: string, env: NodeJS.ProcessEnv = {}): Promise<Error> {
  try {
    const handle = await openDatabase({ url, env });
    await handle.close();
  } catch (error) {
    return error as Error;
  }
  throw new Error(`connected to ${url}`);
}

const open: PostgresHandle[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

async function connect(url: string, env: NodeJS.ProcessEnv = {}, logger?: Logger): Promise<PostgresHandle> {
  const handle = await openDatabase({ url, env, ...(logger ? { logger } : {}) });
  open.push(handle);
  return handle;
}

async function encrypted(handle: PostgresHandle): Promise<boolean> {
  const row = await sql<{ ssl: boolean }>`select ssl from pg_stat_ssl where pid = pg_backend_pid()`.execute(handle.db);
  return row.rows[0]!.ssl;
}

describe('PostgreSQL connection (DATABASE_URL)', () => {
  it('opens an empty database, migrates it, and says where it is without the password', async () => {
    const name = await createTestDatabase('empty');
    const handle = await connect(testDatabaseUrl(name));
    expect(handle.dialect).toBe('postgres');
    expect(handle.migration.applied).toContain('0008_upcoming_index');
    expect(handle.location).toBe(urlWithout(name));
    expect(handle.location).not.toContain(PASSWORD);
    // A second server on the same database finds nothing to do.
    expect((await connect(testDatabaseUrl(name))).migration.applied).toEqual([]);
  });

  it('takes the password from PGPASSWORD or DATABASE_PASSWORD_FILE when the URL has none', async () => {
    const name = await createTestDatabase();
    await connect(urlWithout(name), { PGPASSWORD: PASSWORD });
    const file = path.join(tempDir(), 'db-password');
    fs.writeFileSync(file, `${PASSWORD}\n`);
    await connect(urlWithout(name), { DATABASE_PASSWORD_FILE: file });
  });

  it('a wrong password is refused in words that name the server but hold neither password', async () => {
    const name = await createTestDatabase();
    for (const [url, env] of [
      [urlWithout(name, (u) => (u.password = 'wrong-secret-1')), {}],
      [urlWithout(name), { PGPASSWORD: 'wrong-secret-1' }],
    ] as const) {
      const error = await connectError(url, env);
      expect(error).toBeInstanceOf(DatabaseConnectError);
      expect(error.message).toBe(`Could not connect to PostgreSQL at ${urlWithout(name)}: password authentication failed for user "spend_test"`);
      expect(error.message).not.toContain('wrong-secret-1');
      expect(error.stack ?? '').not.toContain('wrong-secret-1');
    }
  });

  it('an unreachable server is named (host and port) without the password', async () => {
    const url = urlWithout('nowhere', (u) => {
      u.port = '1';
      u.password = 'hidden-secret-2';
    });
    const error = await connectError(url);
    expect(error.message).toMatch(/^Could not connect to PostgreSQL at postgres:\/\/spend_test@127\.0\.0\.1:1\/nowhere: connect ECONNREFUSED 127\.0\.0\.1:1$/);
    expect(error.message).not.toContain('hidden-secret-2');
  });

  it('sslmode=require encrypts the connection; without sslmode it is plain', async () => {
    const name = await createTestDatabase();
    expect(await encrypted(await connect(testDatabaseUrl(name)))).toBe(false);
    const tls = await connect(urlWithout(name, (u) => u.searchParams.set('sslmode', 'require')), { PGPASSWORD: PASSWORD });
    expect(await encrypted(tls)).toBe(true);
    expect(tls.location).toBe(`${urlWithout(name)}?sslmode=require`);
  });

  it('sslmode=verify-full refuses a certificate it cannot trust, and says what would make it trusted', async () => {
    const name = await createTestDatabase();
    const error = await connectError(urlWithout(name, (u) => u.searchParams.set('sslmode', 'verify-full')), { PGPASSWORD: PASSWORD });
    expect(error.message).toMatch(/^Could not connect to PostgreSQL at .*sslmode=verify-full: self-signed certificate \(sslmode=verify-full trusts Node's certificate authorities, or the one named by sslrootcert=/);
  });

  it('sslmode=verify-full with sslrootcert connects, by name and by address, when the certificate names the host', async () => {
    const name = await createTestDatabase();
    for (const host of ['localhost', '127.0.0.1']) {
      const url = urlWithout(name, (u) => {
        u.hostname = host;
        u.searchParams.set('sslmode', 'verify-full');
        u.searchParams.set('sslrootcert', TEST_PG_CERT);
      });
      expect(await encrypted(await connect(url, { PGPASSWORD: PASSWORD }))).toBe(true);
    }
  });

  it('takes no copy before deleting an account, and logs that pg_dump is the tool', async () => {
    const logger = recordingLogger();
    const handle = await connect(testDatabaseUrl(await createTestDatabase()), {}, logger);
    expect(await handle.backup('delete-account-1')).toBeNull();
    expect(logger.lines.join('\n')).toMatch(/No copy of the PostgreSQL database was taken before delete-account-1: back it up with pg_dump/);
    expect(logger.lines.join('\n')).not.toContain(PASSWORD);
  });
});

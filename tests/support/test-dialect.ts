// Which database the tests run on, and where the PostgreSQL test cluster is; no vitest hooks here,
// so the global setup can read it too.

declare module 'vitest' {
  interface ProvidedContext {
    /** The migrated template database this run clones (set by pg-global-setup on PostgreSQL). */
    pgTemplate: string;
  }
}

export type TestDialect = 'sqlite' | 'postgres';
export const TEST_DIALECT: TestDialect = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

// The cluster scripts/pg-test-cluster.sh starts; its role's password only opens a loopback test cluster.
export const TEST_PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://spend_test:spend-test-pw-7f3a@127.0.0.1:54329/postgres';
/** The cluster's self-signed certificate (its own root), written by scripts/pg-test-cluster.sh. */
export const TEST_PG_CERT = process.env.TEST_DATABASE_CERT ?? '/etc/postgresql/15/spend-test/server.crt';

/** The URL of one database in the test cluster. */
export function testDatabaseUrl(database: string): string {
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

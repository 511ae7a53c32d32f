import { defineConfig } from 'vitest/config';

// TEST_DATABASE=postgres (the `vitest (postgres)` suite of `npm test`): the integration tests that use a
// database run again, each test folder on its own PostgreSQL database. Left out there:
const NOT_ON_POSTGRES = [
  // SQLite by nature: SIGKILL on the file, sqlite_master, files written by older migrations.
  'tests/integration/db/crash-safety.test.ts',
  'tests/integration/db/sqlite-schema.test.ts',
  'tests/integration/db/migrations.test.ts',
  'tests/integration/expenses/migration-0003.test.ts',
  'tests/integration/expenses/migration-0007.test.ts',
  'tests/integration/expenses/migration-0008.test.ts',
  'tests/integration/db/throttle-state.test.ts',
  // Read-only proved with SQLite's PRAGMA query_only; PostgreSQL's read-only transactions are not wired into these yet.
  'tests/integration/reads-read-only.test.ts',
  'tests/integration/expenses/reads-before-sweep.test.ts',
  // A takeover timed by better-sqlite3's synchronous answers; on PostgreSQL the multi-server race covers it.
  'tests/integration/reminders/claim-takeover.test.ts',
  // No database at all: the same on both runs.
  'tests/integration/db/database-url.test.ts',
  'tests/integration/http/serve-entry.test.ts',
  'tests/integration/http/serve-options.test.ts',
  'tests/integration/mail/**',
  'tests/integration/secrets/**',
];
// PostgreSQL by nature (connecting, TLS, passwords; its migrations): only in that run.
const ONLY_ON_POSTGRES = [
  'tests/integration/db/postgres-connection.test.ts',
  'tests/integration/db/postgres-migrations.test.ts',
  // Several servers on one database: a team server's set-up, which the SQLite file is not.
  'tests/integration/multi-server/**',
];
const postgres = process.env.TEST_DATABASE === 'postgres';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**', ...(postgres ? NOT_ON_POSTGRES : ONLY_ON_POSTGRES)],
    environment: 'node',
    // Every PostgreSQL query is a round trip over a socket: tests that run months of hourly sweeps take ~2.5x longer.
    testTimeout: postgres ? 60_000 : 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // TEST_DATABASE=postgres: one migrated template database per run (does nothing on SQLite).
    globalSetup: ['tests/support/pg-global-setup.ts'],
    setupFiles: ['tests/support/fast-password-hashing.ts'],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // TEST_DATABASE=postgres: one migrated template database per run (does nothing on SQLite).
    globalSetup: ['tests/support/pg-global-setup.ts'],
  },
});

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../main/db/open';
import { TEST_DIALECT, TEST_PG_ADMIN_URL, testDatabaseUrl } from './test-dialect';

// On TEST_DATABASE=postgres: one template database per run, migrated once, that every test database
// copies (CREATE DATABASE ... TEMPLATE, far faster than migrating each). Dropped with its copies at the end.
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (TEST_DIALECT !== 'postgres') return undefined;
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const template = `spend_tpl_${run}`;
  const admin = new pg.Pool({ connectionString: TEST_PG_ADMIN_URL, max: 1 });
  try {
    await admin.query(`create database "${template}"`);
  } catch (error) {
    await admin.end();
    throw new Error(`TEST_DATABASE=postgres: cannot reach the test cluster (start it with scripts/pg-test-cluster.sh): ${(error as Error).message}`);
  }
  const handle = await openDatabase({ url: testDatabaseUrl(template) });
  await handle.close();
  project.provide('pgTemplate', template);

  return async () => {
    const left = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`spend_t_${run}_%`]);
    for (const { datname } of left.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.query(`drop database if exists "${template}" with (force)`);
    await admin.end();
  };
}

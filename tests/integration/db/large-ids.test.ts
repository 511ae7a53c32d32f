import { afterEach, describe, expect, it } from 'vitest';
import { signedInCaller, startTestCore, type TestCore } from '../../support/core';

// The contract takes any id up to 2^53 - 1; SQLite's integer holds it, and so must PostgreSQL's columns
// (bigint, not its 32-bit integer). Runs on both databases.

let core: TestCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

describe('ids past 2^31', () => {
  it('answers 404, not 500, for an id past PostgreSQL\'s 32-bit integer, on every operation that looks one up', async () => {
    core = await startTestCore();
    const alice = await signedInCaller(core);
    for (const id of [2 ** 31, Number.MAX_SAFE_INTEGER]) {
      for (const name of ['expenses.get', 'expenses.delete', 'expenses.restore', 'categories.delete', 'reminders.dismiss', 'reminders.restore'] as const) {
        expect(await alice.result(name, { id }), `${name} ${id}`).toMatchObject({ ok: false, error: { code: 'not_found' } });
      }
    }
  });
});

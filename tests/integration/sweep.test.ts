import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestContext } from '../../main/core/context';
import { type RunningCore, startCore } from '../../main/core/start-core';
import { silentLogger } from '../../main/ports';
import { createMemorySecrets } from '../../main/secrets/keychain';
import { sweepAccounts } from '../../main/services/renewals';
import { callsThrough } from '../support/calls';
import { testClock, type TestClock } from '../support/clock';
import { tempDir } from '../support/temp';

// The sweep is the one place renewals roll forward and old rows go (ARCHITECTURE rule 9): it runs at
// start and before every reminder sweep, so what reads leave alone is stored soon after.

const running: RunningCore[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((core) => core.stop()));
});

async function start(dataDir: string, clock: TestClock): Promise<RunningCore> {
  const core = await startCore({ dataDir, clock, logger: silentLogger, secrets: createMemorySecrets('sweep'), notifier: { notify: () => false } });
  running.push(core);
  return core;
}

function caller(core: RunningCore) {
  let userId: number | null = null;
  const ctx = (): RequestContext => ({ userId, session: { signIn: async (id) => void (userId = id), signOut: async () => {} } });
  return callsThrough(core, ctx).call;
}

describe('the sweep', () => {
  it('runs once at start: a renewal that passed while the app was closed is stored on its next date, with no reminder due to wake it', async () => {
    const dir = tempDir();
    // Years ahead of the real clock, so the hourly safety sweep (a real timer) cannot fire during the test.
    const clock = testClock('2036-03-10T09:00:00Z', 'UTC');
    const first = await start(dir, clock);
    const call = caller(first);
    await call('auth.register', { email: 'sweep@example.com', username: 'sweep', password: 'correct horse battery' });
    // No lead days: nothing will ever be due, so only the sweep at start can move the row.
    const { expense } = await call('expenses.create', { name: 'Figma', category: 'Design', amount: 15, renewal_date: '2036-03-20', reminder_days: [] });
    await first.stop();
    running.splice(0);

    clock.set('2036-05-01T09:00:00Z');
    const second = await start(dir, clock);
    await vi.waitFor(
      async () => {
        const row = await second.database.db.selectFrom('expenses').select(['renewal_date', 'updated_at']).where('id', '=', expense.id).executeTakeFirstOrThrow();
        expect(row).toEqual({ renewal_date: '2036-05-20', updated_at: '2036-05-01T09:00:00.000Z' });
      },
      { timeout: 5_000, interval: 20 },
    );
  });

  it('clears expired sessions, which a lookup only answers as signed out', async () => {
    const clock = testClock('2036-03-10T09:00:00Z', 'UTC');
    const core = await start(tempDir(), clock);
    const { user } = await caller(core)('auth.register', { email: 's@example.com', username: 'sessions', password: 'correct horse battery' });
    // A web session lives 30 days.
    const token = await core.sessions.create(user.id, 'web', null);
    const count = async () => (await core.database.db.selectFrom('sessions').select('id').execute()).length;
    expect(await count()).toBe(1);
    clock.set('2036-05-10T09:00:00Z');
    expect(await core.sessions.resolve(token)).toBeNull();
    expect(await count()).toBe(1);
    await sweepAccounts({ db: core.database.db, clock, reminders: core.ports.reminders });
    expect(await count()).toBe(0);
  });
});

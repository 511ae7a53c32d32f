import { afterEach, describe, expect, it } from 'vitest';
import { tryLockWorkspaceSweep } from '../../../main/db/repositories/sweep-locks';
import { rollForwardDue } from '../../../main/services/renewals';
import { testClock } from '../../support/clock';
import { personalWorkspaceId } from '../../support/workspaces';
import { type HookedCore, startHookedCore } from '../expenses/support';

// Several servers sweep one PostgreSQL database before each reminder sweep: while one rolls a
// workspace's renewals (its transaction holds the workspace's advisory lock), another passes that
// workspace over instead of rolling the same rows at once, and rolls the rest.

let core: HookedCore;
afterEach(async () => {
  await core?.close();
});

const plan = { name: 'Plan', category: 'Development', amount: 10, renewal_date: '2026-03-31' };

describe('two servers rolling renewals on one PostgreSQL database', () => {
  it('leave a workspace to the server already rolling it: the other rolls every other workspace, then that one once the lock is let go', async () => {
    core = await startHookedCore(testClock('2026-03-10T09:00:00Z', 'UTC'));
    const alice = await core.account('alice');
    const bob = await core.account('bob');
    await alice.call('expenses.create', plan);
    await bob.call('expenses.create', plan);
    core.clock.set('2026-04-01T09:00:00Z');
    const ports = { db: core.db, clock: core.clock, reminders: core.hooks };
    const aliceWorkspace = await personalWorkspaceId(core.db, alice.userId);

    // The first server, mid-roll of alice's workspace: a transaction of its own holding that workspace's lock.
    let letGo!: () => void;
    const done = new Promise<void>((resolve) => (letGo = resolve));
    let locked!: (got: boolean) => void;
    const holding = new Promise<boolean>((resolve) => (locked = resolve));
    const first = core.db.transaction().execute(async (trx) => {
      locked(await tryLockWorkspaceSweep(trx, aliceWorkspace));
      await done;
    });
    expect(await holding).toBe(true);

    const renewals = () => core.db.selectFrom('expenses').select(['user_id', 'renewal_date']).orderBy('user_id').execute();
    expect(await rollForwardDue(ports)).toBe(1);
    expect(await renewals()).toEqual([
      { user_id: alice.userId, renewal_date: '2026-03-31' },
      { user_id: bob.userId, renewal_date: '2026-04-30' },
    ]);

    letGo();
    await first;
    expect(await rollForwardDue(ports)).toBe(1);
    expect(await renewals()).toEqual([
      { user_id: alice.userId, renewal_date: '2026-04-30' },
      { user_id: bob.userId, renewal_date: '2026-04-30' },
    ]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { SLICE_MS, type JobClock } from '../../../main/jobs/chunks';
import type { Logger } from '../../../main/ports';
import { REPLAN_CHUNK } from '../../../main/reminders/replans';
import { RESTORE_WINDOW_DAYS, purgeDeletedExpenses, rollForwardDue } from '../../../main/services/renewals';
import { testClock } from '../../support/clock';
import { signedInCaller, startTestCore, type TestCore } from '../../support/core';
import { addSubscriptions, reminderRows } from '../reminders/support';

// Every long job gives the event loop back between its chunks (ARCHITECTURE rule 8): better-sqlite3
// resolves each await at once, so without a yield a timer, IPC message or HTTP request waits for the end.

const cores: TestCore[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

/** Counts turns of the event loop (setImmediate callbacks) while `job` runs: 0 means it never let anything in. */
async function turnsDuring<T>(job: () => Promise<T>): Promise<{ turns: number; result: T }> {
  let turns = 0;
  let counting = true;
  const tick = () => {
    if (!counting) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  const result = await job();
  counting = false;
  return { turns, result };
}

/**
 * A job clock on which every chunk takes a whole slice (each reading is SLICE_MS after the last), as the
 * worst account's chunks would: the job must give the loop a turn after every one and shrink its chunks.
 */
function everyChunkASlice(): JobClock {
  let now = 0;
  return { now: () => (now += SLICE_MS), yield: () => new Promise((resolve) => setImmediate(resolve)) };
}

describe('long jobs in chunks', () => {
  it('purges 80 expired deletions whose chunks each take a slice, with the event loop turning after every chunk', async () => {
    const core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z'), reminders: true });
    cores.push(core);
    const userId = (await signedInCaller(core)).userId!;
    const ids = await addSubscriptions(core, userId, Array.from({ length: 80 }, () => ({ renewal_date: '2026-04-01' })));
    const longAgo = new Date(Date.parse('2026-03-10T09:00:00Z') - (RESTORE_WINDOW_DAYS + 1) * 86_400_000).toISOString();
    await core.ports.db.updateTable('expenses').set({ deleted_at: longAgo }).where('id', 'in', ids).execute();
    await core.reminders!.scheduler.idle();

    const { turns, result } = await turnsDuring(() => purgeDeletedExpenses({ db: core.ports.db, clock: core.clock }, { clock: everyChunkASlice() }));
    expect(result).toBe(80);
    // From 8 a chunk down to 1 (each took the whole budget): far more turns than the 4 chunks a fixed 25 would give.
    expect(turns).toBeGreaterThanOrEqual(60);
    expect(await core.ports.db.selectFrom('expenses').select('id').execute()).toEqual([]);
  });

  it('rolls 80 passed renewals forward in chunks that shrink to one when each takes a slice, the event loop turning after every chunk', async () => {
    const core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z'), reminders: true });
    cores.push(core);
    const userId = (await signedInCaller(core)).userId!;
    await addSubscriptions(core, userId, Array.from({ length: 80 }, () => ({ renewal_date: '2026-02-15' })));
    await core.reminders!.scheduler.idle();

    const { turns, result } = await turnsDuring(() => rollForwardDue({ db: core.ports.db, clock: core.clock, reminders: core.reminders!.hooks }, undefined, { clock: everyChunkASlice() }));
    expect(result).toBe(80);
    expect(turns).toBeGreaterThanOrEqual(75);
    const dates = await core.ports.db.selectFrom('expenses').select('renewal_date').distinct().execute();
    expect(dates).toEqual([{ renewal_date: '2026-03-15' }]);
  });

  it('replans 350 subscriptions after a settings save, the 250 after the save in chunks that start small and grow, then logs it', async () => {
    const lines: { message: string; data?: Record<string, unknown> }[] = [];
    const logger: Logger = { info: (message, data) => void lines.push({ message, data }), warn() {}, error() {} };
    const core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z'), logger, reminders: true });
    cores.push(core);
    const user = await signedInCaller(core);
    const userId = user.userId!;
    const total = REPLAN_CHUNK * 3 + 50;
    await addSubscriptions(core, userId, Array.from({ length: total }, () => ({ renewal_date: '2026-04-20' })));
    await core.reminders!.scheduler.idle();
    const leadDays = async () => new Map((await reminderRows(core, { userId })).map((r) => [r.expense_id, r.lead_days]));
    expect(new Set((await leadDays()).values())).toEqual(new Set([7]));

    // The save replans the first chunk in its transaction, the chain the other 250 in chunks after it. How often the
    // loop turns meanwhile depends on the machine: the job yields once 10 ms of work has passed, and on a fast one the
    // whole chain fits in one slice (the yields themselves are proven above with chunks that each take a slice).
    await user.call('settings.update', { reminder_days_default: [3] });
    await core.reminders!.scheduler.idle();
    expect(new Set((await leadDays()).values())).toEqual(new Set([3]));
    const replanned = lines.filter((l) => l.message === 'reminders replanned');
    expect(replanned).toEqual([{ message: 'reminders replanned', data: expect.objectContaining({ account: userId, reason: 'settings' }) }]);
    // 8 first, at most doubling up to 100 (8 + 16 + 32 + 64 + 100 < 250): never one transaction of 250.
    expect(replanned[0]!.data!.chunks).toBeGreaterThanOrEqual(6);
  });

  it('replans the first 100 subscriptions in the settings save itself and finishes the rest from the durable cursor after a quit and restart', async () => {
    const core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z'), reminders: true });
    const user = await signedInCaller(core);
    const userId = user.userId!;
    const ids = await addSubscriptions(core, userId, Array.from({ length: REPLAN_CHUNK * 2 + 10 }, () => ({ renewal_date: '2026-04-20' })));
    await core.reminders!.scheduler.idle();
    // Quit right after the save: the stopped scheduler leaves the rest where the cursor says.
    core.reminders!.scheduler.stop();
    await user.call('settings.update', { reminder_days_default: [3] });
    await core.close();
    const half = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z'), dir: core.dir });
    const left = await half.database.db.selectFrom('reminders').select('expense_id').where('lead_days', '=', 7).execute();
    expect(left.map((r) => r.expense_id)).toEqual(ids.slice(REPLAN_CHUNK));
    await half.close();

    const restarted = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z'), dir: core.dir, reminders: true });
    cores.push(restarted);
    await restarted.reminders!.scheduler.idle();
    const rows = await reminderRows(restarted, { userId });
    expect(rows).toHaveLength(ids.length);
    expect(new Set(rows.map((r) => r.lead_days))).toEqual(new Set([3]));
  });
});

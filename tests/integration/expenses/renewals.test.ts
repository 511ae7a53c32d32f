import { afterEach, describe, expect, it } from 'vitest';
import { rollForwardDue, purgeDeletedExpenses } from '../../../main/services/renewals';
import { testClock } from '../../support/clock';
import { personalWorkspaceId } from '../../support/workspaces';
import { type HookedCore, startHookedCore } from './support';

let core: HookedCore;
afterEach(async () => {
  await core.close();
});

async function start(now: string, zone = 'UTC') {
  core = await startHookedCore(testClock(now, zone));
  return core.account('alice');
}

const base = { name: 'Plan', category: 'Development', amount: 10 };

describe('renewal dates', () => {
  it('rolls a past date given at creation to the next renewal, keeping the anchor day', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...base, renewal_date: '2026-01-31' });
    expect(expense.renewal_date).toBe('2026-03-31');
    const [row] = await core.db.selectFrom('expenses').select(['anchor_day']).execute();
    expect(row!.anchor_day).toBe(31);
  });

  it('keeps a renewal due today: it has not passed yet', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    expect((await alice.call('expenses.create', { ...base, renewal_date: '2026-03-10' })).expense.renewal_date).toBe('2026-03-10');
  });

  it('rolls monthly from Jan 31 to Feb 28, then Mar 31, then Apr 30 as the days pass', async () => {
    const alice = await start('2027-01-20T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...base, renewal_date: '2027-01-31' });
    const seen: string[] = [];
    for (const day of ['2027-02-01', '2027-03-01', '2027-04-01', '2027-05-01']) {
      core.clock.set(`${day}T09:00:00Z`);
      seen.push((await alice.call('expenses.get', { id: expense.id })).expense.renewal_date);
    }
    expect(seen).toEqual(['2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31']);
  });

  it('lands on Feb 29 in a leap year', async () => {
    const alice = await start('2028-02-01T09:00:00Z');
    expect((await alice.call('expenses.create', { ...base, renewal_date: '2028-01-31' })).expense.renewal_date).toBe('2028-02-29');
  });

  it('rolls yearly from Feb 29 to Feb 28, and back to Feb 29 in the next leap year', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...base, billing_cycle: 'yearly', renewal_date: '2024-02-29' });
    expect(expense.renewal_date).toBe('2027-02-28');
    core.clock.set('2027-03-01T09:00:00Z');
    expect((await alice.call('expenses.get', { id: expense.id })).expense.renewal_date).toBe('2028-02-29');
  });

  it('rolls weekly and every-N-days plans by whole cycles', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    // 2026-03-01 + 7k: 03-08 passed, 03-15 next
    const weekly = await alice.call('expenses.create', { ...base, billing_cycle: 'weekly', renewal_date: '2026-03-01' });
    expect(weekly.expense.renewal_date).toBe('2026-03-15');
    // 2026-02-01 + 10k: 02-11, 02-21, 03-03, 03-13
    const tenDays = await alice.call('expenses.create', { ...base, billing_cycle: { unit: 'day', every: 10 }, renewal_date: '2026-02-01' });
    expect(tenDays.expense.renewal_date).toBe('2026-03-13');
  });

  it('leaves paused, cancelled and non-renewing subscriptions on their date', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    for (const extra of [{ status: 'paused' }, { status: 'cancelled' }, { auto_renew: false }] as const) {
      const { expense } = await alice.call('expenses.create', { ...base, ...extra, renewal_date: '2026-01-31' });
      expect(expense.renewal_date).toBe('2026-01-31');
    }
    core.clock.set('2026-06-01T09:00:00Z');
    const { expenses } = await alice.call('expenses.list', {});
    expect(expenses.map((e) => e.renewal_date)).toEqual(['2026-01-31', '2026-01-31', '2026-01-31']);
  });

  it('rolls a trial like an active plan (the trial converts at renewal)', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...base, status: 'trial', renewal_date: '2026-03-01' });
    expect(expense.renewal_date).toBe('2026-04-01');
  });

  it('rolls a past date given in an edit, anchored to the day given', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...base, renewal_date: '2026-04-15' });
    const edited = await alice.call('expenses.update', { id: expense.id, renewal_date: '2025-12-31' });
    expect(edited.expense.renewal_date).toBe('2026-03-31');
    core.clock.set('2026-04-01T09:00:00Z');
    expect((await alice.call('expenses.get', { id: expense.id })).expense.renewal_date).toBe('2026-04-30');
  });

  it('rolls a paused plan that is resumed with a passed date', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...base, status: 'paused', renewal_date: '2026-01-05' });
    const resumed = await alice.call('expenses.update', { id: expense.id, status: 'active' });
    expect(resumed.expense.renewal_date).toBe('2026-04-05');
  });

  it('keeps the anchor when only the cycle changes', async () => {
    const alice = await start('2026-01-20T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...base, renewal_date: '2026-01-31' });
    await alice.call('expenses.update', { id: expense.id, billing_cycle: 'quarterly' });
    core.clock.set('2026-02-01T09:00:00Z');
    expect((await alice.call('expenses.get', { id: expense.id })).expense.renewal_date).toBe('2026-04-30');
    core.clock.set('2026-05-01T09:00:00Z');
    expect((await alice.call('expenses.get', { id: expense.id })).expense.renewal_date).toBe('2026-07-31');
  });

  it('uses the account time zone for "today"', async () => {
    // 23:30 UTC on Mar 31 is already Apr 1 in Auckland.
    const alice = await start('2026-03-31T23:30:00Z', 'UTC');
    const { expense } = await alice.call('expenses.create', { ...base, renewal_date: '2026-03-31' });
    expect(expense.renewal_date).toBe('2026-03-31');
    await alice.call('settings.update', { time_zone: 'Pacific/Auckland' });
    expect((await alice.call('expenses.get', { id: expense.id })).expense.renewal_date).toBe('2026-04-30');
  });
});

describe('the sweep', () => {
  it('starts a new reminder cycle and tells the reminders, inside the transaction, then re-arms', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...base, renewal_date: '2026-03-20' });
    await core.db.updateTable('expenses').set({ reminder_sent: 1 }).execute();
    expect((await alice.call('expenses.get', { id: expense.id })).expense.reminder_sent).toBe(true);

    core.hooks.calls.length = 0;
    core.clock.set('2026-03-21T09:00:00Z');
    expect(await rollForwardDue({ db: core.db, clock: core.clock, reminders: core.hooks })).toBe(1);
    const { expenses } = await alice.call('expenses.list', {});
    expect(expenses[0]).toMatchObject({ renewal_date: '2026-04-20', reminder_sent: false, updated_at: '2026-03-21T09:00:00.000Z' });
    expect(core.hooks.calls).toEqual([{ hook: 'expensesChanged', workspaceId: alice.workspaceId, ids: [expense.id], inTransaction: true }, { hook: 'rearm' }]);

    core.hooks.calls.length = 0;
    await alice.call('dashboard.stats', {});
    expect(core.hooks.calls).toEqual([]);
  });

  it('is left to the sweep by list, get, dashboard stats and summary: they show the next date and store nothing', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...base, renewal_date: '2026-03-20' });
    core.hooks.calls.length = 0;
    core.clock.set('2026-04-21T09:00:00Z');
    const shown = [
      (await alice.call('expenses.list', {})).expenses[0]!.renewal_date,
      (await alice.call('expenses.get', { id: expense.id })).expense.renewal_date,
      (await alice.call('dashboard.stats', {})).upcoming_renewals[0]!.renewal_date,
    ];
    expect(shown).toEqual(['2026-05-20', '2026-05-20', '2026-05-20']);
    expect((await alice.call('dashboard.summary', {})).upcoming_count).toBe(1);
    const [row] = await core.db.selectFrom('expenses').select('renewal_date').execute();
    expect(row!.renewal_date).toBe('2026-03-20');
    expect(core.hooks.calls).toEqual([]);
  });

  it('rolls every account in its own zone when called without an account', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const bob = await core.account('bob');
    await bob.call('settings.update', { time_zone: 'Pacific/Auckland' });
    await alice.call('expenses.create', { ...base, renewal_date: '2026-03-31' });
    await bob.call('expenses.create', { ...base, renewal_date: '2026-03-31' });
    core.clock.set('2026-03-31T23:30:00Z');
    const ports = { db: core.db, clock: core.clock, reminders: core.hooks };
    expect(await rollForwardDue(ports)).toBe(1);
    const rows = await core.db.selectFrom('expenses').select(['user_id', 'renewal_date']).orderBy('user_id').execute();
    expect(rows).toEqual([
      { user_id: alice.userId, renewal_date: '2026-03-31' },
      { user_id: bob.userId, renewal_date: '2026-04-30' },
    ]);
    core.clock.set('2026-04-01T00:30:00Z');
    // Named by its workspace (the workspace id, not the account's, since 0013).
    const aliceWorkspace = await personalWorkspaceId(core.db, alice.userId);
    expect(await rollForwardDue(ports, aliceWorkspace)).toBe(1);
    expect(await rollForwardDue(ports, aliceWorkspace)).toBe(0);
  });
});

describe('reminder hooks on every change', () => {
  it('create, update, delete and restore each tell the reminders inside their transaction, then re-arm', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...base, renewal_date: '2026-04-01' });
    await alice.call('expenses.update', { id: expense.id, amount: 12 });
    await alice.call('expenses.delete', { id: expense.id });
    await alice.call('expenses.restore', { id: expense.id });
    const changed = { hook: 'expensesChanged', workspaceId: alice.workspaceId, ids: [expense.id], inTransaction: true };
    expect(core.hooks.calls).toEqual([changed, { hook: 'rearm' }, changed, { hook: 'rearm' }, changed, { hook: 'rearm' }, changed, { hook: 'rearm' }]);
  });

  it('rolls everything back when the reminders fail inside the transaction', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    core.hooks.failNext = true;
    const created = await alice.result('expenses.create', { ...base, category: 'Brand new', renewal_date: '2026-04-01' });
    expect(created.ok).toBe(false);
    expect(await core.db.selectFrom('expenses').select('id').execute()).toEqual([]);
    expect(await core.db.selectFrom('categories').select('id').where('name', '=', 'Brand new').execute()).toEqual([]);

    const { expense } = await alice.call('expenses.create', { ...base, renewal_date: '2026-04-01' });
    core.hooks.failNext = true;
    expect((await alice.result('expenses.update', { id: expense.id, name: 'Changed' })).ok).toBe(false);
    core.hooks.failNext = true;
    expect((await alice.result('expenses.delete', { id: expense.id })).ok).toBe(false);
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toEqual(expense);
    expect(core.hooks.calls.filter((c) => c.hook === 'rearm')).toHaveLength(1);
  });
});

describe('purge', () => {
  it('purges rows deleted more than 7 days ago, for every account', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const bob = await core.account('bob');
    const a = (await alice.call('expenses.create', { ...base, renewal_date: '2026-04-01' })).expense;
    const b = (await bob.call('expenses.create', { ...base, renewal_date: '2026-04-01' })).expense;
    await alice.call('expenses.delete', { id: a.id });
    core.clock.set('2026-03-12T09:00:00Z');
    await bob.call('expenses.delete', { id: b.id });
    core.clock.set('2026-03-18T09:00:01Z');
    expect(await purgeDeletedExpenses({ db: core.db, clock: core.clock })).toBe(1);
    expect((await core.db.selectFrom('expenses').select('id').execute()).map((r) => r.id)).toEqual([b.id]);
  });
});

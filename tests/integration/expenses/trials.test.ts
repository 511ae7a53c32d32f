import { afterEach, describe, expect, it } from 'vitest';
import { rollForwardDue } from '../../../main/services/renewals';
import { testClock } from '../../support/clock';
import { type HookedCore, startHookedCore } from './support';

// Bug 5: a trial that ended stayed "Trial" two weeks later while its renewal rolled on.

let core: HookedCore;
afterEach(async () => {
  await core.close();
});

async function start(now: string) {
  core = await startHookedCore(testClock(now, 'UTC'));
  return core.account('alice');
}

const trial = { name: 'Miro', category: 'Design', amount: 16, renewal_date: '2026-03-20', status: 'trial', trial_ends_on: '2026-03-19' } as const;

describe('a trial whose end date passes', () => {
  it('is active the day after trial_ends_on (auto-renew on), in the list and on the dashboard, not still "Trial" two weeks later', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', trial);
    expect(expense).toMatchObject({ status: 'trial', trial_ends_on: '2026-03-19' });

    core.clock.set('2026-03-19T23:00:00Z');
    expect((await alice.call('expenses.get', { id: expense.id })).expense.status).toBe('trial');

    core.clock.set('2026-04-02T09:00:00Z');
    const [listed] = (await alice.call('expenses.list', {})).expenses;
    expect(listed).toMatchObject({ id: expense.id, status: 'active', trial_ends_on: null, renewal_date: '2026-04-20' });
    const stats = await alice.call('dashboard.stats');
    expect(stats.counts).toMatchObject({ active: 1, trial: 0 });
    expect((await alice.call('dashboard.summary')).active_count).toBe(1);
    // The sweep stores it, and the trial's reminders are replanned away inside the same transaction.
    core.hooks.calls.length = 0;
    expect(await rollForwardDue({ db: core.db, clock: core.clock, reminders: core.hooks })).toBe(1);
    expect(core.hooks.calls.filter((c) => c.hook === 'expensesChanged')).toEqual([{ hook: 'expensesChanged', workspaceId: alice.workspaceId, ids: [expense.id], inTransaction: true }]);
    expect((await alice.call('expenses.list', {})).expenses[0]).toEqual({ ...listed, updated_at: '2026-04-02T09:00:00.000Z' });
  });

  it('stops (cancelled) when it does not auto-renew, and keeps its renewal date', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...trial, auto_renew: false });
    core.clock.set('2026-03-25T09:00:00Z');
    const after = (await alice.call('expenses.get', { id: expense.id })).expense;
    expect(after).toMatchObject({ status: 'cancelled', trial_ends_on: null, auto_renew: false, renewal_date: '2026-03-20' });
    const stats = await alice.call('dashboard.stats');
    expect(stats.counts).toMatchObject({ trial: 0, cancelled: 1 });
    expect(stats.monthly_spend).toBe(0);
  });

  it('ends in the scheduler’s roll-forward too, before anyone reads the account', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', trial);
    core.clock.set('2026-03-21T09:00:00Z');
    expect(await rollForwardDue({ db: core.db, clock: core.clock, reminders: core.hooks })).toBe(1);
    const row = await core.db.selectFrom('expenses').select(['status', 'trial_ends_on', 'renewal_date']).where('id', '=', expense.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'active', trial_ends_on: null, renewal_date: '2026-04-20' });
    expect(await rollForwardDue({ db: core.db, clock: core.clock, reminders: core.hooks })).toBe(0);
  });

  it('is active at once when created or edited with an end date already past', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const created = (await alice.call('expenses.create', { ...trial, trial_ends_on: '2026-03-01' })).expense;
    expect(created).toMatchObject({ status: 'active', trial_ends_on: null });
    const other = (await alice.call('expenses.create', { ...trial, name: 'Other', trial_ends_on: '2026-03-15' })).expense;
    const edited = (await alice.call('expenses.update', { id: other.id, trial_ends_on: '2026-03-09', auto_renew: false })).expense;
    expect(edited).toMatchObject({ status: 'cancelled', trial_ends_on: null });
  });

  it('leaves a trial without an end date a trial', async () => {
    const alice = await start('2026-03-10T09:00:00Z');
    const open = (await alice.call('expenses.create', { ...trial, trial_ends_on: null })).expense;
    core.clock.set('2026-05-10T09:00:00Z');
    expect((await alice.call('expenses.get', { id: open.id })).expense.status).toBe('trial');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { sweepAccounts } from '../../../main/services/renewals';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';
import { joinByInvitation } from '../../support/workspaces';

// Payments (issue 13): the sweep writes one per renewal it rolls past, priced as the plan was that day; the owner or
// an admin records what was really paid. Real operations, planner and sweep, on SQLite or PostgreSQL.

let core: TestCore;
afterEach(async () => {
  await core.close();
});

async function start(now: string): Promise<TestCaller> {
  core = await startTestCore({ clock: testClock(now, 'UTC'), reminders: true });
  return signedInCaller(core, 'alice');
}
const at = (day: string, time = '09:00:00') => core.clock.set(`${day}T${time}Z`);
// A web session lasts 30 days: after a longer jump the caller signs in again, as a browser would.
const signIn = (caller: TestCaller) => caller.call('auth.login', { username: 'alice', password: 'correct horse battery' });
const sweep = () => sweepAccounts({ db: core.database.db, clock: core.clock, reminders: core.reminders!.hooks });

const slack = { name: 'Slack', category: 'Communication', amount: '87.50', renewal_date: '2026-03-03' };
const row = (p: { renewal_date: string; expected_amount: number; actual_amount: number; paid_on: string; recorded: boolean }) => [p.renewal_date, p.expected_amount, p.actual_amount, p.paid_on, p.recorded];

describe('payments written by the sweep', () => {
  it('writes one payment per renewal rolled past, newest first, once however often the sweep runs', async () => {
    const alice = await start('2026-02-20T09:00:00Z');
    const { expense } = await alice.call('expenses.create', slack);
    expect((await alice.call('payments.list', { id: expense.id })).payments).toEqual([]);
    at('2026-03-03');
    await sweep();
    // On the renewal date itself it has not passed yet.
    expect((await alice.call('payments.list', { id: expense.id })).payments).toEqual([]);
    at('2026-03-04');
    await sweep();
    await sweep();
    // Away for two months: Apr 3 and May 3 both went by.
    at('2026-05-10');
    await sweep();
    await signIn(alice);
    const { payments } = await alice.call('payments.list', { id: expense.id });
    expect(payments.map(row)).toEqual([
      ['2026-05-03', 87.5, 87.5, '2026-05-03', false],
      ['2026-04-03', 87.5, 87.5, '2026-04-03', false],
      ['2026-03-03', 87.5, 87.5, '2026-03-03', false],
    ]);
    expect(payments[0]).toMatchObject({ currency: 'USD', difference: 0, recorded_by_name: null, transaction_id: null });
  });

  it('prices a renewal a downgrade changed at the new amount: 150.00 until Jun 20, that renewal at 120.00', async () => {
    const alice = await start('2026-05-21T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 150, renewal_date: '2026-05-20' });
    at('2026-06-15');
    await sweep();
    await signIn(alice);
    await alice.call('reviews.decide', { id: expense.id, renewal_date: '2026-06-20', action: 'downgrade', amount: 120, note: 'Fewer editors' });
    at('2026-06-21');
    await sweep();
    await signIn(alice);
    expect((await alice.call('payments.list', { id: expense.id })).payments.map((p) => [p.renewal_date, p.expected_amount])).toEqual([['2026-06-20', 120]]);
  });
});

describe('a subscription moved into a company workspace', () => {
  it('takes its payments and price history along: their rows belong to the company workspace now', async () => {
    const alice = await start('2026-02-20T09:00:00Z');
    const { expense } = await alice.call('expenses.create', slack);
    at('2026-03-04');
    await sweep();
    await alice.call('expenses.update', { id: expense.id, amount: '96.25' });
    const { workspace } = await alice.call('workspaces.create', { name: 'Acme' });
    const { preview } = await alice.call('workspaces.previewMove', { id: workspace.id });
    await alice.call('workspaces.move', { id: workspace.id, version: preview.version });
    expect((await alice.call('payments.list', { id: expense.id })).payments.map((p) => [p.renewal_date, p.expected_amount])).toEqual([['2026-03-03', 87.5]]);
    expect((await alice.call('payments.priceHistory', { id: expense.id })).changes.map((c) => [c.amount_before, c.amount_after])).toEqual([[87.5, 96.25]]);
    const db = core.database.db;
    expect(new Set((await db.selectFrom('payments').select('workspace_id').execute()).map((r) => r.workspace_id))).toEqual(new Set([workspace.id]));
    expect(new Set((await db.selectFrom('price_changes').select('workspace_id').execute()).map((r) => r.workspace_id))).toEqual(new Set([workspace.id]));
  });
});

describe('recording what was paid', () => {
  async function withPayment() {
    const alice = await start('2026-02-20T09:00:00Z');
    const { expense } = await alice.call('expenses.create', slack);
    at('2026-03-10');
    await sweep();
    const [payment] = (await alice.call('payments.list', { id: expense.id })).payments;
    return { alice, expense, payment: payment! };
  }

  it('records the actual amount and day exactly (96.25 − 87.50 = 8.75), and null puts back the expected amount and date', async () => {
    const { alice, expense, payment } = await withPayment();
    const { payment: recorded } = await alice.call('payments.record', { id: payment.id, actual_amount: '96.25', paid_on: '2026-03-04' });
    expect(recorded).toMatchObject({ expected_amount: 87.5, actual_amount: 96.25, difference: 8.75, paid_on: '2026-03-04', recorded: true, recorded_by_name: 'alice', recorded_at: '2026-03-10T09:00:00.000Z' });
    // Only the amount: the day recorded before stays.
    expect((await alice.call('payments.record', { id: payment.id, actual_amount: 90.1 })).payment).toMatchObject({ actual_amount: 90.1, difference: 2.6, paid_on: '2026-03-04' });
    expect((await alice.call('payments.list', { id: expense.id })).payments.map(row)).toEqual([['2026-03-03', 87.5, 90.1, '2026-03-04', true]]);
    const { payment: reset } = await alice.call('payments.record', { id: payment.id, actual_amount: null });
    expect(reset).toMatchObject({ actual_amount: 87.5, difference: 0, paid_on: '2026-03-03', recorded: false, recorded_by_name: null, recorded_at: null });
  });

  it('names the field of each refusal', async () => {
    const { alice, payment } = await withPayment();
    expect((await refusalOf(alice, 'payments.record', { id: payment.id, actual_amount: '5.001' })).fields).toEqual({ actual_amount: 'USD allows at most 2 decimal places' });
    expect((await refusalOf(alice, 'payments.record', { id: payment.id, actual_amount: -1 })).fields).toEqual({ actual_amount: 'Actual amount cannot be negative' });
    expect((await refusalOf(alice, 'payments.record', { id: payment.id, actual_amount: 'abc' })).fields).toMatchObject({ actual_amount: expect.stringMatching(/^Actual amount/) });
    expect((await refusalOf(alice, 'payments.record', { id: payment.id, actual_amount: 90, paid_on: '2026-03-11' })).fields).toEqual({ paid_on: 'Paid date cannot be after today (2026-03-10)' });
    expect((await refusalOf(alice, 'payments.record', { id: payment.id, actual_amount: 90, paid_on: '2026-02-30' })).fields).toEqual({ paid_on: 'Paid date must be a real date' });
    expect((await refusalOf(alice, 'payments.record', { id: payment.id })).fields).toMatchObject({ actual_amount: expect.any(String) });
    expect((await alice.call('payments.list', { id: payment.expense_id })).payments.map(row)).toEqual([['2026-03-03', 87.5, 87.5, '2026-03-03', false]]);
  });

  it('lets a viewer read, a member record only what they own, an admin anything; another workspace’s payments are 404', async () => {
    const alice = await start('2026-02-20T09:00:00Z');
    await alice.call('workspaces.create', { name: 'Acme' });
    const { expense: alices } = await alice.call('expenses.create', slack);
    const viewer = await signedInCaller(core, 'vera');
    const member = await signedInCaller(core, 'moe');
    const admin = await signedInCaller(core, 'ada');
    const outsider = await signedInCaller(core, 'otto');
    await joinByInvitation(alice, viewer, 'viewer');
    await joinByInvitation(alice, member, 'member');
    await joinByInvitation(alice, admin, 'admin');
    const { expense: mos } = await member.call('expenses.create', { ...slack, name: 'Zoom' });
    at('2026-03-10');
    await sweep();
    const [alicesPayment] = (await viewer.call('payments.list', { id: alices.id })).payments;
    const [mosPayment] = (await viewer.call('payments.list', { id: mos.id })).payments;
    expect(await refusalOf(viewer, 'payments.record', { id: alicesPayment!.id, actual_amount: 90 })).toMatchObject({ code: 'forbidden' });
    expect(await refusalOf(member, 'payments.record', { id: alicesPayment!.id, actual_amount: 90 })).toMatchObject({ code: 'forbidden' });
    expect((await member.call('payments.record', { id: mosPayment!.id, actual_amount: 90 })).payment.recorded_by_name).toBe('moe');
    expect((await admin.call('payments.record', { id: alicesPayment!.id, actual_amount: 91 })).payment.recorded_by_name).toBe('ada');
    expect(await refusalOf(outsider, 'payments.list', { id: alices.id })).toMatchObject({ code: 'not_found' });
    expect(await refusalOf(outsider, 'payments.record', { id: alicesPayment!.id, actual_amount: 1 })).toMatchObject({ code: 'not_found', message: `Payment ${alicesPayment!.id} not found` });
    expect((await viewer.call('payments.list', { id: alices.id })).payments.map((p) => p.actual_amount)).toEqual([91]);
  });
});

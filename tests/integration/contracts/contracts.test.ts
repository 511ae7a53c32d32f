import { afterEach, describe, expect, it } from 'vitest';
import { sweepAccounts } from '../../../main/services/renewals';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';
import { joinByInvitation } from '../../support/workspaces';

// Fixed-term contracts (issue 13): a subscription's minimum term, its end and what happens then, against hand-computed
// dates. Real operations, planner and sweep, on SQLite or PostgreSQL.

let core: TestCore;
afterEach(async () => {
  await core.close();
});

async function start(now: string): Promise<TestCaller> {
  core = await startTestCore({ clock: testClock(now, 'UTC'), reminders: true });
  return signedInCaller(core, 'alice');
}
const at = (day: string, time = '09:00:00') => core.clock.set(`${day}T${time}Z`);
const signIn = (caller: TestCaller) => caller.call('auth.login', { username: 'alice', password: 'correct horse battery' });
const sweep = () => sweepAccounts({ db: core.database.db, clock: core.clock, reminders: core.reminders!.hooks });
const pendingReminders = async (expenseId: number) =>
  (await core.database.db.selectFrom('reminders').select(['kind', 'target_date', 'lead_days']).where('expense_id', '=', expenseId).where('state', '=', 'pending').orderBy('due_at').orderBy('kind').execute()).map((r) => `${r.kind} ${r.target_date} -${r.lead_days}`);

const tool = { name: 'Linear', category: 'Engineering', amount: 50, renewal_date: '2027-01-31' };

describe('a contract on a subscription', () => {
  it('derives its end from start + term across month ends and leap years, with the last day to cancel', async () => {
    const alice = await start('2027-01-10T09:00:00Z');
    const jan31 = await alice.call('expenses.create', { ...tool, notice_period_days: 14, contract: { start_date: '2027-01-31', term_months: 1, end_action: 'end' } });
    // Jan 31 + 1 month is the last day of February; a contract that ends by itself has nothing to cancel.
    expect(jan31.expense.contract).toEqual({ start_date: '2027-01-31', term_months: 1, end_date: '2027-02-28', end_action: 'end', renew_months: null, last_day_to_cancel: null, ended_on: null });
    const leap = await alice.call('expenses.create', { ...tool, name: 'Leap', notice_period_days: 14, contract: { start_date: '2028-01-31', term_months: 1, end_action: 'renew', renew_months: 12 } });
    // 2028 is a leap year: Feb 29, and 14 days' notice before it is Feb 15.
    expect(leap.expense.contract).toMatchObject({ end_date: '2028-02-29', last_day_to_cancel: '2028-02-15', renew_months: 12 });
    const feb29 = await alice.call('expenses.create', { ...tool, name: 'From Feb 29', contract: { start_date: '2028-02-29', term_months: 12, end_action: 'monthly' } });
    // No notice period: the day before the end.
    expect(feb29.expense.contract).toMatchObject({ end_date: '2029-02-28', last_day_to_cancel: '2029-02-27' });
    const given = await alice.call('expenses.create', { ...tool, name: 'Given end', notice_period_days: 30, contract: { start_date: '2027-01-01', term_months: 12, end_date: '2027-12-15', end_action: 'renew', renew_months: 1 } });
    expect(given.expense.contract).toMatchObject({ end_date: '2027-12-15', last_day_to_cancel: '2027-11-15' });
    // Get and list carry it too; a subscription without one says null.
    expect((await alice.call('expenses.get', { id: leap.expense.id })).expense.contract).toEqual(leap.expense.contract);
    const plain = await alice.call('expenses.create', { ...tool, name: 'Plain' });
    expect(plain.expense.contract).toBeNull();
    const listed = (await alice.call('expenses.list', {})).expenses;
    expect(listed.find((e) => e.id === given.expense.id)!.contract).toEqual(given.expense.contract);
  });

  it('is added, changed and removed by an update; a new notice period is checked against the kept contract', async () => {
    const alice = await start('2027-01-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', tool);
    const added = await alice.call('expenses.update', { id: expense.id, notice_period_days: 30, contract: { start_date: '2027-01-31', term_months: 12, end_action: 'renew', renew_months: 12 } });
    expect(added.expense.contract).toMatchObject({ end_date: '2028-01-31', last_day_to_cancel: '2028-01-01' });
    // Left out: kept.
    expect((await alice.call('expenses.update', { id: expense.id, name: 'Linear Pro' })).expense.contract).toEqual(added.expense.contract);
    expect((await refusalOf(alice, 'expenses.update', { id: expense.id, notice_period_days: 366 })).fields).toEqual({ notice_period_days: 'Notice period must be at most 365 days' });
    const removed = await alice.call('expenses.update', { id: expense.id, contract: null });
    expect(removed.expense.contract).toBeNull();
    expect(await core.database.db.selectFrom('contracts').selectAll().execute()).toEqual([]);
  });

  it('refuses bad terms naming the field, and stores nothing', async () => {
    const alice = await start('2027-01-10T09:00:00Z');
    const contract = { start_date: '2027-01-31', term_months: 12, end_action: 'renew', renew_months: 12 };
    const refused = async (input: Record<string, unknown>) => (await refusalOf(alice, 'expenses.create', { ...tool, ...input })).fields;
    expect(await refused({ contract: { ...contract, term_months: 0 } })).toEqual({ 'contract.term_months': 'Minimum term must be at least 1 month' });
    expect(await refused({ contract: { ...contract, term_months: 1.5 } })).toEqual({ 'contract.term_months': 'Minimum term must be a whole number of months' });
    expect(await refused({ contract: { ...contract, end_date: '2027-01-31' } })).toEqual({ 'contract.end_date': 'Contract end date must be after its start date (2027-01-31)' });
    expect(await refused({ contract: { ...contract, renew_months: 0 } })).toEqual({ 'contract.renew_months': 'Renews for must be at least 1 month' });
    expect(await refused({ contract: { ...contract, renew_months: undefined } })).toEqual({ 'contract.renew_months': 'Renews for is required (months) when the contract renews' });
    expect(await refused({ contract: { ...contract, end_action: 'end' } })).toEqual({ 'contract.renew_months': 'Renews for only applies to a contract that renews' });
    expect(await refused({ contract: { ...contract, end_action: 'forever' } })).toEqual({ 'contract.end_action': 'At the end of the contract must be renew, monthly or end' });
    expect(await refused({ contract: { ...contract, start_date: '2027-02-30' } })).toEqual({ 'contract.start_date': 'Contract start date must be a real date' });
    expect(await refused({ notice_period_days: 32, contract: { start_date: '2027-01-31', term_months: 1, end_action: 'end' } })).toEqual({
      notice_period_days: 'Notice period (32 days) must not be longer than the contract (28 days from 2027-01-31 to 2027-02-28)',
    });
    expect((await alice.call('expenses.list', {})).total).toBe(0);
    expect(await core.database.db.selectFrom('contracts').selectAll().execute()).toEqual([]);
  });

  it('is changed only by the owner or an admin; a viewer reads it; another workspace’s subscription is 404', async () => {
    const alice = await start('2027-01-10T09:00:00Z');
    await alice.call('workspaces.create', { name: 'Acme' });
    const viewer = await signedInCaller(core, 'vera');
    const member = await signedInCaller(core, 'moe');
    const admin = await signedInCaller(core, 'ada');
    const outsider = await signedInCaller(core, 'otto');
    await joinByInvitation(alice, viewer, 'viewer');
    await joinByInvitation(alice, member, 'member');
    await joinByInvitation(alice, admin, 'admin');
    const contract = { start_date: '2027-01-31', term_months: 12, end_action: 'end' as const };
    const { expense } = await alice.call('expenses.create', { ...tool, contract });
    expect((await viewer.call('expenses.get', { id: expense.id })).expense.contract).toMatchObject({ end_date: '2028-01-31' });
    expect(await refusalOf(viewer, 'expenses.update', { id: expense.id, contract: null })).toMatchObject({ code: 'forbidden' });
    expect(await refusalOf(member, 'expenses.update', { id: expense.id, contract: null })).toMatchObject({ code: 'forbidden' });
    expect(await refusalOf(outsider, 'expenses.update', { id: expense.id, contract: null })).toMatchObject({ code: 'not_found' });
    expect(await refusalOf(outsider, 'expenses.get', { id: expense.id })).toMatchObject({ code: 'not_found' });
    expect((await admin.call('expenses.update', { id: expense.id, contract: { ...contract, term_months: 24 } })).expense.contract).toMatchObject({ end_date: '2029-01-31' });
    expect((await viewer.call('expenses.get', { id: expense.id })).expense.contract).toMatchObject({ term_months: 24 });
  });
});

describe('the sweep at a contract’s end', () => {
  it('renews it: Feb 28 (from Jan 31) moves to Mar 31, then Apr 30, once however often it runs', async () => {
    const alice = await start('2027-01-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...tool, notice_period_days: 7, contract: { start_date: '2027-01-31', term_months: 1, end_action: 'renew', renew_months: 1 } });
    at('2027-02-27');
    await sweep();
    await signIn(alice);
    expect((await alice.call('expenses.get', { id: expense.id })).expense.contract).toMatchObject({ end_date: '2027-02-28', last_day_to_cancel: '2027-02-21' });
    at('2027-02-28');
    await sweep();
    await sweep();
    await signIn(alice);
    const renewed = (await alice.call('expenses.get', { id: expense.id })).expense;
    expect(renewed.contract).toMatchObject({ end_date: '2027-03-31', last_day_to_cancel: '2027-03-24', ended_on: null });
    expect(renewed.status).toBe('active');
    at('2027-03-31');
    await signIn(alice);
    // Before the sweep reaches it, a read already shows the next end.
    expect((await alice.call('expenses.get', { id: expense.id })).expense.contract).toMatchObject({ end_date: '2027-04-30' });
    await sweep();
    await sweep();
    expect((await core.database.db.selectFrom('contracts').select(['end_date', 'ended_on']).execute())).toEqual([{ end_date: '2027-04-30', ended_on: null }]);
  });

  it('turns a yearly plan monthly from its end, at its monthly price, with a price-history entry; then it rolls monthly', async () => {
    const alice = await start('2026-12-20T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 1200, billing_cycle: 'yearly', renewal_date: '2027-01-31', contract: { start_date: '2026-01-31', term_months: 12, end_action: 'monthly' } });
    expect(expense.contract).toMatchObject({ end_date: '2027-01-31' });
    at('2027-01-31');
    await sweep();
    await sweep();
    await signIn(alice);
    const monthly = (await alice.call('expenses.get', { id: expense.id })).expense;
    expect(monthly).toMatchObject({ amount: 100, billing_cycle: { unit: 'month', every: 1 }, renewal_date: '2027-01-31', status: 'active' });
    expect(monthly.contract).toMatchObject({ ended_on: '2027-01-31', last_day_to_cancel: null });
    const history = (await alice.call('payments.priceHistory', { id: expense.id })).changes;
    expect(history.map((c) => [c.effective_on, c.amount_before, c.amount_after, c.billing_cycle_before.unit, c.billing_cycle_after.unit])).toEqual([['2027-01-31', 1200, 100, 'year', 'month']]);
    // Away until Mar 1: Jan 31 and Feb 28 were charged monthly, the next is Mar 31 (the anchor day kept).
    at('2027-03-01');
    await sweep();
    await sweep();
    await signIn(alice);
    expect((await alice.call('expenses.get', { id: expense.id })).expense.renewal_date).toBe('2027-03-31');
    expect((await alice.call('payments.list', { id: expense.id })).payments.map((p) => [p.renewal_date, p.expected_amount])).toEqual([
      ['2027-02-28', 100],
      ['2027-01-31', 100],
    ]);
    expect((await alice.call('payments.priceHistory', { id: expense.id })).changes).toHaveLength(1);
  });

  it('ends it: cancelled at the end of the paid period, no reminders left, the renewals before it paid, once', async () => {
    const alice = await start('2026-06-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { name: 'Notion', category: 'Docs', amount: 50, renewal_date: '2026-06-15', reminder_days: [3], contract: { start_date: '2026-06-15', term_months: 6, end_action: 'end' } });
    expect(expense.contract).toMatchObject({ end_date: '2026-12-15' });
    at('2026-11-10');
    await sweep();
    // The last renewal before the end is reminded of; the one on the end is never charged, so never reminded.
    expect(await pendingReminders(expense.id)).toEqual(['renewal 2026-11-15 -3']);
    at('2026-12-01');
    await sweep();
    await signIn(alice);
    expect((await alice.call('expenses.get', { id: expense.id })).expense.renewal_date).toBe('2026-12-15');
    expect(await pendingReminders(expense.id)).toEqual([]);
    at('2026-12-15');
    await sweep();
    await sweep();
    await signIn(alice);
    const ended = (await alice.call('expenses.get', { id: expense.id })).expense;
    expect(ended).toMatchObject({ status: 'cancelled', renewal_date: '2026-12-15' });
    expect(ended.contract).toMatchObject({ ended_on: '2026-12-15' });
    expect(await pendingReminders(expense.id)).toEqual([]);
    at('2027-03-01');
    await sweep();
    await signIn(alice);
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ status: 'cancelled', renewal_date: '2026-12-15' });
    expect((await alice.call('payments.list', { id: expense.id })).payments.map((p) => p.renewal_date)).toEqual(['2026-11-15', '2026-10-15', '2026-09-15', '2026-08-15', '2026-07-15', '2026-06-15']);
  });

  it('ends it after time away: the renewals up to the end are paid, none after', async () => {
    const alice = await start('2027-01-10T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...tool, renewal_date: '2027-01-31', contract: { start_date: '2027-01-31', term_months: 2, end_action: 'end' } });
    // Jan 31 + 2 months: Mar 31. Away until May.
    at('2027-05-02');
    await sweep();
    await sweep();
    await signIn(alice);
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ status: 'cancelled', renewal_date: '2027-03-31' });
    expect((await alice.call('payments.list', { id: expense.id })).payments.map((p) => p.renewal_date)).toEqual(['2027-02-28', '2027-01-31']);
  });
});

describe('reminders and reviews under a contract', () => {
  it('reminds of the contract’s last day to cancel, not of each monthly renewal’s', async () => {
    const alice = await start('2027-02-20T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...tool, renewal_date: '2027-03-05', notice_period_days: 30, reminder_days: [7], contract: { start_date: '2026-03-31', term_months: 12, end_action: 'renew', renew_months: 12 } });
    // End Mar 31, 30 days' notice: Mar 1; its 7-day reminder is due Feb 22. The renewal on Mar 5 is reminded as always.
    expect(await pendingReminders(expense.id)).toEqual(['notice 2027-03-01 -7', 'renewal 2027-03-05 -7']);
    // Without the contract, the monthly renewal's own notice date (Mar 5 − 30 = Feb 3) has passed: the next one is planned instead.
    await alice.call('expenses.update', { id: expense.id, contract: null });
    expect(await pendingReminders(expense.id)).not.toContain('notice 2027-03-01 -7');
  });

  it('opens a review at the contract’s notice date, even for a small monthly plan, and closes it after that day', async () => {
    const alice = await start('2027-02-01T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...tool, amount: 10, renewal_date: '2027-02-15', notice_period_days: 30, reminder_days: [7], contract: { start_date: '2026-03-31', term_months: 12, end_action: 'renew', renew_months: 12 } });
    at('2027-02-15');
    await sweep();
    await signIn(alice);
    // Last day to cancel Mar 1; the review opens 7 days before, on Feb 22.
    expect((await alice.call('reviews.list', {})).reviews).toEqual([]);
    at('2027-02-22', '10:00:00');
    const { reviews } = await alice.call('reviews.list', {});
    expect(reviews.map((r) => [r.expense_id, r.renewal_date, r.last_day, r.opens_on])).toEqual([[expense.id, '2027-03-31', '2027-03-01', '2027-02-22']]);
    // Kept: the contract renews on its end, the next review is a year later.
    await alice.call('reviews.decide', { id: expense.id, renewal_date: '2027-03-31', action: 'keep', note: null });
    expect((await alice.call('reviews.list', {})).reviews).toEqual([]);
    at('2027-03-31');
    await sweep();
    await signIn(alice);
    expect((await alice.call('expenses.get', { id: expense.id })).expense.contract).toMatchObject({ end_date: '2028-03-31', last_day_to_cancel: '2028-03-01' });
    expect((await alice.call('reviews.log', {})).entries.map((e) => e.action)).toEqual(['keep']);
  });

  it('logs a contract that renewed with its review undecided as renewed without review', async () => {
    const alice = await start('2027-02-01T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...tool, amount: 10, renewal_date: '2027-02-15', notice_period_days: 30, contract: { start_date: '2026-03-31', term_months: 12, end_action: 'renew', renew_months: 12 } });
    at('2027-04-01');
    await sweep();
    await sweep();
    await signIn(alice);
    expect((await alice.call('reviews.log', {})).entries.map((e) => [e.expense_id, e.action, e.renewal_date, e.last_day])).toEqual([[expense.id, 'renewed_without_review', '2027-03-31', '2027-03-01']]);
  });
});

describe('the forecast', () => {
  it('stops at the end of a contract that ends, and charges monthly after one that becomes monthly', async () => {
    const alice = await start('2026-10-01T09:00:00Z');
    await alice.call('expenses.create', { name: 'Notion', category: 'Docs', amount: 50, renewal_date: '2026-10-15', contract: { start_date: '2026-06-15', term_months: 6, end_action: 'end' } });
    const forecast = async () => (await alice.call('dashboard.stats', {})).forecast.map((m) => m.total);
    // Oct 15, Nov 15; the end is Dec 15: nothing from December on.
    expect(await forecast()).toEqual([50, 50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 1200, billing_cycle: 'yearly', renewal_date: '2027-01-31', contract: { start_date: '2026-01-31', term_months: 12, end_action: 'monthly' } });
    // Figma: 100 a month from Jan 31 instead of 1200 once.
    expect(await forecast()).toEqual([50, 50, 0, 100, 100, 100, 100, 100, 100, 100, 100, 100]);
  });
});

describe('a form saved again', () => {
  it('keeps a contract that already became monthly as it is: its end is not applied twice', async () => {
    const alice = await start('2026-12-20T09:00:00Z');
    const { expense } = await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 1200, billing_cycle: 'yearly', renewal_date: '2027-01-31', contract: { start_date: '2026-01-31', term_months: 12, end_action: 'monthly' } });
    at('2027-01-31');
    await sweep();
    await signIn(alice);
    const { contract } = (await alice.call('expenses.get', { id: expense.id })).expense;
    const { start_date, term_months, end_date, end_action } = contract!;
    const saved = await alice.call('expenses.update', { id: expense.id, name: 'Figma Org', contract: { start_date, term_months, end_date, end_action } });
    expect(saved.expense.contract).toEqual(contract);
    await sweep();
    expect((await alice.call('payments.priceHistory', { id: expense.id })).changes).toHaveLength(1);
  });
});

describe('a review’s Cancel under a contract', () => {
  it('keeps the monthly renewals of the term charged, then cancels the plan at the contract’s end and stops its reminders', async () => {
    const alice = await start('2027-02-22T10:00:00Z');
    const { expense } = await alice.call('expenses.create', { ...tool, amount: 10, renewal_date: '2027-03-15', notice_period_days: 30, reminder_days: [7], contract: { start_date: '2026-04-30', term_months: 11, end_action: 'renew', renew_months: 12 } });
    // Apr 30 + 11 months: Mar 30 (the start's day); last day to cancel Feb 28.
    const [review] = (await alice.call('reviews.list', {})).reviews;
    expect(review).toMatchObject({ renewal_date: '2027-03-30', last_day: '2027-02-28' });
    await alice.call('reviews.decide', { id: expense.id, renewal_date: '2027-03-30', action: 'cancel', note: 'Moving to Jira' });
    expect(await pendingReminders(expense.id)).toEqual([]);
    // The Mar 15 renewal falls inside the term: it is charged, and the plan runs on to its end.
    at('2027-03-16');
    await sweep();
    await signIn(alice);
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ status: 'active', renewal_date: '2027-04-15' });
    at('2027-03-30');
    await sweep();
    await sweep();
    await signIn(alice);
    const ended = (await alice.call('expenses.get', { id: expense.id })).expense;
    expect(ended.status).toBe('cancelled');
    expect(ended.contract).toMatchObject({ ended_on: '2027-03-30' });
    expect((await alice.call('payments.list', { id: expense.id })).payments.map((p) => p.renewal_date)).toEqual(['2027-03-15']);
    at('2027-05-01');
    await sweep();
    await signIn(alice);
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ status: 'cancelled', renewal_date: '2027-04-15' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { sweepAccounts } from '../../../main/services/renewals';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';
import { joinByInvitation } from '../../support/workspaces';

// Renewal reviews (issue 13) through the real operations, the real reminder planner and the real sweep, on SQLite
// or PostgreSQL. Every amount below is worked out by hand in its comment.

let core: TestCore;
afterEach(async () => {
  await core.close();
});

async function start(now: string, zone = 'UTC'): Promise<TestCaller> {
  core = await startTestCore({ clock: testClock(now, zone), reminders: true });
  return signedInCaller(core, 'alice');
}

const at = (day: string, time = '09:00:00') => core.clock.set(`${day}T${time}Z`);
const sweep = () => sweepAccounts({ db: core.database.db, clock: core.clock, reminders: core.reminders!.hooks });
const pendingReminders = (expenseId: number) =>
  core.database.db.selectFrom('reminders').select(['kind', 'target_date']).where('expense_id', '=', expenseId).where('state', 'in', ['pending', 'snoozed']).execute();
const decisionRows = () => core.database.db.selectFrom('review_decisions').select(['action', 'renewal_date', 'saving_minor', 'applied_at']).orderBy('id').execute();

const slack = { name: 'Slack', category: 'Communication', amount: 150, renewal_date: '2026-06-20', url: 'https://slack.com/account/cancel' };
const notion = { name: 'Notion', category: 'Productivity', seats: 20, seat_price: 10, renewal_date: '2026-07-01' };
const adobe = { name: 'Adobe', category: 'Design', amount: 600, billing_cycle: 'yearly', renewal_date: '2026-09-30', notice_period_days: 30 };
const zoom = { name: 'Zoom', category: 'Communication', amount: 80, billing_cycle: 'yearly', renewal_date: '2026-07-05' };
const github = { name: 'GitHub', category: 'Development', amount: 50, renewal_date: '2026-06-20' };

describe('which renewals are due for review', () => {
  it('lists yearly plans and those from 100 in the base currency a week before the last day to cancel, by last day, with yearly cost and owner', async () => {
    const alice = await start('2026-06-15T09:00:00Z');
    await alice.call('expenses.create', slack);
    await alice.call('expenses.create', github);
    await alice.call('expenses.create', zoom);
    await alice.call('expenses.create', { ...adobe, renewal_date: '2026-07-20' });
    const { reviews } = await alice.call('reviews.list', {});
    // Slack: 150.00 monthly, renews Jun 20, no notice: last day Jun 19, open since Jun 12. Adobe: yearly, Jul 20 with 30 days
    // notice: last day Jun 20, open since Jun 13. Zoom (yearly, last day Jul 4) opens Jun 27; GitHub (50.00 monthly) never.
    expect(reviews.map((r) => [r.name, r.last_day, r.opens_on, r.days_left, r.yearly_cost, r.owner_name, r.state, r.can_decide])).toEqual([
      ['Slack', '2026-06-19', '2026-06-12', 4, 1800, 'alice', 'open', true],
      ['Adobe', '2026-06-20', '2026-06-13', 5, 600, 'alice', 'open', true],
    ]);
    const summary = await alice.call('reviews.summary', {});
    expect([summary.due_count, summary.yearly_at_stake, summary.threshold, summary.saved_this_year]).toEqual([2, 2400, 100, 0]);
    at('2026-06-27');
    expect((await alice.call('reviews.list', {})).reviews.map((r) => r.name)).toEqual(['Zoom']);
  });

  it('reviews a plan in another currency whose charge rounds to the threshold, and not one a cent below it', async () => {
    const alice = await start('2026-06-15T09:00:00Z');
    await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.08' }, { currency: 'JPY', rate: '0.0067' }] });
    // 92.59 EUR × 1.08 = 99.9972 USD, rounds to 100.00: reviewed. 92.58 EUR = 99.9864, rounds to 99.99: not.
    await alice.call('expenses.create', { ...slack, name: 'Miro', amount: 92.59, currency: 'EUR' });
    await alice.call('expenses.create', { ...slack, name: 'Canva', amount: 92.58, currency: 'EUR' });
    // 14,925 JPY × 0.0067 = 99.9975 USD: reviewed; 14,924 JPY = 99.9908, rounds to 99.99: not. BRL has no rate: monthly, not reviewed.
    await alice.call('expenses.create', { ...slack, name: 'Asana', amount: 14925, currency: 'JPY' });
    await alice.call('expenses.create', { ...slack, name: 'Linear', amount: 14924, currency: 'JPY' });
    await alice.call('expenses.create', { ...slack, name: 'Pipefy', amount: 5000, currency: 'BRL' });
    expect((await alice.call('reviews.list', {})).reviews.map((r) => [r.name, r.yearly_cost_base])).toEqual([
      ['Asana', 1199.97],
      ['Miro', 1199.97],
    ]);
    expect((await alice.call('reviews.summary', {})).due_count).toBe(2);
  });

  it('finds a review behind a long notice period and one of a renewal the sweep has not rolled yet', async () => {
    const alice = await start('2026-06-15T09:00:00Z');
    // Yearly with 200 days notice, renewing Jan 5, 2027: last day Jun 19, 2026.
    await alice.call('expenses.create', { ...zoom, name: 'Salesforce', renewal_date: '2027-01-05', notice_period_days: 200 });
    // Monthly 150.00 renewing Jun 1 (created then); on Jul 15 its stored date is still Jun 1 until the sweep runs, its current one Jul 20.
    at('2026-06-01');
    await alice.call('expenses.create', { ...slack, renewal_date: '2026-06-20' });
    at('2026-06-15');
    expect((await alice.call('reviews.list', {})).reviews.map((r) => [r.name, r.last_day])).toEqual([
      ['Salesforce', '2026-06-19'],
      ['Slack', '2026-06-19'],
    ]);
    at('2026-07-15');
    expect((await core.database.db.selectFrom('expenses').select('renewal_date').where('name', '=', 'Slack').executeTakeFirstOrThrow()).renewal_date).toBe('2026-06-20');
    expect((await alice.call('reviews.list', {})).reviews.map((r) => [r.name, r.renewal_date, r.last_day])).toEqual([['Slack', '2026-07-20', '2026-07-19']]);
  });

  it('reviews from the amount an admin sets for the workspace (a 50.00 plan from 50; back to 100 with null), refusing one that is not money', async () => {
    const alice = await start('2026-06-15T09:00:00Z');
    await alice.call('expenses.create', github);
    expect((await alice.call('reviews.list', {})).reviews).toEqual([]);
    expect(await alice.call('reviews.setThreshold', { threshold: '50.00' })).toEqual({ threshold: 50, base_currency: 'USD' });
    expect((await alice.call('reviews.list', {})).reviews.map((r) => [r.name, r.yearly_cost])).toEqual([['GitHub', 600]]);
    expect((await alice.call('reviews.summary', {})).threshold).toBe(50);
    expect((await refusalOf(alice, 'reviews.setThreshold', { threshold: '5.001' })).fields).toEqual({ threshold: 'USD allows at most 2 decimal places' });
    expect((await refusalOf(alice, 'reviews.setThreshold', { threshold: -1 })).fields).toEqual({ threshold: 'Review amount cannot be negative' });
    expect((await alice.call('reviews.summary', {})).threshold).toBe(50);
    expect((await alice.call('reviews.setThreshold', { threshold: null })).threshold).toBe(100);
    expect((await alice.call('reviews.list', {})).reviews).toEqual([]);
  });

  it('opens at the reminders’ time of day in the member’s zone, on the right side of a daylight saving change', async () => {
    const alice = await start('2026-03-29T06:59:00Z');
    await alice.call('settings.update', { time_zone: 'Europe/Berlin' });
    // Renews Apr 6 (no notice): last day Apr 5, opens Mar 29 at 09:00 Berlin, which is 07:00Z on that first day of summer time.
    await alice.call('expenses.create', { ...zoom, renewal_date: '2026-04-06' });
    expect((await alice.call('reviews.list', {})).reviews).toEqual([]);
    at('2026-03-29', '07:00:00');
    const [review] = (await alice.call('reviews.list', {})).reviews;
    expect([review!.opens_at, review!.last_day]).toEqual(['2026-03-29T07:00:00.000Z', '2026-04-05']);
    // Past midnight Berlin on Apr 6 (22:00Z on Apr 5) the last day is over: no longer listed, before UTC's own Apr 6.
    at('2026-04-05', '22:00:00');
    expect((await alice.call('reviews.list', {})).reviews).toEqual([]);
  });
});

describe('decisions and their savings', () => {
  it('cancel mid-year: Slack stops renewing, its reminders stop, it ends on its renewal date and saved 12 × 150.00 = 1,800.00', async () => {
    const alice = await start('2026-06-15T09:00:00Z');
    const { expense } = await alice.call('expenses.create', slack);
    expect((await pendingReminders(expense.id)).length).toBeGreaterThan(0);
    const { entry } = await alice.call('reviews.decide', { id: expense.id, renewal_date: '2026-06-20', action: 'cancel', note: 'Moved to Teams' });
    expect(entry).toMatchObject({ action: 'cancel', user_name: 'alice', note: 'Moved to Teams', amount_before: 150, amount_after: 0, saving: 1800, saving_base: 1800, effective_on: '2026-06-20', applied: false, current: true });
    expect(await pendingReminders(expense.id)).toEqual([]);
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ status: 'active', auto_renew: false });
    expect((await alice.call('reviews.list', {})).reviews).toEqual([]);
    // Still paid through Jun 19; on the renewal date it is cancelled.
    at('2026-06-19');
    await sweep();
    expect((await alice.call('expenses.get', { id: expense.id })).expense.status).toBe('active');
    at('2026-06-20');
    await sweep();
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ status: 'cancelled', renewal_date: '2026-06-20' });
    const summary = await alice.call('reviews.summary', {});
    expect([summary.saved_this_year, summary.decisions.map((d) => [d.name, d.action, d.saving, d.applied])]).toEqual([1800, [['Slack', 'cancel', 1800, true]]]);
    // The dashboard's own "saved by cancelling" counts it too now.
    expect((await alice.call('dashboard.stats', {})).savings).toMatchObject({ monthly: 150, count: 1 });
  });

  it('downgrade from the next cycle: Notion stays at 20 seats until Jul 1, then 15 × 10.00; saved 12 × 50.00 = 600.00', async () => {
    const alice = await start('2026-06-26T09:00:00Z');
    const { expense } = await alice.call('expenses.create', notion);
    const { entry } = await alice.call('reviews.decide', { id: expense.id, renewal_date: '2026-07-01', action: 'downgrade', seats: 15, note: '5 people left' });
    expect(entry).toMatchObject({ action: 'downgrade', amount_before: 200, amount_after: 150, seats_before: 20, seats_after: 15, saving: 600, effective_on: '2026-07-01' });
    at('2026-06-30');
    await sweep();
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ amount: 200, seats: 20 });
    at('2026-07-01');
    await sweep();
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ amount: 150, seats: 15, seat_price: 10, status: 'active' });
    at('2026-07-02');
    await sweep();
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ amount: 150, renewal_date: '2026-08-01' });
    expect((await alice.call('reviews.summary', {})).saved_this_year).toBe(600);
  });

  it('an annual plan cancelled 3 days before its last day to cancel saves its one renewal, 600.00, and the log says who, when, why', async () => {
    const alice = await start('2026-08-28T15:30:00Z');
    const { expense } = await alice.call('expenses.create', adobe);
    // Renews Sep 30 with 30 days notice: last day Aug 31.
    const [review] = (await alice.call('reviews.list', {})).reviews;
    expect([review!.last_day, review!.days_left, review!.url]).toEqual(['2026-08-31', 3, null]);
    await alice.call('reviews.decide', { id: expense.id, renewal_date: '2026-09-30', action: 'cancel', note: 'Nobody opens it' });
    const { entries } = await alice.call('reviews.log', {});
    expect(entries.map((e) => [e.action, e.user_name, e.created_at, e.note, e.amount_before, e.amount_after, e.saving])).toEqual([['cancel', 'alice', '2026-08-28T15:30:00.000Z', 'Nobody opens it', 600, 0, 600]]);
    at('2026-09-30');
    await sweep();
    expect(await core.database.db.selectFrom('expenses').select(['status', 'auto_renew']).where('id', '=', expense.id).executeTakeFirst()).toEqual({ status: 'cancelled', auto_renew: 0 });
  });

  it('keep with a note closes the review and saves nothing; negotiate keeps it open with its note and follow-up date', async () => {
    const alice = await start('2026-06-15T09:00:00Z');
    const { expense: s } = await alice.call('expenses.create', slack);
    const { expense: a } = await alice.call('expenses.create', { ...adobe, renewal_date: '2026-07-20' });
    await alice.call('reviews.decide', { id: s.id, renewal_date: '2026-06-20', action: 'keep', note: 'still used by 12 people' });
    await alice.call('reviews.decide', { id: a.id, renewal_date: '2026-07-20', action: 'negotiate', note: 'Asked for 20 % off', follow_up_on: '2026-06-18' });
    const { reviews } = await alice.call('reviews.list', {});
    expect(reviews.map((r) => [r.name, r.state, r.note, r.follow_up_on])).toEqual([['Adobe', 'negotiating', 'Asked for 20 % off', '2026-06-18']]);
    // The negotiation ends in a lower price: a downgrade of the same review.
    await alice.call('reviews.decide', { id: a.id, renewal_date: '2026-07-20', action: 'downgrade', amount: '480.00' });
    const summary = await alice.call('reviews.summary', {});
    expect([summary.due_count, summary.saved_this_year, summary.decisions.map((d) => d.name)]).toEqual([0, 120, ['Adobe']]);
    expect((await decisionRows()).map((r) => [r.action, r.saving_minor])).toEqual([['keep', 0], ['negotiate', 0], ['downgrade', 12_000]]);
  });

  it('reopen withdraws a cancellation: auto-renew and reminders come back, the saving no longer counts, and it can be decided again', async () => {
    const alice = await start('2026-06-15T09:00:00Z');
    const { expense } = await alice.call('expenses.create', slack);
    await alice.call('reviews.decide', { id: expense.id, renewal_date: '2026-06-20', action: 'cancel' });
    await alice.call('reviews.reopen', { id: expense.id, renewal_date: '2026-06-20' });
    expect((await alice.call('expenses.get', { id: expense.id })).expense.auto_renew).toBe(true);
    expect((await pendingReminders(expense.id)).length).toBeGreaterThan(0);
    expect((await alice.call('reviews.list', {})).reviews.map((r) => r.name)).toEqual(['Slack']);
    const summary = await alice.call('reviews.summary', {});
    expect([summary.saved_this_year, summary.decisions]).toEqual([0, []]);
    expect((await alice.call('reviews.log', {})).entries.map((e) => [e.action, e.current])).toEqual([['reopen', true], ['cancel', false]]);
    // Withdrawn: the sweep on the renewal date leaves it running and rolls it on.
    at('2026-06-21');
    await sweep();
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ status: 'active', renewal_date: '2026-07-20' });
  });

  it('logs a renewal nobody decided by its last day as "renewed without review", once', async () => {
    const alice = await start('2026-06-27T09:00:00Z');
    const { expense } = await alice.call('expenses.create', zoom);
    await alice.call('expenses.create', github);
    at('2026-07-06');
    await sweep();
    await sweep();
    const { entries } = await alice.call('reviews.log', {});
    expect(entries.map((e) => [e.name, e.action, e.user_id, e.renewal_date, e.last_day, e.amount_before])).toEqual([['Zoom', 'renewed_without_review', null, '2026-07-05', '2026-07-04', 80]]);
    expect((await alice.call('expenses.get', { id: expense.id })).expense.renewal_date).toBe('2027-07-05');
  });
});

describe('a subscription moved into a company workspace', () => {
  it('takes its decided cancellation and its log along: the company sees it, and the sweep still ends the plan on its renewal date', async () => {
    const alice = await start('2026-06-15T09:00:00Z');
    const { expense } = await alice.call('expenses.create', slack);
    await alice.call('reviews.decide', { id: expense.id, renewal_date: '2026-06-20', action: 'cancel', note: 'Moved to Teams' });
    const { workspace } = await alice.call('workspaces.create', { name: 'Acme' });
    const { preview } = await alice.call('workspaces.previewMove', { id: workspace.id });
    await alice.call('workspaces.move', { id: workspace.id, version: preview.version });
    expect((await alice.call('reviews.log', {})).entries.map((e) => [e.name, e.action, e.note])).toEqual([['Slack', 'cancel', 'Moved to Teams']]);
    expect((await alice.call('reviews.summary', {})).saved_this_year).toBe(1800);
    at('2026-06-20');
    await sweep();
    expect(await core.database.db.selectFrom('expenses').select(['status', 'workspace_id']).where('id', '=', expense.id).executeTakeFirst()).toEqual({ status: 'cancelled', workspace_id: workspace.id });
  });
});

describe('refusals change nothing', () => {
  it('refuses a downgrade that does not cost less, fields an action does not take, and a follow-up after the last day, in words', async () => {
    const alice = await start('2026-06-15T09:00:00Z');
    const { expense } = await alice.call('expenses.create', slack);
    const key = { id: expense.id, renewal_date: '2026-06-20' };
    expect((await refusalOf(alice, 'reviews.decide', { ...key, action: 'downgrade', amount: 150 })).fields).toEqual({ amount: "A downgrade must cost less than today's USD 150.00 per renewal (it would be USD 150.00)" });
    expect((await refusalOf(alice, 'reviews.decide', { ...key, action: 'downgrade' })).fields).toEqual({ amount: 'A downgrade needs a new amount or a new number of seats' });
    expect((await refusalOf(alice, 'reviews.decide', { ...key, action: 'downgrade', seats: 3 })).fields).toEqual({ seats: '"Slack" is not priced per seat: give its new amount instead' });
    expect((await refusalOf(alice, 'reviews.decide', { ...key, action: 'downgrade', amount: '12.345' })).fields).toEqual({ amount: 'USD allows at most 2 decimal places' });
    expect((await refusalOf(alice, 'reviews.decide', { ...key, action: 'keep', amount: 100 })).fields).toEqual({ amount: 'Only a downgrade takes a new amount' });
    expect((await refusalOf(alice, 'reviews.decide', { ...key, action: 'negotiate', note: 'x' })).fields).toEqual({ follow_up_on: 'Follow-up date is required (YYYY-MM-DD)' });
    expect((await refusalOf(alice, 'reviews.decide', { ...key, action: 'negotiate', note: 'x', follow_up_on: '2026-06-20' })).fields).toEqual({ follow_up_on: 'Follow-up date must be between today (2026-06-15) and the last day to cancel (2026-06-19)' });
    expect((await refusalOf(alice, 'reviews.decide', { ...key, action: 'pause' })).fields).toEqual({ action: 'Action must be keep, downgrade, cancel or negotiate' });
    expect(await decisionRows()).toEqual([]);
  });

  it('refuses another renewal than the one under review, one not open yet, and a second decision (409), leaving the first', async () => {
    const alice = await start('2026-06-15T09:00:00Z');
    const { expense } = await alice.call('expenses.create', slack);
    const { expense: later } = await alice.call('expenses.create', zoom);
    expect(await refusalOf(alice, 'reviews.decide', { id: expense.id, renewal_date: '2026-07-20', action: 'keep' })).toMatchObject({ code: 'conflict', message: '"Slack" renews on 2026-06-20 now, not on 2026-07-20: reload the review' });
    expect(await refusalOf(alice, 'reviews.decide', { id: later.id, renewal_date: '2026-07-05', action: 'keep' })).toMatchObject({ code: 'conflict', message: 'The review of "Zoom" opens on 2026-06-27' });
    await alice.call('reviews.decide', { id: expense.id, renewal_date: '2026-06-20', action: 'keep' });
    expect(await refusalOf(alice, 'reviews.decide', { id: expense.id, renewal_date: '2026-06-20', action: 'cancel' })).toMatchObject({ code: 'conflict' });
    expect(await refusalOf(alice, 'reviews.decide', { id: 999, renewal_date: '2026-06-20', action: 'keep' })).toMatchObject({ code: 'not_found' });
    expect((await decisionRows()).map((r) => r.action)).toEqual(['keep']);
    expect((await alice.call('expenses.get', { id: expense.id })).expense.auto_renew).toBe(true);
  });

  it('lets a viewer read but not decide, a member decide only what they own, and an admin decide anything', async () => {
    const alice = await start('2026-06-15T09:00:00Z');
    await alice.call('workspaces.create', { name: 'Acme' });
    const { expense: alices } = await alice.call('expenses.create', slack);
    const viewer = await signedInCaller(core, 'vera');
    const member = await signedInCaller(core, 'moe');
    const admin = await signedInCaller(core, 'ada');
    await joinByInvitation(alice, viewer, 'viewer');
    await joinByInvitation(alice, member, 'member');
    await joinByInvitation(alice, admin, 'admin');
    const { expense: mos } = await member.call('expenses.create', { ...zoom, renewal_date: '2026-06-22' });
    expect((await viewer.call('reviews.list', {})).reviews.map((r) => [r.name, r.can_decide])).toEqual([['Slack', false], ['Zoom', false]]);
    expect((await member.call('reviews.list', {})).reviews.map((r) => [r.name, r.can_decide])).toEqual([['Slack', false], ['Zoom', true]]);
    expect(await refusalOf(viewer, 'reviews.decide', { id: alices.id, renewal_date: '2026-06-20', action: 'keep' })).toMatchObject({ code: 'forbidden' });
    expect(await refusalOf(member, 'reviews.decide', { id: alices.id, renewal_date: '2026-06-20', action: 'cancel' })).toMatchObject({ code: 'forbidden' });
    await member.call('reviews.decide', { id: mos.id, renewal_date: '2026-06-22', action: 'keep' });
    await admin.call('reviews.decide', { id: alices.id, renewal_date: '2026-06-20', action: 'cancel' });
    expect(await refusalOf(viewer, 'reviews.reopen', { id: alices.id, renewal_date: '2026-06-20' })).toMatchObject({ code: 'forbidden' });
    expect(await refusalOf(member, 'reviews.setThreshold', { threshold: 10 })).toMatchObject({ code: 'forbidden' });
    expect((await admin.call('reviews.setThreshold', { threshold: 250 })).threshold).toBe(250);
    expect((await alice.call('reviews.log', {})).entries.map((e) => [e.name, e.action, e.user_name])).toEqual([['Slack', 'cancel', 'ada'], ['Zoom', 'keep', 'moe']]);
  });
});

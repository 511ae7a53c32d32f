import { afterEach, describe, expect, it } from 'vitest';
import { testClock } from '../../support/clock';
import { signedInCaller, startTestCore, type TestCore } from '../../support/core';
import { addSubscription, addSubscriptions, advanceTo, editSubscription, reminderRows, runDue, setAccountSettings } from './support';

const open: TestCore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((core) => core.close()));
});

async function start(now = '2026-03-10T09:00:00Z', zone = 'UTC', safetySweepMs?: number) {
  const core = await startTestCore({ clock: testClock(now, zone), reminders: safetySweepMs ? { safetySweepMs } : true });
  open.push(core);
  const user = await signedInCaller(core);
  return { core, userId: user.userId! };
}

const brief = (rows: { kind: string; target_date: string; lead_days: number; due_at: string; state: string }[]) =>
  rows.map((r) => `${r.kind} ${r.target_date} -${r.lead_days}d @${r.due_at} ${r.state}`);

describe('reminder planning', () => {
  it('plans one pending reminder per lead day at the account reminder time (default 7 days, 09:00)', async () => {
    const { core, userId } = await start();
    await addSubscription(core, userId, { renewal_date: '2026-04-01' });
    await addSubscription(core, userId, { name: 'Slack', renewal_date: '2026-04-20', reminder_days: [7, 1] });
    expect(brief(await reminderRows(core, { userId }))).toEqual([
      'renewal 2026-04-01 -7d @2026-03-25T09:00:00.000Z pending',
      'renewal 2026-04-20 -7d @2026-04-13T09:00:00.000Z pending',
      'renewal 2026-04-20 -1d @2026-04-19T09:00:00.000Z pending',
    ]);
  });

  it('plans "last day to cancel" reminders from the notice period and trial-end reminders for trials', async () => {
    const { core, userId } = await start();
    await addSubscription(core, userId, { renewal_date: '2026-05-01', notice_period_days: 14, reminder_days: [3] });
    await addSubscription(core, userId, { renewal_date: '2026-04-15', status: 'trial', trial_ends_on: '2026-04-14', reminder_days: [2] });
    expect(brief(await reminderRows(core, { userId }))).toEqual([
      'trial 2026-04-14 -2d @2026-04-12T09:00:00.000Z pending',
      'renewal 2026-04-15 -2d @2026-04-13T09:00:00.000Z pending',
      'notice 2026-04-17 -3d @2026-04-14T09:00:00.000Z pending',
      'renewal 2026-05-01 -3d @2026-04-28T09:00:00.000Z pending',
    ]);
  });

  it('a subscription added 3 days before renewal gets one reminder due at once, not one per missed lead day', async () => {
    const { core, userId } = await start('2026-03-10T12:00:00Z');
    await addSubscription(core, userId, { renewal_date: '2026-03-13', reminder_days: [14, 7, 5, 1] });
    expect(brief(await reminderRows(core, { userId }))).toEqual([
      'renewal 2026-03-13 -5d @2026-03-08T09:00:00.000Z pending',
      'renewal 2026-03-13 -1d @2026-03-12T09:00:00.000Z pending',
    ]);
    await core.reminders!.scheduler.idle();
    expect(core.jobs.armedAt()?.toISOString()).toBe('2026-03-10T12:00:00.000Z');
  });

  it('editing a subscription replans only its own pending rows; sent history stays', async () => {
    const { core, userId } = await start();
    const figma = await addSubscription(core, userId, { renewal_date: '2026-03-20', reminder_days: [7, 1] });
    const slack = await addSubscription(core, userId, { name: 'Slack', renewal_date: '2026-03-25' });
    core.clock.set('2026-03-13T09:00:00Z');
    await runDue(core); // the 7-day Figma reminder goes out
    const slackBefore = await reminderRows(core, { expenseId: slack });

    await editSubscription(core, userId, figma, { renewal_date: '2026-04-20' });
    expect(brief(await reminderRows(core, { expenseId: figma }))).toEqual([
      'renewal 2026-03-20 -7d @2026-03-13T09:00:00.000Z sent',
      'renewal 2026-04-20 -7d @2026-04-13T09:00:00.000Z pending',
      'renewal 2026-04-20 -1d @2026-04-19T09:00:00.000Z pending',
    ]);
    expect(await reminderRows(core, { expenseId: slack })).toEqual(slackBefore);
  });

  it('paused, cancelled and deleted subscriptions lose their pending reminders; restoring plans them again', async () => {
    const { core, userId } = await start();
    const [a, b, c] = await addSubscriptions(core, userId, [
      { name: 'A', renewal_date: '2026-04-01' },
      { name: 'B', renewal_date: '2026-04-02' },
      { name: 'C', renewal_date: '2026-04-03' },
    ]);
    await editSubscription(core, userId, a!, { status: 'paused' });
    await editSubscription(core, userId, b!, { status: 'cancelled' });
    await editSubscription(core, userId, c!, { deleted: true });
    expect(await reminderRows(core, { userId })).toEqual([]);
    await editSubscription(core, userId, c!, { deleted: false });
    expect(brief(await reminderRows(core, { userId }))).toEqual(['renewal 2026-04-03 -7d @2026-03-27T09:00:00.000Z pending']);
  });

  it('a new time of day or zone moves untouched reminders; changing the defaults adds and drops lead days', async () => {
    const { core, userId } = await start();
    await addSubscription(core, userId, { renewal_date: '2026-04-01' });
    await addSubscription(core, userId, { name: 'Own days', renewal_date: '2026-04-02', reminder_days: [2] });
    await setAccountSettings(core, userId, { time_zone: 'America/New_York', reminder_time: '08:30', reminder_days_default: [3] });
    expect(brief(await reminderRows(core, { userId }))).toEqual([
      // New York is UTC-4 in late March (DST since Mar 8).
      'renewal 2026-04-01 -3d @2026-03-29T12:30:00.000Z pending',
      'renewal 2026-04-02 -2d @2026-03-31T12:30:00.000Z pending',
    ]);
  });

  it('a pending reminder whose date passed before it could go out becomes missed when its subscription is replanned', async () => {
    const { core, userId } = await start();
    const id = await addSubscription(core, userId, { renewal_date: '2026-03-20' });
    // Time passes with the app closed; then the renewal rolls forward to the next cycle.
    core.clock.set('2026-03-22T10:00:00Z');
    await editSubscription(core, userId, id, { renewal_date: '2026-04-20' });
    const rows = await reminderRows(core, { expenseId: id });
    expect(brief(rows)).toEqual([
      'renewal 2026-03-20 -7d @2026-03-13T09:00:00.000Z missed',
      'renewal 2026-04-20 -7d @2026-04-13T09:00:00.000Z pending',
    ]);
    expect(rows[0]!.last_error).toBe('Its date passed before it could go out (Spend Manager was closed or reminders were paused)');
  });

  it('plans a subscription renewing on 0001-01-01 (trial ending then too) without throwing: nothing in the past, the next last day to cancel ahead', async () => {
    const { core, userId } = await start();
    const id = await addSubscription(core, userId, {
      renewal_date: '0001-01-01',
      status: 'trial',
      trial_ends_on: '0001-01-01',
      notice_period_days: 30,
      reminder_days: [365, 7],
    });
    // Monthly on the 1st: the April 1 charge can no longer be stopped (its last day was Mar 2); May 1's can, until Apr 1.
    // The year-ahead lead day is already due, so it goes out at once, as for any subscription added late;
    // the deadline a year later (2027-04-01) gets its year-ahead reminder before this cycle rolls forward.
    expect(brief(await reminderRows(core, { expenseId: id }))).toEqual([
      'notice 2026-04-01 -365d @2025-04-01T09:00:00.000Z pending',
      'notice 2026-04-01 -7d @2026-03-25T09:00:00.000Z pending',
      'notice 2027-04-01 -365d @2026-04-01T09:00:00.000Z pending',
    ]);
  });

  it('plans the next cycle\'s last day to cancel when the notice period is longer than the time left (monthly, 60 days, renewal in 19 days)', async () => {
    // Twenty days pass: the safety sweep runs daily here (hourly in the app), ~20 sweeps instead of ~480.
    const { core, userId } = await start('2026-03-10T09:00:00Z', 'UTC', 86_400_000);
    const id = await addSubscription(core, userId, { renewal_date: '2026-03-29', notice_period_days: 60, reminder_days: [7] });
    const planned = [
      'renewal 2026-03-29 -7d @2026-03-22T09:00:00.000Z pending',
      // Apr 29's last day (Feb 28) has passed too; May 29's is Mar 30.
      'notice 2026-03-30 -7d @2026-03-23T09:00:00.000Z pending',
    ];
    expect(brief(await reminderRows(core, { expenseId: id }))).toEqual(planned);
    // The renewal rolls forward the day after it: the deadline a cycle later is planned in time for its lead days.
    await advanceTo(core, '2026-03-30T09:00:00Z');
    expect(brief(await reminderRows(core, { expenseId: id }))).toEqual([
      'renewal 2026-03-29 -7d @2026-03-22T09:00:00.000Z sent',
      'notice 2026-03-30 -7d @2026-03-23T09:00:00.000Z sent',
      'renewal 2026-04-29 -7d @2026-04-22T09:00:00.000Z pending',
      'notice 2026-04-30 -7d @2026-04-23T09:00:00.000Z pending',
    ]);
  });

  it('plans a subscription renewing on 9999-12-31 without throwing or writing a five-digit year', async () => {
    const { core, userId } = await start();
    core.clock.set('9999-12-20T10:00:00Z');
    const id = await addSubscription(core, userId, { renewal_date: '9999-12-31', notice_period_days: 60, reminder_days: [7, 0] });
    await setAccountSettings(core, userId, { reminder_time: '23:30', time_zone: 'Etc/GMT+12' });
    // 23:30 at UTC-12 on Dec 31 is already year 10000 in UTC: that reminder cannot happen and is not planned.
    expect(brief(await reminderRows(core, { expenseId: id }))).toEqual(['renewal 9999-12-31 -7d @9999-12-25T11:30:00.000Z pending']);
    await editSubscription(core, userId, id, { cycle_unit: 'year', cycle_every: 1000 });
    expect((await reminderRows(core, { expenseId: id })).every((r) => /^\d{4}-/.test(r.due_at))).toBe(true);
  });

  it("never touches another account's reminders", async () => {
    const { core, userId } = await start();
    const other = (await signedInCaller(core)).userId!;
    await addSubscription(core, other, { renewal_date: '2026-04-01' });
    const before = await reminderRows(core, { userId: other });
    await setAccountSettings(core, userId, { reminder_time: '18:00' });
    expect(await reminderRows(core, { userId: other })).toEqual(before);
  });
});

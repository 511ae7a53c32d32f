import schedule from 'node-schedule';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeScheduleJob } from '../../../main/reminders/scheduler';
import { testClock } from '../../support/clock';
import { signedInCaller, startTestCore, type TestCore } from '../../support/core';
import { addSubscription, addSubscriptions, advanceTo, recordingNotifier, reminderRows, runDue, setAccountSettings } from './support';

const open: TestCore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((core) => core.close()));
});

async function start(now: string, zone = 'UTC', extra: Parameters<typeof startTestCore>[0] = {}) {
  const notifier = recordingNotifier();
  const core = await startTestCore({ clock: testClock(now, zone), notifier, reminders: true, ...extra });
  open.push(core);
  const userId = (await signedInCaller(core)).userId!;
  return { core, userId, notifier };
}

const armed = async (core: TestCore) => {
  await core.reminders!.scheduler.idle();
  return core.jobs.armedAt()?.toISOString();
};

describe('reminder scheduler', () => {
  it('arms one job at the earliest pending reminder, or at the hourly safety sweep when that is sooner', async () => {
    const { core, userId } = await start('2026-03-10T09:00:00Z');
    expect(await armed(core)).toBe('2026-03-10T10:00:00.000Z'); // nothing planned: the safety sweep
    await addSubscription(core, userId, { renewal_date: '2026-03-17', reminder_days: [0] });
    await advanceTo(core, '2026-03-17T08:30:00Z');
    expect(await armed(core)).toBe('2026-03-17T09:00:00.000Z');
    expect(core.jobs.live()).toBe(1);
  });

  it('month-end renewals roll forward by themselves: Jan 31 reminds on Jan 24, then Feb 28 on Feb 21, then Mar 31 on Mar 24', async () => {
    // Ten weeks pass: the safety sweep (hourly in the app, as the first test shows) runs daily here, the
    // same job ~70 times instead of ~1,700 (each a dozen queries, round trips on PostgreSQL).
    const { core, userId, notifier } = await start('2026-01-20T09:00:00Z', 'UTC', { reminders: { safetySweepMs: 86_400_000 } });
    const id = await addSubscription(core, userId, { name: 'Figma', renewal_date: '2026-01-31' });
    // Nobody opens the app: the safety sweep rolls each passed renewal to the next cycle and plans its reminder.
    await advanceTo(core, '2026-04-02T09:00:00Z');
    const rows = await reminderRows(core, { expenseId: id });
    expect(rows.map((r) => [r.target_date, r.state, r.sent_at])).toEqual([
      ['2026-01-31', 'sent', '2026-01-24T09:00:00.000Z'],
      ['2026-02-28', 'sent', '2026-02-21T09:00:00.000Z'],
      ['2026-03-31', 'sent', '2026-03-24T09:00:00.000Z'],
      ['2026-04-30', 'pending', null],
    ]);
    expect(notifier.shown.map((n) => n.title)).toEqual([
      'Figma renews in 7 days — $45.00',
      'Figma renews in 7 days — $45.00',
      'Figma renews in 7 days — $45.00',
    ]);
    const expense = await core.ports.db.selectFrom('expenses').select(['renewal_date', 'reminder_sent']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(expense).toEqual({ renewal_date: '2026-04-30', reminder_sent: 0 });
  });

  it('DST in Europe/Berlin: 09:00 local is 08:00Z before the change and 07:00Z after; 02:30 on the change day becomes 03:00 local', async () => {
    const { core, userId, notifier } = await start('2026-03-20T00:00:00Z', 'Europe/Berlin');
    await setAccountSettings(core, userId, { time_zone: 'Europe/Berlin' });
    const id = await addSubscription(core, userId, { renewal_date: '2026-03-30', reminder_days: [3, 2, 1] });
    expect((await reminderRows(core, { expenseId: id })).map((r) => r.due_at)).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z', // Sunday Mar 29: clocks go 02:00 → 03:00
    ]);
    await advanceTo(core, '2026-03-29T06:59:00Z');
    expect(notifier.shown).toHaveLength(2);
    await advanceTo(core, '2026-03-29T07:00:00Z');
    expect(notifier.shown.map((n) => n.title)).toEqual([
      'Figma renews in 3 days — $45.00',
      'Figma renews in 2 days — $45.00',
      'Figma renews tomorrow — $45.00',
    ]);

    await setAccountSettings(core, userId, { reminder_time: '02:30' });
    const late = await addSubscription(core, userId, { name: 'Late', renewal_date: '2027-03-29', reminder_days: [1] });
    expect((await reminderRows(core, { expenseId: late }))[0]!.due_at).toBe('2027-03-28T01:00:00.000Z');
  });

  it('a clock jump forward: the safety sweep catches up within the hour; a jump back sends nothing early', async () => {
    const { core, userId, notifier } = await start('2026-03-10T09:00:00Z');
    await addSubscription(core, userId, { renewal_date: '2026-03-20', reminder_days: [7, 1] });
    expect(await armed(core)).toBe('2026-03-10T10:00:00.000Z');

    // The wall clock leaps 5 days (NTP, a manual change); the monotonic timer still fires at its hour.
    core.clock.set('2026-03-15T10:00:00Z');
    await runDue(core);
    expect(notifier.shown.map((n) => n.title)).toEqual(['Figma renews in 5 days — $45.00']);
    expect(await armed(core)).toBe('2026-03-15T11:00:00.000Z');

    // Back to the 13th: the armed job fires "early" by the wall clock and must not send the 1-day reminder.
    core.reminders!.scheduler.runNow();
    core.clock.set('2026-03-13T10:00:00Z');
    await runDue(core);
    expect(notifier.shown).toHaveLength(1);
    expect(await armed(core)).toBe('2026-03-13T11:00:00.000Z');
  });

  it('resume after sleep: rearm() sends what fell due while the machine slept', async () => {
    const { core, userId, notifier } = await start('2026-03-10T08:00:00Z');
    await addSubscription(core, userId, { renewal_date: '2026-03-17' });
    expect(await armed(core)).toBe('2026-03-10T09:00:00.000Z');
    core.clock.set('2026-03-12T07:30:00Z'); // woke up two days later
    core.reminders!.rearm();
    expect(await armed(core)).toBe('2026-03-12T07:30:00.000Z');
    await runDue(core);
    expect(notifier.shown.map((n) => n.title)).toEqual(['Figma renews in 5 days — $45.00']);
  });

  it('10,000 subscriptions are armed with ONE node-schedule job at the earliest reminder', async () => {
    const base = Date.now() + 3 * 86_400_000;
    const day = (offset: number) => new Date(base + offset * 86_400_000).toISOString().slice(0, 10);
    const earliest = new Date(`${day(3)}T09:00:00Z`); // day(10) minus 7 days, at 09:00
    const { core, userId } = await start(new Date(earliest.getTime() - 30 * 60_000).toISOString(), 'UTC', { reminders: { scheduleJob: nodeScheduleJob } });
    await addSubscriptions(
      core,
      userId,
      Array.from({ length: 10_000 }, (_, i) => ({ name: `Tool ${i}`, renewal_date: day(10 + (i % 300)) })),
    );
    await core.reminders!.scheduler.idle();
    const count = await core.ports.db.selectFrom('reminders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(count).toEqual({ n: 10_000 });
    expect(Object.keys(schedule.scheduledJobs)).toEqual(['spend-manager-reminders']);
    expect(schedule.scheduledJobs['spend-manager-reminders']!.nextInvocation()!.getTime()).toBe(earliest.getTime());
    await core.close();
    open.splice(open.indexOf(core), 1);
    expect(Object.keys(schedule.scheduledJobs)).toEqual([]);
  });
});

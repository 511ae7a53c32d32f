import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileOut } from '../../../common/contract/files';
import { type BillingCycle, rollForward } from '../../../common/domain/billing-cycles';
import { addDays, type IsoDate } from '../../../common/domain/calendar-date';
import { testClock } from '../../support/clock';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { readCalendar, type ReadEvent } from '../../support/ical-read';

// The workspace's calendar file, read back by ical.js (an independent parser) and expanded as a calendar app
// would: every renewal where the app itself puts it, alarms at the lead days, trials and deadlines as their own
// events, and nothing of a paused, cancelled or deleted subscription.

let core: TestCore;
let ana: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2027-01-05T09:00:00Z', 'UTC') });
  ana = await signedInCaller(core, 'ana');
});
afterEach(async () => {
  await core.close();
});

const text = (file: FileOut) => (typeof file.data === 'string' ? file.data : new TextDecoder().decode(file.data));

async function calendar(caller: TestCaller = ana): Promise<{ file: FileOut; events: ReadEvent[] }> {
  const file = await caller.call('calendar.ics', {});
  return { file, events: readCalendar(text(file)) };
}

function eventOf(events: ReadEvent[], id: number, part?: string): ReadEvent {
  const uid = `expense-${id}${part ? `-${part}` : ''}@spend-manager`;
  const event = events.find((e) => e.uid === uid);
  if (!event) throw new Error(`no event ${uid} among ${events.map((e) => e.uid).join(', ')}`);
  return event;
}

/** The app's own next `count` renewals on or after `from` (billing-cycles' rollForward, one after the other). */
function appRenewals(renewal: IsoDate, cycle: BillingCycle, anchorDay: number, from: IsoDate, count: number): IsoDate[] {
  const out: IsoDate[] = [];
  for (let date = rollForward(renewal, cycle, anchorDay, from); date !== null && out.length < count; date = rollForward(renewal, cycle, anchorDay, addDays(date, 1))) out.push(date);
  return out;
}

async function add(name: string, fields: Record<string, unknown>): Promise<number> {
  return (await ana.call('expenses.create', { name, category: 'Software', amount: 10, ...fields } as never)).expense.id;
}

describe('the calendar file', () => {
  const cases: [label: string, renewal: IsoDate, cycle: BillingCycle][] = [
    ['month-end (the 31st through short months)', '2027-01-31', { unit: 'month', every: 1 }],
    ['the 30th (February on its last day)', '2027-01-30', { unit: 'month', every: 1 }],
    ['weekly', '2027-01-08', { unit: 'week', every: 1 }],
    ['yearly on 29 February', '2028-02-29', { unit: 'year', every: 1 }],
    ['every 3 months from the 31st', '2027-01-31', { unit: 'month', every: 3 }],
  ];

  it.each(cases)('%s: the event recurs on the app’s next 24 renewal dates', async (_label, renewal, cycle) => {
    const id = await add('Plan', { renewal_date: renewal, billing_cycle: cycle });
    const event = eventOf((await calendar()).events, id);
    expect(event.allDay).toBe(true);
    expect(event.dates(24)).toEqual(appRenewals(renewal, cycle, Number(renewal.slice(8)), '2027-01-05', 24));
  });

  it('says month-end as BYMONTHDAY=-1, 29 February as its month’s last day', async () => {
    const monthEnd = await add('Month end', { renewal_date: '2027-01-31', billing_cycle: 'monthly' });
    const leap = await add('Leap', { renewal_date: '2028-02-29', billing_cycle: 'yearly' });
    const { events } = await calendar();
    expect(eventOf(events, monthEnd).rrule).toBe('FREQ=MONTHLY;BYMONTHDAY=-1');
    expect(eventOf(events, leap).rrule).toBe('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1');
  });

  it('titles each renewal with the name and amount, and describes it with the notes and the cancel URL', async () => {
    const id = await add('Figma', { amount: 45, currency: 'EUR', renewal_date: '2027-01-31', description: 'Team plan, 3 editors', url: 'https://www.figma.com/settings' });
    const event = eventOf((await calendar()).events, id);
    expect(event.summary).toBe('Figma — €45.00');
    expect(event.description).toContain('Team plan, 3 editors');
    expect(event.description).toContain('Cancel or manage: https://www.figma.com/settings');
  });

  it('names the calendar after the workspace and serves it as text/calendar', async () => {
    await add('Figma', { renewal_date: '2027-01-31' });
    const { file } = await calendar();
    const workspace = (await ana.call('workspaces.list', {})).workspaces.find((w) => w.kind === 'personal')!;
    expect(file.type).toBe('text/calendar; charset=utf-8');
    expect(file.name).toMatch(/^spend-manager-.+\.ics$/);
    const root = new ICAL.Component(ICAL.parse(text(file)));
    expect(root.getFirstPropertyValue('x-wr-calname')).toBe(workspace.name);
  });

  it('rings at each lead day at the reminder time: the subscription’s own days, else the workspace’s', async () => {
    await ana.call('settings.update', { reminder_days_default: [3], reminder_time: '09:00' });
    const own = await add('Own days', { renewal_date: '2027-01-31', reminder_days: [7, 1, 0] });
    const defaults = await add('Default days', { renewal_date: '2027-01-31' });
    const none = await add('No reminders', { renewal_date: '2027-01-31', reminder_days: [] });
    const { events } = await calendar();
    // An all-day event starts at midnight: 7 days before at 09:00 is 6 days and 15 hours before it.
    expect(eventOf(events, own).alarms).toEqual([
      { trigger: '-P6DT15H', related: 'START' },
      { trigger: '-PT15H', related: 'START' },
      { trigger: 'PT9H', related: 'START' },
    ]);
    expect(eventOf(events, defaults).alarms).toEqual([{ trigger: '-P2DT15H', related: 'START' }]);
    expect(eventOf(events, none).alarms).toEqual([]);
  });

  it('shows a trial’s end and the last days to cancel as events of their own, with the same alarms', async () => {
    const id = await add('Miro', { renewal_date: '2027-02-01', status: 'trial', trial_ends_on: '2027-01-25', notice_period_days: 30, reminder_days: [2] });
    const { events } = await calendar();
    const trial = eventOf(events, id, 'trial');
    expect(trial.dates(5)).toEqual(['2027-01-25']);
    expect(trial.summary).toBe('Miro: trial ends');
    expect(trial.alarms).toEqual([{ trigger: '-P1DT15H', related: 'START' }]);
    // Each renewal minus the 30 days' notice, from the first still ahead (Feb 1's, Jan 2, has passed: Mar 1's, Jan 30).
    const cancel = eventOf(events, id, 'cancel');
    expect(cancel.summary).toBe('Last day to cancel Miro — $10.00');
    expect(cancel.dates(24)).toEqual(appRenewals('2027-03-01', { unit: 'month', every: 1 }, 1, '2027-01-05', 24).map((d) => addDays(d, -30)));
    expect(cancel.dates(1)).toEqual(['2027-01-30']);
    expect(cancel.alarms).toEqual([{ trigger: '-P1DT15H', related: 'START' }]);
  });

  it('puts the first deadline still ahead first when this cycle’s has passed', async () => {
    // Renews Jan 31 with 30 days' notice: Jan 1 has passed, so the first deadline is the one before Feb 28.
    const id = await add('Slack', { renewal_date: '2027-01-31', notice_period_days: 30 });
    const cancel = eventOf((await calendar()).events, id, 'cancel');
    expect(cancel.dates(3)).toEqual(['2027-01-29', '2027-03-01', '2027-03-31']);
  });

  it('shows a subscription that does not renew by itself once, on its last day', async () => {
    const id = await add('Conference', { renewal_date: '2027-03-15', auto_renew: false, notice_period_days: 10 });
    const { events } = await calendar();
    const event = eventOf(events, id);
    expect(event.rrule).toBeNull();
    expect(event.dates(24)).toEqual(['2027-03-15']);
    expect(event.summary).toBe('Conference — $10.00 (ends, does not renew)');
    // Nothing to cancel in time for: it ends anyway.
    expect(events.some((e) => e.uid === `expense-${id}-cancel@spend-manager`)).toBe(false);
  });

  it('leaves out paused, cancelled and deleted subscriptions', async () => {
    const kept = await add('Kept', { renewal_date: '2027-01-31' });
    await add('Paused', { renewal_date: '2027-01-31', status: 'paused' });
    await add('Cancelled', { renewal_date: '2027-01-31', status: 'cancelled' });
    const gone = await add('Deleted', { renewal_date: '2027-01-31' });
    await ana.call('expenses.delete', { id: gone });
    const { events } = await calendar();
    expect(events.map((e) => e.uid)).toEqual([`expense-${kept}@spend-manager`]);
  });

  it('starts a renewal that passed before the sweep ran at its current cycle, and an ended trial is no trial', async () => {
    const id = await add('Notion', { renewal_date: '2027-01-10', status: 'trial', trial_ends_on: '2027-01-08' });
    core.clock.set('2027-02-20T09:00:00Z');
    const { events } = await calendar();
    expect(eventOf(events, id).dates(2)).toEqual(['2027-03-10', '2027-04-10']);
    expect(events.some((e) => e.uid.endsWith('-trial@spend-manager'))).toBe(false);
  });

  it('keeps the same UIDs when read again after a change, so a subscribed calendar updates its events', async () => {
    const id = await add('Figma', { renewal_date: '2027-01-31', notice_period_days: 7 });
    const before = (await calendar()).events.map((e) => e.uid);
    await ana.call('expenses.update', { id, amount: 60 });
    const after = (await calendar()).events;
    expect(after.map((e) => e.uid)).toEqual(before);
    expect(eventOf(after, id).summary).toBe('Figma — $60.00');
  });
});

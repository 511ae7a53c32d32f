import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../../common/contract';
import { rollForwardDue } from '../../../main/services/renewals';
import { testClock } from '../../support/clock';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';

// Reads never write (ARCHITECTURE rule 9): between a renewal passing and the sweep storing its next
// date, every read computes the current cycle instead. So a read answers the same before the sweep
// as after it, whatever the page, sort or filter — while the database refuses every write.

let core: TestCore;
let alice: TestCaller;

beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-01T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
  await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.1' }] });
  const plans: InputOf<'expenses.create'>[] = [
    { name: 'Figma', category: 'Design', amount: 15, renewal_date: '2026-03-05' },
    { name: 'Notion', category: 'Productivity', amount: 8, currency: 'EUR', renewal_date: '2026-03-20' },
    { name: 'GitHub', category: 'Development', amount: 4, billing_cycle: 'weekly', renewal_date: '2026-03-03' },
    { name: 'Miro', category: 'Design', amount: 16, status: 'trial', trial_ends_on: '2026-03-10', renewal_date: '2026-03-11' },
    { name: 'Loom', category: 'Design', amount: 12, status: 'trial', trial_ends_on: '2026-03-08', auto_renew: false, renewal_date: '2026-04-08' },
    { name: 'Canva', category: 'Design', amount: 110, billing_cycle: 'yearly', renewal_date: '2026-03-02' },
    { name: 'Zoom', category: 'Productivity', amount: 14, status: 'paused', renewal_date: '2026-03-04' },
    { name: 'Slack', category: 'Productivity', amount: 7, auto_renew: false, renewal_date: '2026-03-06' },
    { name: 'Dropbox', category: 'Productivity', amount: 10, renewal_date: '2026-04-30' },
    { name: 'Linear', category: 'Development', amount: 9, billing_cycle: { unit: 'day', every: 10 }, renewal_date: '2026-03-07' },
    { name: 'Vercel', category: 'Development', amount: 20, currency: 'EUR', renewal_date: '2026-03-16' },
    { name: 'Sentry', category: 'Development', amount: 26, status: 'cancelled', renewal_date: '2026-03-09' },
  ];
  for (const plan of plans) await alice.call('expenses.create', plan);
  // Two weeks on, nobody swept: most renewals and both trials are behind in the database.
  core.clock.set('2026-03-15T09:00:00Z');
});
afterEach(async () => {
  core.database.sqlite!.pragma('query_only = OFF'); // SQLite only (vitest.config.ts)
  await core.close();
});

type Read = () => Promise<unknown>;

function reads(): Read[] {
  const list: Read[] = [];
  const page = (input: InputOf<'expenses.list'>): Read => () => alice.call('expenses.list', input);
  for (const sort of ['renewal_date', 'name', 'amount', 'monthly', 'created_at'] as const) {
    for (const order of ['asc', 'desc'] as const) {
      list.push(page({ sort, order }));
      for (const offset of [0, 1, 2, 3, 5, 8, 11]) list.push(page({ sort, order, limit: 3, offset }));
    }
  }
  for (const status of ['active', 'trial', 'paused', 'cancelled'] as const) {
    list.push(page({ status }), page({ status, limit: 1, offset: 1 }));
  }
  list.push(page({ category: 'Design', limit: 2, offset: 1 }), page({ q: 'o', sort: 'renewal_date', limit: 4, offset: 2 }));
  for (let id = 1; id <= 12; id += 1) list.push(() => alice.call('expenses.get', { id }));
  list.push(() => alice.call('dashboard.stats'), () => alice.call('dashboard.summary'), () => alice.call('categories.list'));
  return list;
}

/** The answers, without updated_at: the sweep stamps the rows it stores, which a read cannot know. */
async function answers(): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const read of reads()) out.push(JSON.parse(JSON.stringify(await read(), (key, value: unknown) => (key === 'updated_at' ? undefined : value))));
  return out;
}

describe('reads before the sweep', () => {
  it('answer every list page, sort, filter, subscription and dashboard figure exactly as after the sweep, without writing', async () => {
    core.database.sqlite!.pragma('query_only = ON');
    const before = await answers();
    core.database.sqlite!.pragma('query_only = OFF');

    expect(await rollForwardDue({ db: core.database.db, clock: core.clock, reminders: core.ports.reminders })).toBeGreaterThan(5);
    const after = await answers();
    expect(before).toEqual(after);
  });

  it('show a passed renewal on its next date and an ended trial as over, while the stored rows wait for the sweep', async () => {
    core.database.sqlite!.pragma('query_only = ON');
    const { expenses } = await alice.call('expenses.list', { sort: 'renewal_date', limit: 4 });
    expect(expenses.map((e) => [e.name, e.renewal_date, e.status])).toEqual([
      ['Zoom', '2026-03-04', 'paused'],
      ['Slack', '2026-03-06', 'active'],
      ['Sentry', '2026-03-09', 'cancelled'],
      ['Vercel', '2026-03-16', 'active'],
    ]);
    const miro = await alice.call('expenses.get', { id: 4 });
    expect(miro.expense).toMatchObject({ renewal_date: '2026-04-11', status: 'active', trial_ends_on: null });
    const stored = await core.database.db.selectFrom('expenses').select(['status', 'renewal_date']).where('name', '=', 'Miro').executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'trial', renewal_date: '2026-03-11' });
  });
});

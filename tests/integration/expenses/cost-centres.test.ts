import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../../common/contract';
import { NO_COST_CENTRE } from '../../../common/contract/expenses';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';
import { joinByInvitation } from '../../support/workspaces';

// The list filters by owner and by cost centre (exact, ignoring letter case, or "none"), combined with search,
// sort and paging; suggestions are the workspace's own cost centres. Another workspace's owners and centres
// never show, whatever is asked.

let core: TestCore;
let olga: TestCaller;
let bob: TestCaller;
let mallory: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  olga = await signedInCaller(core, 'olga');
  bob = await signedInCaller(core, 'bob');
  mallory = await signedInCaller(core, 'mallory');
  await olga.call('workspaces.create', { name: 'Acme' });
  await joinByInvitation(olga, bob, 'member');
  const plan = (name: string, cost_centre: string | null, amount = 10) => ({ name, amount, renewal_date: '2026-03-20', cost_centre });
  await olga.call('expenses.create', plan('Figma', 'Marketing'));
  await olga.call('expenses.create', plan('Slack', null));
  await bob.call('expenses.create', plan('Linear', 'marketing'));
  await bob.call('expenses.create', plan('GitHub', 'Engineering'));
  await bob.call('expenses.create', plan('Sentry', 'Über Team'));
  // Mallory's own workspace uses the same names.
  await mallory.call('expenses.create', plan('Hidden', 'Marketing'));
  await mallory.call('expenses.create', plan('Hidden none', null));
});
afterEach(async () => {
  await core.close();
});

const names = async (caller: TestCaller, input: InputOf<'expenses.list'>) => (await caller.call('expenses.list', { sort: 'name', ...input })).expenses.map((e) => e.name);

describe('owner filter', () => {
  it('lists only the subscriptions the member owns, with their id and display name', async () => {
    const { expenses } = await olga.call('expenses.list', { owner: bob.userId!, sort: 'name' });
    expect(expenses.map((e) => [e.name, e.user_id, e.owner_name])).toEqual([
      ['GitHub', bob.userId, 'bob'],
      ['Linear', bob.userId, 'bob'],
      ['Sentry', bob.userId, 'bob'],
    ]);
  });

  it('combines with search, cost centre, sort and paging, and counts the total of the filtered list', async () => {
    expect(await names(olga, { owner: bob.userId!, q: 'i' })).toEqual(['GitHub', 'Linear']);
    expect(await names(olga, { owner: bob.userId!, cost_centre: 'MARKETING' })).toEqual(['Linear']);
    const page = await olga.call('expenses.list', { owner: bob.userId!, sort: 'name', order: 'desc', limit: 1, offset: 1 });
    expect([page.expenses.map((e) => e.name), page.total]).toEqual([['Linear'], 3]);
  });

  it('gives an empty list, never their rows, for an owner of another workspace (a member of A filtering by an owner of B)', async () => {
    expect(await olga.call('expenses.list', { owner: mallory.userId! })).toMatchObject({ expenses: [], total: 0 });
    expect(await mallory.call('expenses.list', { owner: olga.userId! })).toMatchObject({ expenses: [], total: 0 });
    expect(await olga.call('expenses.list', { owner: 999_999 })).toMatchObject({ expenses: [], total: 0 });
  });
});

describe('cost centre filter', () => {
  it('matches exactly, ignoring letter case, every spelling stored in the workspace', async () => {
    // "marketing" typed by Bob joined Olga's "Marketing": one centre, one spelling.
    expect(await names(olga, { cost_centre: 'marketing' })).toEqual(['Figma', 'Linear']);
    expect((await olga.call('expenses.list', { cost_centre: 'Marketing' })).expenses.map((e) => e.cost_centre)).toEqual(['Marketing', 'Marketing']);
    // Letter case beyond ASCII, on both databases.
    expect(await names(olga, { cost_centre: 'über team' })).toEqual(['Sentry']);
    // Exact: a prefix is not a match.
    expect(await names(olga, { cost_centre: 'Market' })).toEqual([]);
  });

  it('lists the subscriptions without a cost centre for the "none" value', async () => {
    expect(await names(olga, { cost_centre: NO_COST_CENTRE })).toEqual(['Slack']);
    expect(await names(mallory, { cost_centre: NO_COST_CENTRE })).toEqual(['Hidden none']);
  });

  it('never reaches another workspace’s rows through a centre both use', async () => {
    expect(await names(mallory, { cost_centre: 'marketing' })).toEqual(['Hidden']);
    expect(await names(mallory, { cost_centre: 'Engineering' })).toEqual([]);
  });
});

describe('cost centre suggestions (expenses.costCentres)', () => {
  it('are the workspace’s distinct centres with counts, most used first, spelled as stored', async () => {
    expect((await bob.call('expenses.costCentres')).cost_centres).toEqual([
      { name: 'Marketing', count: 2 },
      { name: 'Engineering', count: 1 },
      { name: 'Über Team', count: 1 },
    ]);
  });

  it('leave out deleted subscriptions, and are workspace-isolated', async () => {
    const github = (await olga.call('expenses.list', { cost_centre: 'Engineering' })).expenses[0]!;
    await olga.call('expenses.delete', { id: github.id });
    expect((await olga.call('expenses.costCentres')).cost_centres.map((c) => c.name)).toEqual(['Marketing', 'Über Team']);
    expect((await mallory.call('expenses.costCentres')).cost_centres).toEqual([{ name: 'Marketing', count: 1 }]);
  });

  it('are readable by a viewer', async () => {
    const vera = await signedInCaller(core, 'vera');
    await joinByInvitation(olga, vera, 'viewer');
    expect((await vera.call('expenses.costCentres')).cost_centres).toHaveLength(3);
  });
});

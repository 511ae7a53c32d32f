import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mayChangeExpense } from '../../../main/db/repositories/expenses';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// The member-owns-the-row rule on its own: the repository predicate the expenses service's update,
// delete and restore paths use.

let core: TestCore;
let olga: TestCaller;
let bea: TestCaller;
let team: number;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  olga = await signedInCaller(core, 'olga');
  bea = await signedInCaller(core, 'bea');
  team = (await olga.call('workspaces.create', { name: 'Acme' })).workspace.id;
  const { token } = await olga.call('invitations.create', { role: 'member' });
  await bea.call('invitations.accept', { token });
});
afterEach(async () => {
  await core.close();
});

describe('ownedBy (member-owns-the-row)', () => {
  it('lets a member change their own subscription only, admins and owners any, and nobody one of another workspace', async () => {
    const olgas = (await olga.call('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-04-01' })).expense.id;
    const beas = (await bea.call('expenses.create', { name: 'Notion', amount: 8, renewal_date: '2026-04-01' })).expense.id;
    const db = core.ports.db;
    const as = (userId: number, role: 'member' | 'admin' | 'owner' | 'viewer') => ({ userId, role });
    expect(await mayChangeExpense(db, as(bea.userId!, 'member'), team, beas)).toBe(true);
    expect(await mayChangeExpense(db, as(bea.userId!, 'member'), team, olgas)).toBe(false);
    expect(await mayChangeExpense(db, as(bea.userId!, 'admin'), team, olgas)).toBe(true);
    expect(await mayChangeExpense(db, as(olga.userId!, 'owner'), team, beas)).toBe(true);
    expect(await mayChangeExpense(db, as(bea.userId!, 'viewer'), team, beas)).toBe(false);
    // Another workspace's row is never the caller's, whatever the role.
    expect(await mayChangeExpense(db, as(olga.userId!, 'owner'), team + 1000, beas)).toBe(false);
  });
});

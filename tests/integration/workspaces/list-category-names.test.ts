import { afterEach, beforeEach, expect, it } from 'vitest';
import { signedInCaller, startTestCore, type TestCore } from '../../support/core';

// expenses.list named each row's category from the caller's *account id* taken as a workspace id: in a
// company workspace every subscription showed "Other" (or another workspace's category name).

let core: TestCore;
beforeEach(async () => {
  core = await startTestCore();
});
afterEach(async () => {
  await core.close();
});

it("lists a company workspace's subscriptions under the company's category names, not Other", async () => {
  const olga = await signedInCaller(core, 'olga');
  await olga.call('workspaces.create', { name: 'Acme' });
  await olga.call('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-04-01', category: 'Design' });
  await olga.call('expenses.create', { name: 'Descript', amount: 20, renewal_date: '2026-04-01', category: 'Video tools' });
  const rows = (await olga.call('expenses.list')).expenses.map((e) => [e.name, e.category]);
  expect(rows.sort()).toEqual([
    ['Descript', 'Video tools'],
    ['Figma', 'Design'],
  ]);
});

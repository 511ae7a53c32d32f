import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// Moving a personal workspace's subscriptions into a company workspace: one preview, one move that does
// exactly what the preview said (or nothing, when the data changed since), only by an admin or owner of
// the company who owns the personal workspace.

let core: TestCore;
let olga: TestCaller;
let bea: TestCaller;
let teamId: number;
let personalId: number;

beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC'), reminders: true });
  olga = await signedInCaller(core, 'olga');
  bea = await signedInCaller(core, 'bea');
  teamId = (await olga.call('workspaces.create', { name: 'Acme' })).workspace.id;
  personalId = (await olga.call('workspaces.list')).workspaces.find((w) => w.kind === 'personal')!.id;
  await olga.call('workspaces.switch', { id: personalId });
  // Design is a default of both workspaces (merged); "Video tools" exists only here (created).
  await olga.call('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-04-01', category: 'design' });
  await olga.call('expenses.create', { name: 'Descript', amount: 240, billing_cycle: 'yearly', renewal_date: '2026-05-01', category: 'Video tools' });
  await olga.call('expenses.create', { name: 'Old CRM', amount: 99, status: 'cancelled', renewal_date: '2026-04-15', category: 'Video tools' });
});
afterEach(async () => {
  await core.close();
});

async function reminderWorkspaces(): Promise<number[]> {
  const rows = await core.database.db.selectFrom('reminders').select('workspace_id').where('state', '=', 'pending').execute();
  return [...new Set(rows.map((r) => Number(r.workspace_id)))];
}

describe('moving personal subscriptions into a company workspace', () => {
  it('previews the count, the categories created and merged by name, the reminders replanned and the monthly total, and changes nothing', async () => {
    const pendingBefore = (await olga.call('reminders.list', { state: 'pending' })).total;
    const { preview } = await olga.call('workspaces.previewMove', { id: teamId });
    expect(preview).toMatchObject({
      from: { id: personalId, name: 'olga Ltd' },
      to: { id: teamId, name: 'Acme' },
      subscriptions: 3,
      categories_created: ['Video tools'],
      categories_merged: ['Design'],
      reminders_replanned: pendingBefore,
      // 45 a month + 240 a year (20 a month); the cancelled one costs nothing.
      monthly_total: 65,
      currency: 'USD',
      unconverted: 0,
    });
    expect(pendingBefore).toBeGreaterThan(0);
    expect((await olga.call('expenses.list')).expenses).toHaveLength(3);
  });

  it('moves exactly what the preview showed in one action: subscriptions, categories and their reminders follow', async () => {
    const { preview } = await olga.call('workspaces.previewMove', { id: teamId });
    const { moved, message } = await olga.call('workspaces.move', { id: teamId, version: preview.version });
    expect(moved).toEqual(preview);
    expect(message).toBe('3 subscriptions moved from olga Ltd to Acme.');
    expect((await olga.call('expenses.list')).expenses).toEqual([]);
    expect(await reminderWorkspaces()).toEqual([teamId]);

    await olga.call('workspaces.switch', { id: teamId });
    const list = (await olga.call('expenses.list')).expenses;
    expect(list.map((e) => [e.name, e.category, e.user_id]).sort()).toEqual([
      ['Descript', 'Video tools', olga.userId],
      ['Figma', 'Design', olga.userId],
      ['Old CRM', 'Video tools', olga.userId],
    ]);
    const designs = (await olga.call('categories.list')).categories.filter((c) => c.name.toLowerCase() === 'design');
    expect(designs.map((c) => c.expense_count)).toEqual([1]);
    expect((await olga.call('reminders.list', { state: 'pending' })).total).toBe(preview.reminders_replanned);
    expect((await olga.call('dashboard.stats')).monthly_spend).toBe(65);
  });

  it('refuses with 409, moving nothing, when a personal subscription changed since the preview', async () => {
    const { preview } = await olga.call('workspaces.previewMove', { id: teamId });
    const figma = (await olga.call('expenses.list')).expenses.find((e) => e.name === 'Figma')!;
    await olga.call('expenses.update', { id: figma.id, amount: 50 });
    const refusal = await refusalOf(olga, 'workspaces.move', { id: teamId, version: preview.version });
    expect(refusal).toMatchObject({ code: 'conflict', fields: { version: 'Out of date: preview again' } });
    expect(refusal.message).toContain('changed since the preview');
    expect((await olga.call('expenses.list')).expenses).toHaveLength(3);
    const again = (await olga.call('workspaces.previewMove', { id: teamId })).preview;
    expect(again.version).not.toBe(preview.version);
    expect(again.monthly_total).toBe(70);
    expect((await olga.call('workspaces.move', { id: teamId, version: again.version })).moved.monthly_total).toBe(70);
  });

  it('refuses with 409 when the company gained a category of a moved name since the preview (created would become merged)', async () => {
    const { preview } = await olga.call('workspaces.previewMove', { id: teamId });
    await olga.call('workspaces.switch', { id: teamId });
    await olga.call('categories.create', { name: 'VIDEO TOOLS' });
    expect(await refusalOf(olga, 'workspaces.move', { id: teamId, version: preview.version })).toMatchObject({ code: 'conflict' });
    const again = (await olga.call('workspaces.previewMove', { id: teamId })).preview;
    expect([again.categories_created, again.categories_merged]).toEqual([[], ['Design', 'Video tools']]);
  });

  it('lets only an admin or owner of the company move into it (403 naming the roles), and 404s a workspace the caller is not in', async () => {
    await olga.call('workspaces.switch', { id: teamId });
    const { token } = await olga.call('invitations.create', { role: 'member' });
    await bea.call('invitations.accept', { token });
    const refused = await refusalOf(bea, 'workspaces.previewMove', { id: teamId });
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toContain('Only an admin or owner can');
    expect((await refusalOf(bea, 'workspaces.move', { id: teamId, version: 'x' })).code).toBe('forbidden');
    const other = (await bea.call('workspaces.create', { name: 'Bea Co' })).workspace.id;
    expect((await refusalOf(olga, 'workspaces.previewMove', { id: other })).code).toBe('not_found');
  });

  it('refuses a personal workspace as the target (409 in words) and a move without a version (400 naming it)', async () => {
    const refusal = await refusalOf(olga, 'workspaces.previewMove', { id: personalId });
    expect(refusal).toMatchObject({ code: 'conflict' });
    expect(refusal.message).toContain('into a company workspace');
    expect(await refusalOf(olga, 'workspaces.move', { id: teamId })).toMatchObject({ code: 'validation', fields: { version: 'Version is required (from the preview)' } });
    expect((await olga.call('expenses.list')).expenses).toHaveLength(3);
  });

  it('refuses a second move of the same preview once everything moved (nothing left to move)', async () => {
    const { preview } = await olga.call('workspaces.previewMove', { id: teamId });
    await olga.call('workspaces.move', { id: teamId, version: preview.version });
    const empty = (await olga.call('workspaces.previewMove', { id: teamId })).preview;
    expect(empty).toMatchObject({ subscriptions: 0, categories_created: [], categories_merged: [], monthly_total: 0 });
    expect(await refusalOf(olga, 'workspaces.move', { id: teamId, version: preview.version })).toMatchObject({ code: 'conflict' });
    expect((await refusalOf(olga, 'workspaces.move', { id: teamId, version: empty.version })).message).toBe('Your personal workspace has no subscriptions to move');
  });
});

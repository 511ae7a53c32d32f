import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../../common/contract';
import type { FileOut } from '../../../common/contract/files';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';
import { joinByInvitation } from '../../support/workspaces';

// Budgets (issue 13): a monthly amount per workspace, category and cost centre, compared exactly with the monthly
// equivalent of the scope's active and trial plans at the workspace's rates. Real operations on SQLite or PostgreSQL.
// Today is 2026-03-10 (UTC); base USD; 1 EUR = 1.10 USD; GBP has no rate.

let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

const FIXTURE: InputOf<'expenses.create'>[] = [
  { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-03-20' },
  { name: 'Adobe', category: 'Design', amount: 600, currency: 'EUR', billing_cycle: 'yearly', renewal_date: '2026-06-15' },
  { name: 'Sketch', category: 'Design', amount: 30, currency: 'GBP', renewal_date: '2026-03-22' },
  { name: 'Paused tool', category: 'Design', amount: 100, renewal_date: '2026-03-28', status: 'paused' },
  { name: 'Ads', category: 'Marketing', amount: 200, renewal_date: '2026-03-25', cost_centre: 'Growth' },
  { name: 'HubSpot', category: 'Marketing', amount: 90, billing_cycle: 'quarterly', renewal_date: '2026-04-30', cost_centre: 'growth' },
];

async function fixture(): Promise<Record<string, number>> {
  await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.10' }] });
  const ids: Record<string, number> = {};
  for (const input of FIXTURE) ids[input.name] = (await alice.call('expenses.create', input)).expense.id;
  return ids;
}

async function categoryId(caller: TestCaller, name: string): Promise<number> {
  return (await caller.call('categories.list', {})).categories.find((c) => c.name === name)!.id;
}

const view = (b: { label: string; amount: number; currency: string; amount_base: number | null; spend: number; unconverted_count: number; over_by: number | null }) => [
  b.label,
  b.amount,
  b.currency,
  b.amount_base,
  b.spend,
  b.unconverted_count,
  b.over_by,
];

describe('budget status against hand-computed fixtures', () => {
  it('compares each scope’s monthly spend with its budget across two currencies, and says when a currency has no rate', async () => {
    await fixture();
    const design = await categoryId(alice, 'Design');
    const marketing = await categoryId(alice, 'Marketing');
    await alice.call('budgets.set', { scope: 'workspace', amount: 300 });
    await alice.call('budgets.set', { scope: 'category', category_id: design, amount: '80', currency: 'EUR' });
    await alice.call('budgets.set', { scope: 'category', category_id: marketing, amount: 250 });
    await alice.call('budgets.set', { scope: 'cost_centre', cost_centre: 'GROWTH', amount: 200 });
    await alice.call('budgets.set', { scope: 'cost_centre', cost_centre: 'Legacy', amount: 10, currency: 'GBP' });
    const status = await alice.call('budgets.list');
    // Design: Figma 45 + Adobe 600 EUR / 12 × 1.10 = 55 → 100 USD (Sketch in GBP left out, the paused tool not spending);
    //   its budget 80 EUR × 1.10 = 88 USD: 12 over.
    // Marketing: Ads 200 + HubSpot 90 / 3 = 30 → 230 of 250: within.
    // Cost centre Growth (either spelling): the same 230 of 200: 30 over.
    // Workspace: 100 + 230 = 330 of 300: 30 over. Legacy: in GBP, no rate: not compared, and no plan carries it.
    expect(status.base_currency).toBe('USD');
    expect(status.budgets.map(view)).toEqual([
      ['Workspace', 300, 'USD', 300, 330, 1, 30],
      ['Design', 80, 'EUR', 88, 100, 1, 12],
      ['Marketing', 250, 'USD', 250, 230, 0, 0],
      ['GROWTH', 200, 'USD', 200, 230, 0, 30],
      ['Legacy', 10, 'GBP', null, 0, 0, null],
    ]);
    expect(status.notes).toEqual(['GBP has no exchange rate: add one in Settings → Exchange rates; the Legacy budget cannot be compared, and plans in GBP are not counted against budgets']);
  });

  it('highlights the forecast months whose charges go over the workspace budget', async () => {
    await fixture();
    await alice.call('budgets.set', { scope: 'workspace', amount: '300.00' });
    const { forecast } = await alice.call('budgets.list');
    // Mar: Figma 45 + Ads 200 = 245; Apr: + HubSpot 90 = 335; Jun: + Adobe 660 = 905; Jul: 335 (HubSpot again).
    expect(forecast.slice(0, 5)).toEqual([
      { month: '2026-03', total: 245, over_by: 0 },
      { month: '2026-04', total: 335, over_by: 35 },
      { month: '2026-05', total: 245, over_by: 0 },
      { month: '2026-06', total: 905, over_by: 605 },
      { month: '2026-07', total: 335, over_by: 35 },
    ]);
    // The same totals the dashboard's forecast shows.
    expect(forecast.map((m) => m.total)).toEqual((await alice.call('dashboard.stats')).forecast.map((m) => m.total));
  });

  it('has no forecast highlight without a workspace budget', async () => {
    await fixture();
    expect(new Set((await alice.call('budgets.list')).forecast.map((m) => m.over_by))).toEqual(new Set([null]));
  });
});

describe('setting, replacing and deleting budgets', () => {
  it('keeps one budget per scope: setting it again replaces the amount and currency', async () => {
    await fixture();
    const design = await categoryId(alice, 'Design');
    const first = (await alice.call('budgets.set', { scope: 'category', category_id: design, amount: 80, currency: 'EUR' })).budget;
    const second = (await alice.call('budgets.set', { scope: 'category', category_id: design, amount: '95.50' })).budget;
    expect(second).toMatchObject({ id: first.id, amount: 95.5, currency: 'USD', spend: 100, over_by: 4.5 });
    // A cost centre is one scope whatever its letter case.
    const growth = (await alice.call('budgets.set', { scope: 'cost_centre', cost_centre: 'Growth', amount: 500 })).budget;
    expect((await alice.call('budgets.set', { scope: 'cost_centre', cost_centre: 'growth', amount: 400 })).budget.id).toBe(growth.id);
    expect((await alice.call('budgets.list')).budgets.map((b) => [b.label, b.amount])).toEqual([
      ['Design', 95.5],
      ['growth', 400],
    ]);
    expect(await alice.call('budgets.delete', { id: growth.id })).toEqual({ message: 'Deleted the growth budget' });
    expect((await alice.call('budgets.list')).budgets.map((b) => b.label)).toEqual(['Design']);
    expect(await refusalOf(alice, 'budgets.delete', { id: growth.id })).toMatchObject({ code: 'not_found', message: `Budget ${growth.id} not found` });
  });

  it('names the field of each refusal and changes nothing', async () => {
    await fixture();
    const fields = async (input: Record<string, unknown>) => (await refusalOf(alice, 'budgets.set', input as InputOf<'budgets.set'>)).fields;
    expect(await fields({ scope: 'category', amount: 10 })).toEqual({ category_id: 'Category is required for a category budget' });
    expect(await fields({ scope: 'cost_centre', amount: 10 })).toEqual({ cost_centre: 'Cost centre is required for a cost-centre budget' });
    expect(await fields({ scope: 'workspace', category_id: 1, amount: 10 })).toEqual({ category_id: 'Category is only for a category budget' });
    expect(await fields({ scope: 'team', amount: 10 })).toEqual({ scope: 'Scope must be workspace, category or cost_centre' });
    expect(await fields({ scope: 'workspace', amount: -1 })).toEqual({ amount: 'Budget amount cannot be negative' });
    expect(await fields({ scope: 'workspace', amount: 0 })).toEqual({ amount: 'Budget amount must be more than 0 (delete the budget to have none)' });
    expect(await fields({ scope: 'workspace', amount: '5.001' })).toEqual({ amount: 'USD allows at most 2 decimal places' });
    expect(await fields({ scope: 'workspace', amount: 'lots' })).toEqual({ amount: expect.stringMatching(/^Budget amount/) });
    expect(await fields({ scope: 'workspace', amount: 5, currency: 'ZZZ' })).toEqual({ currency: 'Currency must be a known ISO 4217 code like USD, EUR or JPY' });
    expect(await fields({ scope: 'workspace' })).toMatchObject({ amount: expect.any(String) });
    expect(await refusalOf(alice, 'budgets.set', { scope: 'category', category_id: 999_999, amount: 10 })).toMatchObject({ code: 'not_found', fields: { category_id: 'No category 999999 in this workspace' } });
    expect((await alice.call('budgets.list')).budgets).toEqual([]);
  });

  it('lets viewers and members read, only admins and owners set or delete; another workspace’s budgets and categories answer 404', async () => {
    await alice.call('workspaces.create', { name: 'Acme' });
    await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-03-20' });
    const viewer = await signedInCaller(core, 'vera');
    const member = await signedInCaller(core, 'moe');
    const admin = await signedInCaller(core, 'ada');
    const outsider = await signedInCaller(core, 'otto');
    await joinByInvitation(alice, viewer, 'viewer');
    await joinByInvitation(alice, member, 'member');
    await joinByInvitation(alice, admin, 'admin');
    const design = await categoryId(alice, 'Design');
    const { budget } = await admin.call('budgets.set', { scope: 'category', category_id: design, amount: 40 });
    expect((await viewer.call('budgets.list')).budgets.map((b) => [b.label, b.spend, b.over_by])).toEqual([['Design', 45, 5]]);
    expect(await refusalOf(viewer, 'budgets.set', { scope: 'workspace', amount: 1 })).toMatchObject({ code: 'forbidden' });
    expect(await refusalOf(member, 'budgets.set', { scope: 'workspace', amount: 1 })).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/^Only an admin or owner can set a monthly budget/) });
    expect(await refusalOf(member, 'budgets.delete', { id: budget.id })).toMatchObject({ code: 'forbidden' });
    expect(await refusalOf(viewer, 'budgets.check', { amount: 1 })).toMatchObject({ code: 'forbidden' });
    expect((await member.call('budgets.check', { category: 'Design', amount: 10 })).warnings.map((w) => w.message)).toEqual(['Design would be $15 over its $40 monthly budget']);
    // The outsider's own workspace: none of Acme's budgets, ids or categories.
    expect((await outsider.call('budgets.list')).budgets).toEqual([]);
    expect(await refusalOf(outsider, 'budgets.delete', { id: budget.id })).toMatchObject({ code: 'not_found' });
    expect(await refusalOf(outsider, 'budgets.set', { scope: 'category', category_id: design, amount: 5 })).toMatchObject({ code: 'not_found', fields: { category_id: `No category ${design} in this workspace` } });
    expect((await alice.call('budgets.list')).budgets.map((b) => b.amount)).toEqual([40]);
    await alice.call('budgets.delete', { id: budget.id });
    expect((await viewer.call('budgets.list')).budgets).toEqual([]);
  });

  it('goes with its workspace when the workspace is deleted', async () => {
    const { workspace } = await alice.call('workspaces.create', { name: 'Acme' });
    await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-03-20', cost_centre: 'Brand' });
    await alice.call('budgets.set', { scope: 'workspace', amount: 100 });
    await alice.call('budgets.set', { scope: 'category', category_id: await categoryId(alice, 'Design'), amount: 40 });
    await alice.call('budgets.set', { scope: 'cost_centre', cost_centre: 'brand', amount: 40 });
    await alice.call('workspaces.delete', { id: workspace.id });
    expect(await core.database.db.selectFrom('budgets').selectAll().where('workspace_id', '=', workspace.id).execute()).toEqual([]);
    expect((await alice.call('budgets.list')).budgets).toEqual([]);
  });

  it('removes a category’s budget with the category (its plans move to "Other", which keeps its own budget or none); a cost-centre budget outlives its plans', async () => {
    const ids = await fixture();
    const design = await categoryId(alice, 'Design');
    await alice.call('budgets.set', { scope: 'category', category_id: design, amount: 80 });
    await alice.call('budgets.set', { scope: 'cost_centre', cost_centre: 'Growth', amount: 100 });
    await alice.call('categories.delete', { id: design });
    expect((await alice.call('budgets.list')).budgets.map((b) => b.label)).toEqual(['Growth']);
    await alice.call('expenses.update', { id: ids.Ads!, cost_centre: null });
    await alice.call('expenses.update', { id: ids.HubSpot!, cost_centre: null });
    expect((await alice.call('budgets.list')).budgets.map(view)).toEqual([['Growth', 100, 'USD', 100, 0, 0, 0]]);
  });
});

describe('the subscription form’s warning', () => {
  it('words it as the issue does: "Design would be $120 over its $500 monthly budget"', async () => {
    await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 400, renewal_date: '2026-03-20' });
    await alice.call('budgets.set', { scope: 'category', category_id: await categoryId(alice, 'Design'), amount: 500 });
    const { warnings, notes } = await alice.call('budgets.check', { category: 'Design', amount: '220', billing_cycle: 'monthly' });
    expect(warnings).toEqual([{ budget_id: expect.any(Number), scope: 'category', label: 'Design', budget: 500, spend_after: 620, over_by: 120, message: 'Design would be $120 over its $500 monthly budget' }]);
    expect(notes).toEqual([]);
    // Within budget: no warning; a yearly plan counts by its monthly equivalent (1,200 / 12 = 100).
    expect((await alice.call('budgets.check', { category: 'design', amount: 100 })).warnings).toEqual([]);
    expect((await alice.call('budgets.check', { category: 'Design', amount: 1200, billing_cycle: 'yearly' })).warnings).toEqual([]);
    expect((await alice.call('budgets.check', { category: 'Design', amount: 1212.12, billing_cycle: 'yearly' })).warnings.map((w) => w.message)).toEqual(['Design would be $1.01 over its $500 monthly budget']);
    // Paused and cancelled plans do not spend.
    expect((await alice.call('budgets.check', { category: 'Design', amount: 220, status: 'paused' })).warnings).toEqual([]);
  });

  it('converts the draft and the budgets with the rates, warns for category, cost centre and workspace, and says when the draft’s currency has no rate', async () => {
    await fixture();
    await alice.call('budgets.set', { scope: 'workspace', amount: 340 });
    await alice.call('budgets.set', { scope: 'category', category_id: await categoryId(alice, 'Design'), amount: 80, currency: 'EUR' });
    await alice.call('budgets.set', { scope: 'cost_centre', cost_centre: 'Growth', amount: 235 });
    // Canva 10 EUR = 11 USD in Design (100 → 111 of 88) and cost centre growth (230 → 241 of 235); workspace 341 of 340.
    const { warnings } = await alice.call('budgets.check', { category: 'Design', cost_centre: 'GROWTH', amount: 10, currency: 'EUR' });
    expect(warnings.map((w) => w.message)).toEqual([
      'Design would be $23 over its $88 monthly budget',
      'Cost centre Growth would be $6 over its $235 monthly budget',
      'The workspace would be $1 over its $340 monthly budget',
    ]);
    expect(await alice.call('budgets.check', { category: 'Design', amount: 10, currency: 'GBP' })).toEqual({
      warnings: [],
      notes: ['GBP has no exchange rate: add one in Settings → Exchange rates; this subscription is not counted against budgets'],
    });
  });

  it('takes an edited subscription’s current cost out first, and does not warn about a change that lowers an over-budget scope', async () => {
    const ids = await fixture();
    await alice.call('budgets.set', { scope: 'category', category_id: await categoryId(alice, 'Design'), amount: 80, currency: 'EUR' });
    // Design spends 100 of 88. Figma 45 → 50: 105, $17 over.
    expect((await alice.call('budgets.check', { id: ids.Figma!, amount: 50 })).warnings.map((w) => w.message)).toEqual(['Design would be $17 over its $88 monthly budget']);
    // Figma 45 → 40 lowers it (95, still over): no warning; an unchanged Figma (its name edited) neither.
    expect((await alice.call('budgets.check', { id: ids.Figma!, amount: 40 })).warnings).toEqual([]);
    expect((await alice.call('budgets.check', { id: ids.Figma!, amount: 45 })).warnings).toEqual([]);
    // Ads (200, Marketing) moved into Design: 300 of 88.
    expect((await alice.call('budgets.check', { id: ids.Ads!, category: 'Design', amount: 200 })).warnings.map((w) => w.message)).toEqual(['Design would be $212 over its $88 monthly budget']);
    expect(await refusalOf(alice, 'budgets.check', { id: 999_999, amount: 1 })).toMatchObject({ code: 'not_found' });
    expect((await refusalOf(alice, 'budgets.check', { amount: '1.001' })).fields).toEqual({ amount: 'USD allows at most 2 decimal places' });
  });
});

describe('workspace backups', () => {
  const bytes = (file: FileOut): Uint8Array<ArrayBuffer> => (typeof file.data === 'string' ? new TextEncoder().encode(file.data) : Uint8Array.from(file.data));

  it('carry the budgets through a backup and a restore, onto the restored categories', async () => {
    await fixture();
    await alice.call('budgets.set', { scope: 'workspace', amount: 300 });
    await alice.call('budgets.set', { scope: 'category', category_id: await categoryId(alice, 'Design'), amount: 80, currency: 'EUR' });
    await alice.call('budgets.set', { scope: 'cost_centre', cost_centre: 'Growth', amount: 200 });
    const before = (await alice.call('budgets.list')).budgets.map(view);
    const backup = await alice.call('backups.create', {});
    const doc = JSON.parse(new TextDecoder().decode(bytes(backup))) as { budgets: unknown[] };
    expect(doc.budgets).toHaveLength(3);
    expect(JSON.stringify(doc.budgets)).not.toMatch(/workspace_id|scope_key/);
    for (const b of (await alice.call('budgets.list')).budgets) await alice.call('budgets.delete', { id: b.id });
    await alice.call('budgets.set', { scope: 'workspace', amount: 1 });
    const preview = await alice.call('backups.restorePreview', { file: bytes(backup) });
    await alice.call('backups.restore', { id: preview.id });
    expect((await alice.call('budgets.list')).budgets.map(view)).toEqual(before);
  });

  it('restores a backup made before budgets without touching the workspace and cost-centre budgets (the category ones go with their categories)', async () => {
    await fixture();
    await alice.call('budgets.set', { scope: 'workspace', amount: 300 });
    await alice.call('budgets.set', { scope: 'category', category_id: await categoryId(alice, 'Design'), amount: 80 });
    await alice.call('budgets.set', { scope: 'cost_centre', cost_centre: 'Growth', amount: 200 });
    const doc = JSON.parse(new TextDecoder().decode(bytes(await alice.call('backups.create', {})))) as Record<string, unknown>;
    delete doc.budgets;
    const preview = await alice.call('backups.restorePreview', { file: new TextEncoder().encode(JSON.stringify(doc)) });
    await alice.call('backups.restore', { id: preview.id });
    expect((await alice.call('budgets.list')).budgets.map((b) => [b.label, b.amount])).toEqual([
      ['Workspace', 300],
      ['Growth', 200],
    ]);
  });

  it('refuses a backup whose category budget names a category it does not hold, in words', async () => {
    await fixture();
    await alice.call('budgets.set', { scope: 'category', category_id: await categoryId(alice, 'Design'), amount: 80 });
    const doc = JSON.parse(new TextDecoder().decode(bytes(await alice.call('backups.create', {})))) as { budgets: { category_id: number }[] };
    doc.budgets[0]!.category_id = 987_654;
    const refused = await refusalOf(alice, 'backups.restorePreview', { file: new TextEncoder().encode(JSON.stringify(doc)) });
    expect(refused.message).toBe('This backup cannot be restored: budgets, row 1, category_id: no category 987654 in the backup');
    expect((await alice.call('budgets.list')).budgets.map((b) => b.amount)).toEqual([80]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileOut } from '../../../common/contract/files';
import { noReminderHooks } from '../../../main/core/context';
import { sweepAccounts } from '../../../main/services/renewals';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';
import { expectAggregatesRight } from '../../support/dashboard-aggregates';

// Every path that writes subscriptions keeps migration 0022's aggregates equal to a recomputation: the real
// services, one after another, each followed by the check (the triggers see SQL, so this is the proof that no
// path writes around them, e.g. by rebuilding the table).

let core: TestCore;
let olga: TestCaller;
let bea: TestCaller;
const bytes = (text: string) => new TextEncoder().encode(text);
const fileBytes = (file: FileOut): Uint8Array<ArrayBuffer> => (typeof file.data === 'string' ? new TextEncoder().encode(file.data) : Uint8Array.from(file.data));
const check = (step: string) => expectAggregatesRight(core.database.db, step);

beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  olga = await signedInCaller(core, 'olga');
  bea = await signedInCaller(core, 'bea');
});
afterEach(async () => {
  await core.close();
});

describe('dashboard aggregates through every path that writes subscriptions', () => {
  it('create, update, pause, delete, restore, import and undo, backup restore, the sweep, moving and removing a workspace, deleting an account', async () => {
    const { expense: figma } = await olga.call('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-03-20', cost_centre: 'Design' });
    const { expense: slack } = await olga.call('expenses.create', { name: 'Slack', amount: 87.5, currency: 'EUR', billing_cycle: 'yearly', renewal_date: '2026-03-12' });
    await olga.call('expenses.create', { name: 'Trial', amount: 9, status: 'trial', trial_ends_on: '2026-03-11', renewal_date: '2026-03-11', billing_cycle: 'weekly' });
    await check('create');
    await olga.call('expenses.update', { id: figma.id, amount: 60, cost_centre: null, billing_cycle: 'quarterly' });
    await check('update');
    await olga.call('expenses.update', { id: slack.id, status: 'paused' });
    await check('pause');
    await olga.call('expenses.delete', { id: figma.id });
    await check('soft delete');
    await olga.call('expenses.restore', { id: figma.id });
    await check('restore');

    const backup = await olga.call('backups.create', {});
    const { preview } = await olga.call('imports.preview', { file: bytes('Name;Amount;Currency;Cycle;Next payment\nZoom;15,99;EUR;Monthly;31.03.2026\nLinear;8;USD;Yearly;01.04.2026'), name: 'subs.csv' });
    const { import: imported } = await olga.call('imports.commit', { id: preview.id });
    await check('import commit');
    await olga.call('imports.undo', { id: imported.id });
    await check('import undo');
    await olga.call('expenses.create', { name: 'After backup', amount: 1, renewal_date: '2026-04-01' });
    const restore = await olga.call('backups.restorePreview', { file: fileBytes(backup) });
    await olga.call('backups.restore', { id: restore.id });
    await check('backup restore');

    // The sweep rolls passed renewals forward and ends the trial.
    core.clock.set('2026-03-25T09:00:00Z');
    await sweepAccounts({ db: core.database.db, clock: core.clock, reminders: noReminderHooks });
    await check('the sweep');

    const personalId = (await olga.call('workspaces.list')).workspaces.find((w) => w.kind === 'personal')!.id;
    const teamId = (await olga.call('workspaces.create', { name: 'Acme' })).workspace.id;
    await olga.call('workspaces.switch', { id: personalId });
    const move = await olga.call('workspaces.previewMove', { id: teamId });
    await olga.call('workspaces.move', { id: teamId, version: move.preview.version });
    await check('moving personal subscriptions into a company workspace');
    await olga.call('workspaces.switch', { id: teamId });
    await olga.call('expenses.create', { name: 'Team plan', amount: 30, renewal_date: '2026-04-02' });
    await bea.call('expenses.create', { name: 'Bea plan', amount: 12, renewal_date: '2026-04-03' });
    await olga.call('workspaces.delete', { id: teamId });
    await check('deleting a workspace');
    await bea.call('account.delete', { password: 'correct horse battery' });
    await check('deleting an account');
    expect((await core.database.db.selectFrom('expense_totals').select('workspace_id').execute()).length).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileOut } from '../../../common/contract/files';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// A workspace backup carries each subscription's contract, and a restore brings it back on the new ids (SQLite or PostgreSQL).

let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-12-02T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

const bytes = (file: FileOut): Uint8Array<ArrayBuffer> => (typeof file.data === 'string' ? new TextEncoder().encode(file.data) : Uint8Array.from(file.data));
const json = (file: FileOut) => JSON.parse(new TextDecoder().decode(bytes(file))) as { contracts: Record<string, unknown>[] };

describe('a contract in a workspace backup', () => {
  it('is kept through a backup and a restore, and a backup with a broken one is refused naming the row', async () => {
    const { expense } = await alice.call('expenses.create', { name: 'Salesforce', category: 'Sales', amount: 300, renewal_date: '2027-01-31', notice_period_days: 30, contract: { start_date: '2026-01-31', term_months: 12, end_action: 'renew', renew_months: 12 } });
    await alice.call('expenses.create', { name: 'Slack', category: 'Communication', amount: 8.75, renewal_date: '2026-12-10' });
    const backup = await alice.call('backups.create', {});
    expect(json(backup).contracts).toMatchObject([{ subscription_id: expense.id, start_date: '2026-01-31', term_months: 12, end_date: '2027-01-31', anchor_day: 31, end_action: 'renew', renew_months: 12, ended_on: null }]);

    const preview = await alice.call('backups.restorePreview', { file: bytes(backup) });
    await alice.call('backups.restore', { id: preview.id });
    const restored = (await alice.call('expenses.list', {})).expenses.sort((a, b) => a.name.localeCompare(b.name));
    expect(restored[0]!.id).not.toBe(expense.id);
    expect(restored.map((e) => [e.name, e.contract])).toEqual([
      ['Salesforce', expense.contract],
      ['Slack', null],
    ]);
    expect(expense.contract).toMatchObject({ last_day_to_cancel: '2027-01-01' });

    const doc = json(backup);
    doc.contracts[0]!.renew_months = null;
    const refused = await refusalOf(alice, 'backups.restorePreview', { file: new TextEncoder().encode(JSON.stringify(doc)) });
    expect(refused.message).toBe('This backup cannot be restored: contracts, row 1, renew_months: is required for a contract that renews, and only for one');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileOut } from '../../../common/contract/files';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';
import { joinByInvitation } from '../../support/workspaces';
import { noReminderHooks } from '../../../main/core/context';
import { sweepAccounts } from '../../../main/services/renewals';
import { migrations } from '../../../migrations/index';

/** The app's own schema version: its last migration. */
const LATEST = Object.keys(migrations).sort().at(-1)!;

// Backup and restore of one workspace, through the real operations on a real database (SQLite or PostgreSQL).

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
const json = (file: FileOut) => JSON.parse(new TextDecoder().decode(bytes(file))) as Record<string, unknown> & { subscriptions: Record<string, unknown>[]; categories: Record<string, unknown>[] };
const names = async (caller: TestCaller) => (await caller.call('expenses.list', {})).expenses.map((e: { name: string }) => e.name).sort();

async function seedThree(caller: TestCaller): Promise<void> {
  await caller.call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, currency: 'EUR', renewal_date: '2026-12-31', description: '=HYPERLINK("x")' });
  await caller.call('expenses.create', { name: 'Linear', category: 'Development', amount: 96, currency: 'USD', renewal_date: '2027-01-15', billing_cycle: { unit: 'year', every: 1 } });
  await caller.call('expenses.create', { name: 'Slack', category: 'Communication', amount: 8.75, renewal_date: '2026-12-10' });
}

describe('workspace backup', () => {
  it('holds every subscription with money in minor units and its currency, the categories, settings and members by username, named for the workspace and day', async () => {
    await seedThree(alice);
    const file = await alice.call('backups.create', {});
    expect(file.name).toBe('spend-manager-backup-alice-ltd-2026-12-02.json');
    expect(file.type).toBe('application/json');
    const doc = json(file);
    expect(doc).toMatchObject({ format: 'spend-manager/workspace-backup', version: 1, schema: LATEST, created_at: '2026-12-02T09:00:00.000Z', workspace: { name: 'alice Ltd' } });
    const figma = doc.subscriptions.find((s) => s.name === 'Figma')!;
    expect(figma).toMatchObject({ amount_minor: 4500, currency: 'EUR', owner: 'alice', renewal_date: '2026-12-31', cycle_unit: 'month', cycle_every: 1 });
    expect(doc.subscriptions.find((s) => s.name === 'Slack')!.amount_minor).toBe(875);
    expect(doc.categories.map((c) => c.name)).toContain('Design');
    expect(doc.members).toEqual([{ username: 'alice', role: 'owner' }]);
    expect(doc.settings).toMatchObject({ base_currency: expect.any(String) });
  });

  it('never holds a secret: no SMTP password, password hash, session token or id, invitation token', async () => {
    await seedThree(alice);
    await alice.call('smtp.update', { host: 'smtp.example.com', port: 587, security: 'starttls', username: 'mailer', from: 'bills@example.com', password: 'smtp-pass-Very-Secret-42' });
    const { token } = await alice.call('invitations.create', { role: 'member' });
    const bob = core.caller();
    await bob.call('auth.register', { email: 'bob@example.com', username: 'bob', password: 'correct horse battery', company_name: 'Bob Ltd' });
    await bob.call('invitations.accept', { token });
    await alice.call('invitations.create', { role: 'viewer' });
    const { token: pendingToken } = await alice.call('invitations.create', { role: 'admin' });

    const text = new TextDecoder().decode(bytes(await alice.call('backups.create', {})));
    const db = core.database.db;
    const secrets = [
      'smtp-pass-Very-Secret-42',
      token,
      pendingToken,
      ...(await db.selectFrom('users').select('password_hash').execute()).map((r) => r.password_hash),
      ...(await db.selectFrom('sessions').select(['token_hash', 'id']).execute()).flatMap((r) => [r.token_hash, r.id]),
      ...(await db.selectFrom('invitations').select(['token_hash', 'id']).execute()).flatMap((r) => [r.token_hash, r.id]),
    ];
    expect(secrets.length).toBeGreaterThan(6);
    for (const secret of secrets) expect(text.includes(secret), `backup contains ${secret.slice(0, 12)}…`).toBe(false);
    expect(text).not.toMatch(/password|token/i);
    expect(JSON.parse(text).members).toEqual([{ username: 'alice', role: 'owner' }, { username: 'bob', role: 'member' }]);
  });

  it('is refused to a member (a backup or a restore needs an admin or owner), in a team workspace', async () => {
    const team = (await alice.call('workspaces.create', { name: 'Acme' })).workspace.id;
    await alice.call('workspaces.switch', { id: team });
    const bob = await signedInCaller(core, 'bob');
    await joinByInvitation(alice, bob, 'member');
    await bob.call('workspaces.switch', { id: team });
    const backup = await refusalOf(bob, 'backups.create', {});
    expect(backup.code).toBe('forbidden');
    expect(backup.message).toContain('Only an admin or owner can');
    const file = bytes(await alice.call('backups.create', {}));
    expect((await refusalOf(bob, 'backups.restorePreview', { file })).code).toBe('forbidden');
  });
});

describe('restore', () => {
  it('says what will change in words, then replaces exactly the workspace and keeps the data as it was in the backups folder', async () => {
    await seedThree(alice);
    const backup = await alice.call('backups.create', {});
    await alice.call('expenses.create', { name: 'Notion', category: 'Productivity', amount: 10, renewal_date: '2026-12-20' });
    const figma = (await alice.call('expenses.list', {})).expenses.find((e: { name: string }) => e.name === 'Figma')!;
    await alice.call('expenses.update', { id: figma.id, amount: 60 });

    const preview = await alice.call('backups.restorePreview', { file: bytes(backup) });
    expect(preview.summary).toMatch(/^Replaces 4 subscriptions with 3 from the backup of Dec 2, 2026 \(workspace 'alice Ltd'\)/);
    expect(preview.current.subscriptions).toBe(4);
    expect(preview.incoming).toMatchObject({ subscriptions: 3, categories: 10 });
    expect(await names(alice)).toEqual(['Figma', 'Linear', 'Notion', 'Slack']);

    const done = await alice.call('backups.restore', { id: preview.id });
    expect(await names(alice)).toEqual(['Figma', 'Linear', 'Slack']);
    const restored = (await alice.call('expenses.list', {})).expenses.find((e: { name: string }) => e.name === 'Figma')!;
    expect(restored.amount).toBe(45);
    expect(done.message).toContain('Restored 3 subscriptions');
    const kept = path.join(core.dir, 'backups', done.kept_backup);
    expect(done.kept_backup).toMatch(/^pre-restore-alice-ltd-2026-12-02-\d{6}\.json$/);
    const before = JSON.parse(fs.readFileSync(kept, 'utf8')) as { subscriptions: { name: string; amount_minor: number }[] };
    expect(before.subscriptions.map((s) => s.name).sort()).toEqual(['Figma', 'Linear', 'Notion', 'Slack']);
    expect(before.subscriptions.find((s) => s.name === 'Figma')!.amount_minor).toBe(6000);

    const again = await alice.result('backups.restore', { id: preview.id });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toMatch(/not pending any more/);
  });

  it('keeps the exchange rates (each with its source and date) and the daily-update choice through a backup and a restore', async () => {
    await alice.call('settings.update', { base_currency: 'EUR', rates: [{ currency: 'USD', rate: '0.92' }, { currency: 'GBP', rate: '1.17' }], rates_daily: true });
    const before = (await alice.call('settings.get', {})).settings;
    const backup = await alice.call('backups.create', {});
    const doc = json(backup) as unknown as { rates: { currency: string; rate: string; source: string }[]; settings: { rates_daily: number } };
    expect(doc.rates.map((r) => [r.currency, r.rate, r.source])).toEqual([['GBP', '1.17', 'manual'], ['USD', '0.92', 'manual']]);
    expect(doc.settings.rates_daily).toBe(1);

    await alice.call('settings.update', { rates: [{ currency: 'USD', rate: '0.5' }], rates_daily: false });
    const preview = await alice.call('backups.restorePreview', { file: bytes(backup) });
    await alice.call('backups.restore', { id: preview.id });
    const after = (await alice.call('settings.get', {})).settings;
    expect(after.rates).toEqual(before.rates);
    expect(after.rates_daily).toBe(true);
  });

  it('keeps the renewal-review log (who decided, the saving) and the review amount through a backup and a restore', async () => {
    const { expense } = await alice.call('expenses.create', { name: 'Adobe', category: 'Design', amount: 600, billing_cycle: 'yearly', renewal_date: '2026-12-08' });
    await alice.call('reviews.decide', { id: expense.id, renewal_date: '2026-12-08', action: 'cancel', note: 'Nobody opens it' });
    await alice.call('reviews.setThreshold', { threshold: '50.00' });
    const logBefore = (await alice.call('reviews.log', {})).entries.map((e) => [e.action, e.user_name, e.note, e.saving]);
    expect(logBefore).toEqual([['cancel', 'alice', 'Nobody opens it', 600]]);
    const backup = await alice.call('backups.create', {});
    expect((json(backup) as unknown as { reviews: { threshold_minor: number; decisions: { decided_by: string }[] } }).reviews).toMatchObject({ threshold_minor: 5000, decisions: [{ decided_by: 'alice' }] });

    // The restore deletes the subscriptions, and their log with them: it must come back, on the new ids.
    await alice.call('reviews.setThreshold', { threshold: null });
    const preview = await alice.call('backups.restorePreview', { file: bytes(backup) });
    await alice.call('backups.restore', { id: preview.id });
    expect((await alice.call('reviews.log', {})).entries.map((e) => [e.action, e.user_name, e.note, e.saving])).toEqual(logBefore);
    const summary = await alice.call('reviews.summary', {});
    expect(summary.threshold).toBe(50);
    expect(summary.decisions.map((d) => [d.name, d.action, d.saving])).toEqual([['Adobe', 'cancel', 600]]);
  });

  it('keeps the payments (expected, actual, paid date, who recorded it) and the price history through a backup and a restore, and refuses one of an unknown subscription', async () => {
    // Slack 8.75 monthly renewing Nov 10 (added Oct 20); by Dec 2 the sweep rolled it past Nov 10: one payment.
    core.clock.set('2026-10-20T09:00:00Z');
    await alice.call('expenses.create', { name: 'Slack', category: 'Communication', amount: 8.75, renewal_date: '2026-11-10' });
    core.clock.set('2026-11-11T09:00:00Z');
    await sweepAccounts({ db: core.database.db, clock: core.clock, reminders: core.reminders?.hooks ?? noReminderHooks });
    core.clock.set('2026-12-02T09:00:00Z');
    const [slack] = (await alice.call('expenses.list', {})).expenses;
    const [payment] = (await alice.call('payments.list', { id: slack!.id })).payments;
    await alice.call('payments.record', { id: payment!.id, actual_amount: '9.63', paid_on: '2026-11-12' });
    const before = (await alice.call('payments.list', { id: slack!.id })).payments.map(({ id: _id, expense_id: _e, ...p }) => p);
    expect(before).toMatchObject([{ renewal_date: '2026-11-10', expected_amount: 8.75, actual_amount: 9.63, paid_on: '2026-11-12', recorded_by_name: 'alice' }]);
    await alice.call('expenses.update', { id: slack!.id, amount: '9.63' });
    const history = (await alice.call('payments.priceHistory', { id: slack!.id })).changes.map(({ id: _id, expense_id: _e, ...c }) => c);
    expect(history).toMatchObject([{ effective_on: '2026-12-02', source: 'update', user_name: 'alice', amount_before: 8.75, amount_after: 9.63 }]);
    const backup = await alice.call('backups.create', {});
    expect((json(backup) as unknown as { price_changes: unknown[] }).price_changes).toMatchObject([{ amount_before_minor: 875, amount_after_minor: 963, changed_by: 'alice' }]);
    expect((json(backup) as unknown as { payments: unknown[] }).payments).toMatchObject([{ renewal_date: '2026-11-10', expected_minor: 875, actual_minor: 963, recorded_by: 'alice' }]);

    const preview = await alice.call('backups.restorePreview', { file: bytes(backup) });
    await alice.call('backups.restore', { id: preview.id });
    const [restored] = (await alice.call('expenses.list', {})).expenses;
    expect(restored!.id).not.toBe(slack!.id);
    expect((await alice.call('payments.list', { id: restored!.id })).payments.map(({ id: _id, expense_id: _e, ...p }) => p)).toEqual(before);
    expect((await alice.call('payments.priceHistory', { id: restored!.id })).changes.map(({ id: _id, expense_id: _e, ...c }) => c)).toEqual(history);

    const doc = json(backup) as unknown as { payments: { subscription_id: number }[] };
    doc.payments[0]!.subscription_id = 999;
    const refused = await refusalOf(alice, 'backups.restorePreview', { file: new TextEncoder().encode(JSON.stringify(doc)) });
    expect(refused.message).toBe('This backup cannot be restored: payments, row 1, subscription_id: no subscription 999 in the backup');
  });

  it('refuses a backup whose rate breaks the rules of a typed rate, naming the row, and changes nothing', async () => {
    await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.08' }] });
    const doc = json(await alice.call('backups.create', {})) as unknown as { rates: { rate: string }[] };
    doc.rates[0]!.rate = '-3';
    const refused = await refusalOf(alice, 'backups.restorePreview', { file: new TextEncoder().encode(JSON.stringify(doc)) });
    expect(refused).toMatchObject({ code: 'validation', message: expect.stringMatching(/^This backup cannot be restored: rates, row 1, rate: Rate must be a positive decimal number/) });
    expect((await alice.call('settings.get', {})).settings.rates).toMatchObject([{ currency: 'EUR', rate: '1.08' }]);
  });

  it('leaves another workspace untouched', async () => {
    const carol = await signedInCaller(core, 'carol');
    await seedThree(alice);
    await carol.call('expenses.create', { name: 'Zoom', category: 'Communication', amount: 15, renewal_date: '2026-12-12' });
    const carolBefore = await carol.call('expenses.list', {});
    const carolCategories = await carol.call('categories.list', {});
    const backup = await alice.call('backups.create', {});
    await alice.call('expenses.create', { name: 'Notion', category: 'Productivity', amount: 10, renewal_date: '2026-12-20' });
    const preview = await alice.call('backups.restorePreview', { file: bytes(backup) });
    await alice.call('backups.restore', { id: preview.id });
    expect(await carol.call('expenses.list', {})).toEqual(carolBefore);
    expect(await carol.call('categories.list', {})).toEqual(carolCategories);
    expect(await names(alice)).toEqual(['Figma', 'Linear', 'Slack']);
  });

  it('matches owners by username, and gives subscriptions of unknown owners to the restoring admin', async () => {
    await seedThree(alice);
    const doc = json(await alice.call('backups.create', {}));
    doc.subscriptions[0]!.owner = 'somebody-gone';
    const preview = await alice.call('backups.restorePreview', { file: new TextEncoder().encode(JSON.stringify(doc)) });
    await alice.call('backups.restore', { id: preview.id });
    const rows = await core.database.db.selectFrom('expenses').select(['name', 'user_id']).execute();
    expect(rows.every((r) => r.user_id === alice.userId)).toBe(true);
  });

  const refusals: [string, (doc: Record<string, unknown> & { subscriptions: Record<string, unknown>[] }, good: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>, RegExp][] = [
    ['a newer version', (doc) => new TextEncoder().encode(JSON.stringify({ ...doc, version: 2 })), /version 2, made by a newer Spend Manager/],
    ['a newer database schema', (doc) => new TextEncoder().encode(JSON.stringify({ ...doc, schema: '0099_future' })), new RegExp(`database version 0099_future, newer than this app's ${LATEST}`)],
    ['a truncated file', (_doc, good) => good.slice(0, Math.floor(good.length / 2)), /not readable JSON/],
    ['not a backup', () => new TextEncoder().encode(JSON.stringify([{ Name: 'Netflix', Price: '€9.99' }])), /not a Spend Manager backup/],
    ['binary bytes', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00]), /not a Spend Manager backup/],
    [
      'a bad row midway',
      (doc) => {
        doc.subscriptions[1]!.amount_minor = 'abc';
        return new TextEncoder().encode(JSON.stringify(doc));
      },
      /subscriptions, row 2 \('Linear'\), amount_minor: /,
    ],
  ];
  for (const [what, spoil, message] of refusals) {
    it(`refuses ${what} in words and changes nothing`, async () => {
      await seedThree(alice);
      const good = bytes(await alice.call('backups.create', {}));
      await alice.call('expenses.create', { name: 'Notion', category: 'Productivity', amount: 10, renewal_date: '2026-12-20' });
      const doc = JSON.parse(new TextDecoder().decode(good)) as Record<string, unknown> & { subscriptions: Record<string, unknown>[] };
      const result = await alice.result('backups.restorePreview', { file: spoil(doc, good) });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('validation');
        expect(result.error.message).toMatch(message);
      }
      expect(await names(alice)).toEqual(['Figma', 'Linear', 'Notion', 'Slack']);
    });
  }

  it('changes nothing when the pending restore is spoiled after its check (it is checked again)', async () => {
    await seedThree(alice);
    const preview = await alice.call('backups.restorePreview', { file: bytes(await alice.call('backups.create', {})) });
    await alice.call('expenses.create', { name: 'Notion', category: 'Productivity', amount: 10, renewal_date: '2026-12-20' });
    const file = path.join(core.dir, 'backups', 'pending', `${preview.id}.json`);
    const pending = JSON.parse(fs.readFileSync(file, 'utf8')) as { backup: { subscriptions: Record<string, unknown>[] } };
    pending.backup.subscriptions[2]!.currency = 'euro';
    fs.writeFileSync(file, JSON.stringify(pending));
    const result = await alice.result('backups.restore', { id: preview.id });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/currency: must be a three-letter currency code/);
    expect(await names(alice)).toEqual(['Figma', 'Linear', 'Notion', 'Slack']);
  });

  it('changes nothing when the database refuses a row midway through the transaction', async () => {
    await seedThree(alice);
    const preview = await alice.call('backups.restorePreview', { file: bytes(await alice.call('backups.create', {})) });
    await alice.call('expenses.create', { name: 'Notion', category: 'Productivity', amount: 10, renewal_date: '2026-12-20' });
    const categoriesBefore = await alice.call('categories.list', {});
    const file = path.join(core.dir, 'backups', 'pending', `${preview.id}.json`);
    const pending = JSON.parse(fs.readFileSync(file, 'utf8')) as { backup: { categories: { name: string }[] } };
    // Two categories of one name pass each row's rules; the unique index refuses the second insert.
    pending.backup.categories[6]!.name = pending.backup.categories[0]!.name;
    fs.writeFileSync(file, JSON.stringify(pending));
    expect((await alice.result('backups.restore', { id: preview.id })).ok).toBe(false);
    expect(await names(alice)).toEqual(['Figma', 'Linear', 'Notion', 'Slack']);
    expect(await alice.call('categories.list', {})).toEqual(categoriesBefore);
  });

  it('forgets a pending restore after 30 minutes', async () => {
    await seedThree(alice);
    const preview = await alice.call('backups.restorePreview', { file: bytes(await alice.call('backups.create', {})) });
    core.clock.advance(31 * 60 * 1000);
    const result = await alice.result('backups.restore', { id: preview.id });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('not_found');
  });
});

describe('restore of reminder state', () => {
  it('keeps a dismissed reminder dismissed after a restore, and plans the rest again', async () => {
    const withReminders = await startTestCore({ clock: testClock('2026-12-02T09:00:00Z', 'UTC'), reminders: true });
    try {
      const dana = await signedInCaller(withReminders, 'dana');
      await dana.call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-12-20', reminder_days: [7, 1] });
      const planned = (await dana.call('reminders.list', {})).reminders;
      expect(planned.length).toBeGreaterThanOrEqual(2);
      const seven = planned.find((r) => r.lead_days === 7)!;
      await dana.call('reminders.dismiss', { id: seven.id });
      const backup = await dana.call('backups.create', {});
      const doc = JSON.parse(typeof backup.data === 'string' ? backup.data : new TextDecoder().decode(backup.data)) as { reminders: { state: string; lead_days: number }[] };
      expect(doc.reminders).toMatchObject([{ state: 'dismissed', lead_days: 7 }]);

      const preview = await dana.call('backups.restorePreview', { file: bytes(backup) });
      await dana.call('backups.restore', { id: preview.id });
      const after = (await dana.call('reminders.list', {})).reminders;
      expect(after.map((r) => [r.lead_days, r.state]).sort()).toEqual(planned.map((r) => [r.lead_days, r.lead_days === 7 ? 'dismissed' : r.state]).sort());
    } finally {
      await withReminders.close();
    }
  });
});

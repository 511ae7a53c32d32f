import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Expense } from '../../../common/contract/expenses';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// The import pipeline through the core, on a real database: preview (nothing saved), remap, commit in one
// transaction with reminders planned, all or nothing, duplicates, undo within 24 hours, and who may do what.

let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-12-03T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

const bytes = (text: string) => new TextEncoder().encode(text);
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(__dirname, '../../fixtures/import', name)));

async function listAll(caller: TestCaller): Promise<Expense[]> {
  return (await caller.call('expenses.list', { limit: 500 })).expenses;
}

const GERMAN_SHEET = [
  'Dienst;Betrag;Währung;Zyklus;Nächste Zahlung;Kategorie',
  'Figma;1.234,56;EUR;Monthly;31.03.2027;Design',
  'Slack;87,50;EUR;yearly;15.01.2027;Kommunikation',
  'Kaputt;abc;EUR;Monthly;31.03.2027;Design',
].join('\n');

describe('import preview', () => {
  it('reads a semicolon sheet with decimal commas in a de-DE locale, saves nothing, and names each error by row, column and reason', async () => {
    await alice.call('settings.update', { locale: 'de-DE' });
    const { preview } = await alice.call('imports.preview', { file: bytes(GERMAN_SHEET), name: 'abos.csv' });
    expect(preview).toMatchObject({ file_name: 'abos.csv', format: 'csv', separator: ';', total_rows: 3, valid_rows: 2, invalid_rows: 1, date_order: 'dmy', will_create: 2 });
    expect(preview.rows[0]!.expense).toMatchObject({ name: 'Figma', amount: 1234.56, currency: 'EUR', renewal_date: '2027-03-31', category: 'Design', billing_cycle: { unit: 'month', every: 1 } });
    expect(preview.errors).toEqual([{ row: 4, column: 'Betrag', message: "row 4, Betrag: 'abc' is not a number" }]);
    expect(preview.warnings).toEqual([
      { row: 2, column: 'Währung', message: 'row 2, Währung: there is no exchange rate for EUR to USD: its subscriptions are left out of totals until one is set in Settings → Currency' },
      { row: 3, column: 'Kategorie', message: "row 3, Kategorie: 'Kommunikation' is a new category: it will be created" },
    ]);
    expect(await listAll(alice)).toEqual([]);
  });

  it('reads decimal commas from the file itself when the user\'s locale writes a point, and the user can say otherwise', async () => {
    await alice.call('settings.update', { locale: 'en-US' });
    const { preview } = await alice.call('imports.preview', { file: bytes(GERMAN_SHEET) });
    expect(preview).toMatchObject({ decimal_mark: 'comma', valid_rows: 2 });
    expect(preview.rows[0]!.expense).toMatchObject({ name: 'Figma', amount: 1234.56 });
    const asPoints = await alice.call('imports.remap', { id: preview.id, decimal_mark: 'point' });
    expect(asPoints.preview).toMatchObject({ decimal_mark: 'point', valid_rows: 0 });
    expect(asPoints.preview.errors[0]!.message).toMatch(/^row 2, Betrag: '1\.234,56' is not a number/);
  });

  it('asks for the date order when every day is 12 or less, and a remap with the order chosen reads them that way', async () => {
    const sheet = 'Name,Amount,Renewal date\nA,1,03/04/2027\nB,2,05/06/2027\n';
    const { preview } = await alice.call('imports.preview', { file: bytes(sheet) });
    expect(preview.date_order_ambiguous).toBe(true);
    const again = await alice.call('imports.remap', { id: preview.id, date_order: 'dmy' });
    expect(again.preview.date_order_ambiguous).toBe(false);
    expect(again.preview.rows.map((r) => r.expense?.renewal_date)).toEqual(['2027-04-03', '2027-06-05']);
  });

  it('lets the user remap a column the headers did not name', async () => {
    const sheet = 'Tool,Monthly €,When\nNotion,8,2027-01-01\n';
    const { preview } = await alice.call('imports.preview', { file: bytes(sheet) });
    expect(preview.mapping_problem).toBeNull();
    expect(preview.rows[0]!.errors).toEqual(['row 2, Next renewal (no column): Renewal date is required (YYYY-MM-DD)']);
    const again = await alice.call('imports.remap', { id: preview.id, mapping: { amount: 1, renewal_date: 2 } });
    expect(again.preview.rows[0]!.expense).toMatchObject({ name: 'Notion', amount: 8, renewal_date: '2027-01-01' });
    expect(await refusalOf(alice, 'imports.remap', { id: preview.id, mapping: { amount: 0 } })).toMatchObject({ code: 'validation', message: "Column 'Tool' cannot be both name and amount: choose one" });
  });

  it('flags rows that repeat an existing subscription or an earlier row, and skips them unless asked', async () => {
    await alice.call('expenses.create', { name: 'Figma', amount: 45, currency: 'USD', renewal_date: '2027-01-10' });
    const sheet = 'Name,Amount,Currency,Renewal date\nfigma,45,USD,2027-02-10\nZoom,15,USD,2027-01-05\nZoom,15,USD,2027-01-05\n';
    const { preview } = await alice.call('imports.preview', { file: bytes(sheet) });
    expect(preview.duplicates).toEqual({ existing: 1, in_file: 1, rows: [2, 4] });
    expect(preview.rows.map((r) => r.duplicate)).toEqual(['existing', null, 'file']);
    expect(preview.will_create).toBe(1);
    const { import: result } = await alice.call('imports.commit', { id: preview.id });
    expect(result).toMatchObject({ created: 1, skipped: 2 });
    expect((await listAll(alice)).map((e) => e.name).sort()).toEqual(['Figma', 'Zoom']);
  });
});

describe('import commit', () => {
  it('is all or nothing: with an invalid row nothing is saved, and the refusal says how to go on', async () => {
    await alice.call('settings.update', { locale: 'de-DE' });
    const { preview } = await alice.call('imports.preview', { file: bytes(GERMAN_SHEET) });
    const refusal = await refusalOf(alice, 'imports.commit', { id: preview.id });
    expect(refusal.code).toBe('validation');
    expect(refusal.message).toBe("Nothing was imported: 1 row has errors (row 4, Betrag: 'abc' is not a number). Fix the file and choose it again, or import the 2 valid rows and skip the 1 other");
    expect(await listAll(alice)).toEqual([]);
    const { import: result } = await alice.call('imports.commit', { id: preview.id, skip_invalid: true });
    expect(result).toMatchObject({ created: 2, skipped: 1, undo_until: '2026-12-04T09:00:00.000Z' });
    const saved = await listAll(alice);
    expect(saved.map((e) => [e.name, e.amount, e.renewal_date])).toEqual(
      expect.arrayContaining([
        ['Figma', 1234.56, '2027-03-31'],
        ['Slack', 87.5, '2027-01-15'],
      ]),
    );
    expect((await alice.call('categories.list', {})).categories.map((c) => c.name)).toEqual(expect.arrayContaining(['Design', 'Kommunikation']));
  });

  it('plans the reminders of the imported rows in the same commit', async () => {
    await core.close();
    core = await startTestCore({ clock: testClock('2026-12-03T09:00:00Z', 'UTC'), reminders: true });
    alice = await signedInCaller(core, 'alice');
    const sheet = 'Name,Amount,Renewal date,Reminder days\nFigma,45,2026-12-10,3\n';
    const { preview } = await alice.call('imports.preview', { file: bytes(sheet) });
    await alice.call('imports.commit', { id: preview.id });
    const reminders = (await alice.call('reminders.list', {})).reminders;
    expect(reminders.map((r) => [r.expense_name, r.kind, r.target_date, r.lead_days, r.state])).toEqual([['Figma', 'renewal', '2026-12-10', 3, 'pending']]);
  });

  it('commits once: a second commit of the same preview is refused and saves nothing more', async () => {
    const { preview } = await alice.call('imports.preview', { file: bytes('Name,Amount,Renewal date\nA,1,2027-01-01\n') });
    const [first, second] = await Promise.allSettled([alice.call('imports.commit', { id: preview.id }), alice.call('imports.commit', { id: preview.id })]);
    expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(await listAll(alice)).toHaveLength(1);
    expect((await refusalOf(alice, 'imports.commit', { id: preview.id })).message).toBe(`Import ${preview.id} was already committed: choose the file again to import it again`);
  });

  it('imports a Wallos JSON export in one step: paused, manual renewal, notice period from the cancellation date, no reminders', async () => {
    const { preview } = await alice.call('imports.preview', { file: fixture('wallos-export.json'), name: 'wallos.json' });
    expect(preview.format).toBe('wallos-json');
    expect(preview.error_count).toBe(0);
    await alice.call('imports.commit', { id: preview.id });
    const byName = new Map((await listAll(alice)).map((e) => [e.name, e]));
    expect(byName.get('Netflix')).toMatchObject({ amount: 9.99, currency: 'EUR', status: 'active', auto_renew: true, notice_period_days: 7, url: 'https://netflix.com', payment_method: 'PayPal', description: 'Family plan' });
    expect(byName.get('Domain')).toMatchObject({ status: 'paused', auto_renew: false, billing_cycle: { unit: 'month', every: 3 }, reminder_days: [] });
  });
});

describe('import undo', () => {
  it('removes every row the import created and nothing else, within 24 hours; later it refuses', async () => {
    await alice.call('expenses.create', { name: 'Typed by hand', amount: 5, renewal_date: '2027-01-10' });
    const first = (await alice.call('imports.preview', { file: bytes('Name,Amount,Renewal date\nA,1,2027-01-01\nB,2,2027-01-02\n') })).preview;
    await alice.call('imports.commit', { id: first.id });
    const { imports } = await alice.call('imports.list', {});
    expect(imports[0]).toMatchObject({ id: first.id, state: 'committed', created: 2, can_undo: true, username: 'alice' });
    const undone = await alice.call('imports.undo', { id: first.id });
    expect(undone).toMatchObject({ removed: 2, import: { state: 'undone', can_undo: false } });
    expect((await listAll(alice)).map((e) => e.name)).toEqual(['Typed by hand']);
    expect((await refusalOf(alice, 'imports.undo', { id: first.id })).message).toBe(`Import ${first.id} was already undone`);

    const second = (await alice.call('imports.preview', { file: bytes('Name,Amount,Renewal date\nC,3,2027-01-03\n') })).preview;
    await alice.call('imports.commit', { id: second.id });
    core.clock.advance(24 * 3_600_000 + 1000);
    expect((await refusalOf(alice, 'imports.undo', { id: second.id })).code).toBe('conflict');
    expect((await listAll(alice)).map((e) => e.name).sort()).toEqual(['C', 'Typed by hand']);
  });
});

describe('a large import', () => {
  it('saves rows over several insert batches exactly as expenses.create would, with their reminders, and an undo in batches removes them all and nothing else', async () => {
    await core.close();
    core = await startTestCore({ clock: testClock('2026-12-03T09:00:00Z', 'UTC'), reminders: true });
    alice = await signedInCaller(core, 'alice');
    await alice.call('expenses.create', { name: 'Typed by hand', amount: 5, renewal_date: '2027-01-10', reminder_days: [3] });
    const count = 250;
    const lines = ['Name,Amount,Currency,Cycle,Renewal date,Reminder days,Notes,Cost centre'];
    for (let i = 0; i < count; i++) lines.push(`Tool ${i},${1 + (i % 90)}.${String(i % 100).padStart(2, '0')},${i % 2 ? 'EUR' : 'USD'},Every ${1 + (i % 3)} months,2027-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')},${1 + (i % 5)},${i % 4 ? '' : 'a note'},${i % 3 ? '' : 'Sales'}`);
    const { preview } = await alice.call('imports.preview', { file: bytes(lines.join('\n')) });
    expect(preview.valid_rows).toBe(count);
    await alice.call('imports.commit', { id: preview.id });
    const byName = new Map((await alice.call('expenses.list', { limit: 500 })).expenses.map((e: Expense) => [e.name, e]));
    expect(byName.size).toBe(count + 1);
    for (const i of [0, 99, 100, 101, 199, 200, 249]) {
      const typed = await alice.call('expenses.create', {
        name: `Typed ${i}`,
        amount: `${1 + (i % 90)}.${String(i % 100).padStart(2, '0')}`,
        currency: i % 2 ? 'EUR' : 'USD',
        billing_cycle: { unit: 'month', every: 1 + (i % 3) },
        renewal_date: `2027-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`,
        reminder_days: [1 + (i % 5)],
        ...(i % 4 ? {} : { description: 'a note' }),
        ...(i % 3 ? {} : { cost_centre: 'Sales' }),
      });
      const { id: _a, name: _n, created_at: _c, updated_at: _u, ...imported } = byName.get(`Tool ${i}`)!;
      const { id: _b, name: _m, created_at: _d, updated_at: _v, ...created } = typed.expense as Expense;
      expect(imported).toEqual(created);
      await alice.call('expenses.delete', { id: typed.expense.id });
    }
    const planned = (await alice.call('reminders.list', {})).reminders;
    expect(new Set(planned.map((r: { expense_name: string }) => r.expense_name)).size).toBeGreaterThan(count / 2);
    const undone = await alice.call('imports.undo', { id: preview.id });
    expect(undone.removed).toBe(count);
    expect((await listAll(alice)).map((e) => e.name)).toEqual(['Typed by hand']);
    expect((await alice.call('reminders.list', {})).reminders.every((r: { expense_name: string }) => r.expense_name === 'Typed by hand')).toBe(true);
  });
});

describe('import isolation', () => {
  it('keeps a preview to whoever made it and an import to its workspace', async () => {
    const bob = await signedInCaller(core, 'bob');
    const { preview } = await alice.call('imports.preview', { file: bytes('Name,Amount,Renewal date\nA,1,2027-01-01\n') });
    expect((await refusalOf(bob, 'imports.commit', { id: preview.id })).code).toBe('not_found');
    expect((await refusalOf(bob, 'imports.progress', { id: preview.id })).code).toBe('not_found');
    await alice.call('imports.commit', { id: preview.id });
    expect((await refusalOf(bob, 'imports.undo', { id: preview.id })).code).toBe('not_found');
    expect((await bob.call('imports.list', {})).imports).toEqual([]);
    expect(await listAll(bob)).toEqual([]);
  });
});

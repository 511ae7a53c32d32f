import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// Bug 7: "1,234.50" in en-US was refused as an amount. The server reads amount text in the account's locale.

let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

const plan = { name: 'Figma', amount: '0', renewal_date: '2026-04-15' };

describe('amount text in the account’s locale', () => {
  it('accepts "1,234.50" with locale en-US', async () => {
    await alice.call('settings.update', { locale: 'en-US' });
    expect((await alice.call('expenses.create', { ...plan, amount: '1,234.50' })).expense.amount).toBe(1234.5);
  });

  it('accepts "1.234,50" with locale de-DE, on create and update', async () => {
    await alice.call('settings.update', { locale: 'de-DE' });
    const { expense } = await alice.call('expenses.create', { ...plan, amount: '1.234,50', currency: 'EUR' });
    expect(expense.amount).toBe(1234.5);
    expect((await alice.call('expenses.update', { id: expense.id, amount: '2.000,00' })).expense.amount).toBe(2000);
  });

  it('refuses "1.234" in de-DE in words (it could be 1234 or 1,234) and stores nothing', async () => {
    await alice.call('settings.update', { locale: 'de-DE' });
    const result = await alice.result('expenses.create', { ...plan, amount: '1.234', currency: 'KWD' });
    expect(result).toMatchObject({ ok: false, error: { code: 'validation', fields: { amount: 'Amount "1.234" could mean 1234 or 1,234 in de-DE: write 1234, or 1,234 for the smaller amount' } } });
    expect(await core.database.db.selectFrom('expenses').select('id').execute()).toEqual([]);
  });

  it('refuses en-US grouping in a de-DE account, saying how de-DE writes it', async () => {
    await alice.call('settings.update', { locale: 'de-DE' });
    const result = await alice.result('expenses.create', { ...plan, amount: '1,234.50' });
    expect(result).toMatchObject({ ok: false, error: { fields: { amount: 'Amount "1,234.50" is not how de-DE writes numbers: like 1.234,50' } } });
  });

  it('keeps JSON numbers and plain "45.50" working in every locale', async () => {
    for (const locale of ['en-US', 'de-DE', 'fr-FR']) {
      await alice.call('settings.update', { locale });
      expect((await alice.call('expenses.create', { ...plan, amount: '45.50' })).expense.amount, locale).toBe(45.5);
      expect((await alice.call('expenses.create', { ...plan, amount: 45.5 })).expense.amount, locale).toBe(45.5);
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../../common/contract';
import { testClock } from '../../support/clock';
import { refusalOf } from '../../support/core';
import { type HookedCaller, type HookedCore, startHookedCore } from '../expenses/support';

let core: HookedCore;
let alice: HookedCaller;
afterEach(async () => {
  await core.close();
});

async function start() {
  core = await startHookedCore(testClock('2026-03-10T09:00:00Z', 'Europe/Berlin'));
  alice = await core.account('alice');
}

function errorOf(input: unknown) {
  return refusalOf(alice, 'settings.update', input);
}

describe('settings', () => {
  it('starts a new account with USD, reminders 7 days ahead at 09:00, the OS zone and no rates', async () => {
    await start();
    const { settings } = await alice.call('settings.get');
    expect(settings).toEqual({
      base_currency: 'USD',
      locale: null,
      time_zone: null,
      effective_time_zone: 'Europe/Berlin',
      reminder_days_default: [7],
      reminder_time: '09:00',
      reminders_paused_until: null,
      rates: [],
      rates_daily: false,
      rates_status: { fetched_at: null, error: null, error_since: null },
      smtp: null,
      smtp_from_environment: false,
      keychain_unavailable_reason: 'tests',
    });
  });

  it('changes only what is sent and returns the whole settings', async () => {
    await start();
    const { settings } = await alice.call('settings.update', { locale: 'de-DE', time_zone: 'America/New_York', reminder_days_default: [1, 7, 3], reminder_time: '08:30' });
    expect(settings).toMatchObject({
      base_currency: 'USD',
      locale: 'de-DE',
      time_zone: 'America/New_York',
      effective_time_zone: 'America/New_York',
      reminder_days_default: [7, 3, 1],
      reminder_time: '08:30',
    });
    const cleared = await alice.call('settings.update', { time_zone: null, locale: null });
    expect(cleared.settings).toMatchObject({ time_zone: null, effective_time_zone: 'Europe/Berlin', locale: null, reminder_time: '08:30' });
  });

  it('names each wrong field, refuses read-only and unknown ones, and changes nothing', async () => {
    await start();
    const error = await errorOf({ base_currency: 'XXY', time_zone: 'Mars/Olympus', reminder_time: '9am', reminder_days_default: [], locale: 'not a locale!' });
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['base_currency', 'locale', 'reminder_days_default', 'reminder_time', 'time_zone']);
    expect((await errorOf({ reminders_paused_until: '2030-01-01T00:00:00Z' })).fields).toEqual({
      reminders_paused_until: 'Unknown field "reminders_paused_until"',
    });
    expect((await alice.call('settings.get')).settings.base_currency).toBe('USD');
  });

  it('replaces the list of rates, keeping the exact decimal text in one spelling', async () => {
    await start();
    await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.0800' }, { currency: 'jpy', rate: 0.0067 }] });
    core.clock.advance(60_000);
    const { settings } = await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.08' }, { currency: 'GBP', rate: '.79' }] });
    expect(settings.rates).toEqual([
      // Unchanged rate: keeps the time it was set.
      { currency: 'EUR', rate: '1.08', updated_at: '2026-03-10T09:00:00.000Z', source: 'manual', rate_date: null },
      { currency: 'GBP', rate: '0.79', updated_at: '2026-03-10T09:01:00.000Z', source: 'manual', rate_date: null },
    ]);
  });

  it('refuses a rate for the base currency itself, a currency listed twice, and a zero or negative rate', async () => {
    await start();
    expect((await errorOf({ rates: [{ currency: 'USD', rate: '1' }] })).fields).toEqual({ 'rates.0.currency': 'USD is the base currency; its rate is always 1' });
    expect((await errorOf({ rates: [{ currency: 'EUR', rate: '1.1' }, { currency: 'EUR', rate: '1.2' }] })).fields).toEqual({ 'rates.1.currency': 'EUR is listed twice' });
    expect((await errorOf({ rates: [{ currency: 'EUR', rate: '0' }] })).fields).toEqual({ 'rates.0.rate': 'Rate must be a positive decimal number, like 1.08' });
    expect((await errorOf({ rates: [{ currency: 'EUR', rate: '-1' }] })).fields).toHaveProperty(['rates.0.rate']);
    expect((await errorOf({ base_currency: 'EUR', rates: [{ currency: 'EUR', rate: '1' }] })).fields).toEqual({ 'rates.0.currency': 'EUR is the base currency; its rate is always 1' });
    expect((await alice.call('settings.get')).settings.rates).toEqual([]);
  });

  it('re-expresses saved rates through the new base currency', async () => {
    await start();
    await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.25' }, { currency: 'GBP', rate: '1.5' }] });
    const { settings } = await alice.call('settings.update', { base_currency: 'EUR' });
    // GBP: 1.5 / 1.25 = 1.2 EUR; USD: 1 / 1.25 = 0.8 EUR
    expect(settings.base_currency).toBe('EUR');
    expect(settings.rates.map((r) => [r.currency, r.rate])).toEqual([
      ['GBP', '1.2'],
      ['USD', '0.8'],
    ]);
  });

  it('rounds re-expressed rates to 12 significant digits', async () => {
    await start();
    await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.08' }] });
    const { settings } = await alice.call('settings.update', { base_currency: 'EUR' });
    expect(settings.rates).toMatchObject([{ currency: 'USD', rate: '0.925925925926' }]);
  });

  it('refuses a new base currency that has no rate to convert the saved ones through', async () => {
    await start();
    await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.08' }] });
    const error = await errorOf({ base_currency: 'GBP' });
    expect(error.fields).toEqual({ base_currency: 'Your exchange rates are in USD: add a rate for GBP first, or send the rates against GBP with this change' });
    const both = await alice.call('settings.update', { base_currency: 'GBP', rates: [{ currency: 'USD', rate: '0.79' }] });
    expect(both.settings).toMatchObject({ base_currency: 'GBP', rates: [{ currency: 'USD', rate: '0.79' }] });
  });

  it('tells the reminders when lead days, time of day or zone change, and only then', async () => {
    await start();
    // Lead days and time of day are the workspace's (replan its subscriptions); the zone is the member's own
    // (replan the reminders they receive, in every workspace).
    const workspace = { hook: 'settingsChanged', workspaceId: alice.workspaceId, inTransaction: true };
    const member = { hook: 'memberChanged', userId: alice.userId, inTransaction: true };
    const cases: [InputOf<'settings.update'>, object][] = [
      [{ reminder_days_default: [3] }, workspace],
      [{ reminder_time: '07:00' }, workspace],
      [{ time_zone: 'Asia/Tokyo' }, member],
      [{ time_zone: null }, member],
    ];
    for (const [input, changed] of cases) {
      core.hooks.calls.length = 0;
      await alice.call('settings.update', input);
      expect(core.hooks.calls, JSON.stringify(input)).toEqual([changed, { hook: 'rearm' }]);
    }
    for (const input of [{ base_currency: 'EUR' }, { locale: 'fr-FR' }, { rates: [{ currency: 'USD', rate: '0.9' }] }, { reminder_days_default: [3] }, { reminder_time: '07:00' }]) {
      core.hooks.calls.length = 0;
      await alice.call('settings.update', input);
      expect(core.hooks.calls, JSON.stringify(input)).toEqual([]);
    }
  });

  it('keeps the old settings when the reminders fail to replan', async () => {
    await start();
    core.hooks.failNext = true;
    expect((await alice.result('settings.update', { reminder_time: '06:00', rates: [{ currency: 'EUR', rate: '1.1' }] })).ok).toBe(false);
    expect((await alice.call('settings.get')).settings).toMatchObject({ reminder_time: '09:00', rates: [] });
  });

  it('makes every subscription’s base amount follow the rates', async () => {
    await start();
    const { expense } = await alice.call('expenses.create', { name: 'Figma', amount: 10, currency: 'EUR', renewal_date: '2026-04-01' });
    expect(expense.monthly_cost_base).toBeNull();
    await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.1' }] });
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ monthly_cost_base: 11, base_currency: 'USD' });
    await alice.call('settings.update', { base_currency: 'EUR' });
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ monthly_cost_base: 10, base_currency: 'EUR' });
  });
});

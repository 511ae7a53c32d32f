import { afterEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../main/core/context';
import { trayMenuTemplate, trayTooltip } from '../../main/electron/tray-content';
import { loadTrayData, pauseReminders, type TrayDataSource } from '../../main/electron/tray-data';
import { signedInCaller, startTestCore, type TestCore } from '../support/core';

let core: TestCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

/** The tray's data source as main/index.ts builds it, over the real core (clock: 2026-03-10 09:00 UTC). */
async function desktop() {
  core = await startTestCore();
  const caller = await signedInCaller(core);
  const context = async (): Promise<RequestContext> => ({ userId: caller.userId, session: { signIn: async () => {}, signOut: async () => {} } });
  const source: TrayDataSource = { invoke: core.invoke, context, now: () => core!.clock.now(), osLocale: 'en-US', osTimeZone: 'UTC' };
  return { caller, source };
}

describe('tray over the real core', () => {
  it('names the next renewal from dashboard.stats: "Next: Figma renews in 3 days — $45.00"', async () => {
    const { caller, source } = await desktop();
    await caller.call('expenses.create', { name: 'Slack', amount: 8.75, currency: 'USD', renewal_date: '2026-03-20' });
    await caller.call('expenses.create', { name: 'Figma', amount: 45, currency: 'USD', renewal_date: '2026-03-13' });
    const data = await loadTrayData(source);
    expect(trayTooltip(data)).toBe('Next: Figma renews in 3 days — $45.00');
    const labels = trayMenuTemplate(data, { open() {}, openExpense() {}, pause() {}, quit() {} }, () => new Date()).map((i) => i.label);
    expect(labels.slice(0, 3)).toEqual(['Upcoming renewals', 'Figma — in 3 days — $45.00', 'Slack — in 10 days — $8.75']);
  });

  it('"Pause reminders for 1 hour" holds them through reminders.pause; the tray then says until when', async () => {
    const { caller, source } = await desktop();
    expect(await pauseReminders(source, new Date('2026-03-10T10:00:00Z'))).toBe(true);
    const { settings } = await caller.call('settings.get');
    expect(new Date(settings.reminders_paused_until!).toISOString()).toBe('2026-03-10T10:00:00.000Z');
    const data = await loadTrayData(source);
    expect(trayTooltip(data)).toBe('Spend Manager — no renewals in the next 30 days\nReminders paused until Tue 10:00 AM');
    expect(await pauseReminders(source, null)).toBe(true);
    expect(await loadTrayData(source)).toMatchObject({ pausedUntil: null });
  });
});

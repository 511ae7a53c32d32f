import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OperationName, OutputOf } from '../../../common/contract';
import type { DashboardStats } from '../../../common/contract/dashboard';
import type { Settings } from '../../../common/contract/settings';
import type { Result } from '../../../common/errors';
import { createTray } from '../../../main/electron/tray';
import { pauseTimes, trayMenuTemplate, trayTooltip, type Renewal, type TrayData } from '../../../main/electron/tray-content';
import { loadTrayData, pauseReminders } from '../../../main/electron/tray-data';
import { FakeBrowserWindow, FakeMenu, FakeTray, readyWindows } from './fakes';

const NOW = new Date('2026-03-10T09:00:00Z');

function renewal(id: number, name: string, days_left: number, amount: number, currency = 'USD'): Renewal {
  return {
    id,
    name,
    category: 'Software',
    renewal_date: `2026-03-${String(10 + days_left).padStart(2, '0')}`,
    days_left,
    amount,
    currency,
    amount_base: amount,
    billing_cycle: { unit: 'month', every: 1 },
    status: 'active',
    occurrences: 1,
  };
}

const ready = (renewals: Renewal[], pausedUntil: Date | null = null): TrayData => ({ state: 'ready', renewals, pausedUntil, locale: 'en-US', timeZone: 'Europe/Berlin' });

function actionsLog() {
  const calls: string[] = [];
  return {
    calls,
    actions: {
      open: () => calls.push('open'),
      openExpense: (id: number) => calls.push(`expense ${id}`),
      pause: (until: Date | null) => calls.push(`pause ${until ? until.toISOString() : 'resume'}`),
      quit: () => calls.push('quit'),
    },
  };
}

const labels = (items: any[]) => items.filter((i) => i.type !== 'separator').map((i) => i.label);

describe('tray tooltip', () => {
  it('names the next renewal, its days left and its amount', () => {
    expect(trayTooltip(ready([renewal(1, 'Figma', 3, 45)]))).toBe('Next: Figma renews in 3 days — $45.00');
    expect(trayTooltip(ready([renewal(1, 'Slack', 1, 8.75, 'EUR')]))).toBe('Next: Slack renews tomorrow — €8.75');
    expect(trayTooltip(ready([renewal(1, 'Notion', 0, 1000, 'JPY')]))).toBe('Next: Notion renews today — ¥1,000');
  });

  it('says when nothing renews soon, when nobody is signed in, and when reminders are paused', () => {
    expect(trayTooltip(ready([]))).toBe('Spend Manager — no renewals in the next 30 days');
    expect(trayTooltip({ state: 'signed-out' })).toBe('Spend Manager — sign in to see your renewals');
    expect(trayTooltip(ready([renewal(1, 'Figma', 3, 45)], new Date('2026-03-10T14:30:00Z')))).toBe(
      'Next: Figma renews in 3 days — $45.00\nReminders paused until Tue 3:30 PM',
    );
  });
});

describe('tray menu', () => {
  it('lists the next five renewals; clicking one opens that subscription', () => {
    const { calls, actions } = actionsLog();
    const renewals = [1, 2, 3, 4, 5, 6].map((i) => renewal(i, `Tool ${i}`, i + 1, 10 * i));
    const items = trayMenuTemplate(ready(renewals), actions, () => NOW);
    expect(labels(items)).toEqual([
      'Upcoming renewals',
      'Tool 1 — in 2 days — $10.00',
      'Tool 2 — in 3 days — $20.00',
      'Tool 3 — in 4 days — $30.00',
      'Tool 4 — in 5 days — $40.00',
      'Tool 5 — in 6 days — $50.00',
      'Open Spend Manager',
      'Pause reminders',
      'Quit Spend Manager',
    ]);
    items.find((i) => i.label === 'Tool 3 — in 4 days — $30.00')!.click!(null as never, undefined, null as never);
    items.find((i) => i.label === 'Open Spend Manager')!.click!(null as never, undefined, null as never);
    items.find((i) => i.label === 'Quit Spend Manager')!.click!(null as never, undefined, null as never);
    expect(calls).toEqual(['expense 3', 'open', 'quit']);
  });

  it('shows a literal & in a name (Electron reads a single & as a mnemonic)', () => {
    const items = trayMenuTemplate(ready([renewal(1, 'AT&T', 2, 30)]), actionsLog().actions, () => NOW);
    expect(labels(items)).toContain('AT&&T — in 2 days — $30.00');
  });

  it('pauses reminders for 1 hour from the moment of the click, or until the start of tomorrow in the account zone', () => {
    const { calls, actions } = actionsLog();
    let now = NOW;
    const items = trayMenuTemplate(ready([]), actions, () => now);
    const pause = items.find((i) => i.label === 'Pause reminders')!.submenu as any[];
    expect(labels(pause)).toEqual(['For 1 hour', 'Until tomorrow']);
    now = new Date('2026-03-10T11:00:00Z'); // the menu stayed open for two hours
    pause[0].click();
    pause[1].click();
    expect(calls).toEqual(['pause 2026-03-10T12:00:00.000Z', 'pause 2026-03-10T23:00:00.000Z']); // Berlin midnight = 23:00 UTC in winter
  });

  it('"until tomorrow" is local midnight across a DST change', () => {
    // 2026-03-29: Berlin springs forward; midnight of the 29th is still +01:00, of the 30th +02:00.
    expect(pauseTimes(new Date('2026-03-29T12:00:00Z'), 'Europe/Berlin').tomorrow.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(pauseTimes(new Date('2026-03-28T12:00:00Z'), 'Europe/Berlin').tomorrow.toISOString()).toBe('2026-03-28T23:00:00.000Z');
  });

  it('while paused: says until when, and offers Resume', () => {
    const { calls, actions } = actionsLog();
    const items = trayMenuTemplate(ready([], new Date('2026-03-10T23:00:00Z')), actions, () => NOW);
    expect(labels(items)).toEqual(['No renewals in the next 30 days', 'Open Spend Manager', 'Reminders paused until Wed 12:00 AM', 'Resume reminders', 'Quit Spend Manager']);
    items.find((i) => i.label === 'Resume reminders')!.click!(null as never, undefined, null as never);
    expect(calls).toEqual(['pause resume']);
  });

  it('signed out: no renewals and no pause, only Open and Quit', () => {
    expect(labels(trayMenuTemplate({ state: 'signed-out' }, actionsLog().actions, () => NOW))).toEqual([
      'Sign in to see upcoming renewals',
      'Open Spend Manager',
      'Quit Spend Manager',
    ]);
  });
});

describe('tray icon', () => {
  beforeEach(() => {
    FakeTray.created = [];
    FakeBrowserWindow.created = [];
  });
  afterEach(() => vi.useRealTimers());

  function setup(load: () => Promise<TrayData>, platform: NodeJS.Platform = 'win32') {
    const { calls, actions } = actionsLog();
    const windows = readyWindows();
    const tray = createTray({ Tray: FakeTray as never, Menu: FakeMenu as never, icon: '/icons/tray.png', load, actions, now: () => NOW, platform, windows, refreshEveryMs: 60_000 });
    return { tray, fake: FakeTray.created.at(-1)!, calls, windows };
  }

  it('shows the next renewal in the tooltip and the menu once loaded', async () => {
    const { tray, fake } = setup(async () => ready([renewal(7, 'Figma', 3, 45)]));
    await tray.refresh();
    expect(fake.image).toBe('/icons/tray.png');
    expect(fake.tooltip).toBe('Next: Figma renews in 3 days — $45.00');
    expect(fake.menu!.labels()).toContain('Figma — in 3 days — $45.00');
    tray.destroy();
    expect(fake.destroyed).toBe(true);
  });

  it('refreshes every few minutes and when the window gains or loses focus', async () => {
    vi.useFakeTimers();
    let days = 3;
    const { tray, fake, windows } = setup(async () => ready([renewal(7, 'Figma', days, 45)]));
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.tooltip).toBe('Next: Figma renews in 3 days — $45.00');
    days = 2;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.tooltip).toBe('Next: Figma renews in 2 days — $45.00');
    days = 1;
    windows.show()!.emit('blur');
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.tooltip).toBe('Next: Figma renews tomorrow — $45.00');
    tray.destroy();
    days = 0;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fake.tooltip).toBe('Next: Figma renews tomorrow — $45.00');
  });

  it('after Pause, reloads so the menu says "paused until" at once', async () => {
    let paused: Date | null = null;
    const pauseCalls: (Date | null)[] = [];
    const { calls, actions } = actionsLog();
    const tray = createTray({
      Tray: FakeTray as never,
      Menu: FakeMenu as never,
      icon: 'x',
      load: async () => ready([], paused),
      actions: { ...actions, pause: async (until) => (pauseCalls.push(until), (paused = until)) },
      now: () => NOW,
      platform: 'linux',
      windows: readyWindows(),
    });
    await tray.refresh();
    const fake = FakeTray.created.at(-1)!;
    fake.menu!.click('Pause reminders', 'For 1 hour');
    await vi.waitFor(() => expect(fake.menu!.labels()).toContain('Reminders paused until Tue 11:00 AM'));
    expect(pauseCalls).toEqual([new Date('2026-03-10T10:00:00Z')]);
    expect(calls).toEqual([]);
    tray.destroy();
  });

  it('a left click opens the window on Windows and Linux; on macOS a click shows the menu', () => {
    const win = setup(async () => ready([]), 'win32');
    win.fake.emit('click');
    expect(win.calls).toEqual(['open']);
    win.tray.destroy();
    const mac = setup(async () => ready([]), 'darwin');
    expect(mac.fake.listenerCount('click')).toBe(0);
    mac.tray.destroy();
  });

  it('a failed load leaves a plain tray with Open and Quit, never a crash', async () => {
    const errors: unknown[] = [];
    const tray = createTray({
      Tray: FakeTray as never,
      Menu: FakeMenu as never,
      icon: 'x',
      load: async () => {
        throw new Error('database is locked');
      },
      actions: actionsLog().actions,
      now: () => NOW,
      platform: 'linux',
      windows: readyWindows(),
      onError: (e) => errors.push(e),
    });
    await tray.refresh();
    const fake = FakeTray.created.at(-1)!;
    expect(fake.tooltip).toBe('Spend Manager');
    expect(fake.menu!.labels()).toEqual(['Open Spend Manager', 'Quit Spend Manager']);
    expect(errors).toHaveLength(2);
    tray.destroy();
  });
});

describe('tray data, through the core door', () => {
  const stats = { upcoming_renewals: [renewal(2, 'Slack', 9, 8), renewal(1, 'Figma', 3, 45)] } as DashboardStats;
  const settings = { locale: 'de-DE', effective_time_zone: 'Europe/Berlin', reminders_paused_until: '2026-03-10T10:00:00.000Z' } as Settings;

  function source(userId: number | null, results: { [K in OperationName]?: Result<OutputOf<K>> }) {
    const calls: [string, unknown, number | null][] = [];
    const missing = { ok: false, error: { code: 'not_found', message: 'x' } } as const;
    return {
      calls,
      source: {
        invoke: async <K extends OperationName>(name: K, input: unknown, ctx: { userId: number | null }) => (calls.push([name, input, ctx.userId]), results[name] ?? missing),
        context: async () => ({ userId, session: { signIn: async () => {}, signOut: async () => {} } }),
        now: () => NOW,
        osLocale: 'en-US',
        osTimeZone: 'UTC',
      },
    };
  }

  it('asks dashboard.stats and settings.get as the signed-in account, soonest renewal first', async () => {
    const { source: s, calls } = source(4, { 'dashboard.stats': { ok: true, data: stats }, 'settings.get': { ok: true, data: { settings } } });
    const data = await loadTrayData(s);
    expect(calls.map(([name, , user]) => `${name} as ${user}`).sort()).toEqual(['dashboard.stats as 4', 'settings.get as 4']);
    expect(data).toMatchObject({ state: 'ready', locale: 'de-DE', timeZone: 'Europe/Berlin', pausedUntil: new Date('2026-03-10T10:00:00.000Z') });
    expect(data.state === 'ready' && data.renewals.map((r) => r.name)).toEqual(['Figma', 'Slack']);
  });

  it('a pause that has ended is no pause; the OS locale and zone fill in for "follow the system"', async () => {
    const old = { ...settings, locale: null, reminders_paused_until: '2026-03-10T08:00:00.000Z' };
    const { source: s } = source(4, { 'dashboard.stats': { ok: true, data: stats }, 'settings.get': { ok: true, data: { settings: old } } });
    expect(await loadTrayData(s)).toMatchObject({ pausedUntil: null, locale: 'en-US' });
  });

  it('signed out: asks nothing', async () => {
    const { source: s, calls } = source(null, {});
    expect(await loadTrayData(s)).toEqual({ state: 'signed-out' });
    expect(calls).toEqual([]);
  });

  it('pauses through reminders.pause with an ISO instant, resumes with null', async () => {
    const { source: s, calls } = source(4, { 'reminders.pause': { ok: true, data: { paused_until: null } } });
    expect(await pauseReminders(s, new Date('2026-03-10T10:00:00Z'))).toBe(true);
    expect(await pauseReminders(s, null)).toBe(true);
    expect(calls).toEqual([
      ['reminders.pause', { until: '2026-03-10T10:00:00.000Z' }, 4],
      ['reminders.pause', { until: null }, 4],
    ]);
  });
});

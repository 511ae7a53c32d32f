import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { setupCloseToTray } from '../../../main/electron/close-to-tray';
import { createPreferencesFile } from '../../../main/electron/preferences-file';
import type { DesktopNotification } from '../../../main/ports';
import { tempDir } from '../../support/temp';
import { FakeApp, FakeBrowserWindow, FakeEmitter, readyWindows } from './fakes';

beforeEach(() => {
  FakeBrowserWindow.created = [];
});

function setup(platform: NodeJS.Platform = 'linux', file = path.join(tempDir(), 'desktop-preferences.json'), tray = { shown: true }) {
  const app = new FakeApp();
  const powerMonitor = new FakeEmitter();
  const preferences = createPreferencesFile(file);
  const windows = readyWindows();
  const notices: DesktopNotification[] = [];
  const closeToTray = setupCloseToTray({
    app: app as never,
    powerMonitor: powerMonitor as never,
    platform,
    preferences,
    notify: (n) => (notices.push(n), true),
    windows,
    trayShown: () => tray.shown,
  });
  return { app, powerMonitor, preferences, windows, notices, closeToTray, file };
}

describe('closing the window keeps the app in the tray', () => {
  it('hides instead of closing, and says so the first time only', () => {
    const { windows, notices } = setup();
    const window = windows.show()!;
    window.show();
    expect(window.close()).toBe(false);
    expect(window).toMatchObject({ visible: false, destroyed: false });
    expect(notices).toEqual([{ title: 'Spend Manager is still running in the tray', body: expect.stringContaining('renewal reminders') }]);
    window.show();
    window.close();
    expect(notices).toHaveLength(1);
  });

  it('remembers across runs that the notice was shown', () => {
    const first = setup();
    first.windows.show()!.close();
    const second = setup('linux', first.file);
    second.windows.show()!.close();
    expect(first.notices).toHaveLength(1);
    expect(second.notices).toHaveLength(0);
  });

  it('says "menu bar" on macOS', () => {
    const { windows, notices } = setup('darwin');
    windows.show()!.close();
    expect(notices[0]!.title).toBe('Spend Manager is still running in the menu bar');
  });

  it('Quit really quits: after before-quit the window closes', () => {
    const { app, windows, closeToTray } = setup();
    const window = windows.show()!;
    app.quit();
    expect(closeToTray.quitting()).toBe(true);
    expect(window.close()).toBe(true);
    expect(window.destroyed).toBe(true);
  });

  it('a system shutdown (macOS/Linux) or a Windows log-off is not held up by the tray', () => {
    const a = setup();
    const w1 = a.windows.show()!;
    a.powerMonitor.emit('shutdown');
    expect(w1.close()).toBe(true);

    const b = setup();
    const w2 = b.windows.show()!;
    w2.emit('session-end', {});
    expect(w2.close()).toBe(true);
  });

  it('with "keep running in the tray" turned off, closing closes', () => {
    const { windows, preferences, notices } = setup();
    preferences.write({ close_to_tray: false });
    const window = windows.show()!;
    expect(window.close()).toBe(true);
    expect(notices).toEqual([]);
  });

  it('without a tray icon (Linux with no StatusNotifier host) closing quits, and no notice claims a tray', () => {
    const tray = { shown: false };
    const { windows, notices } = setup('linux', path.join(tempDir(), 'desktop-preferences.json'), tray);
    const window = windows.show()!;
    window.show();
    expect(window.close()).toBe(true);
    expect(window.destroyed).toBe(true);
    expect(notices).toEqual([]);
    // An AppIndicator extension turned on later: the next window hides into the tray again.
    tray.shown = true;
    const next = windows.show()!;
    expect(next.close()).toBe(false);
    expect(notices.map((n) => n.title)).toEqual(['Spend Manager is still running in the tray']);
  });

  it('applies to a window created later (after one was really closed)', () => {
    const { windows, preferences } = setup();
    preferences.write({ close_to_tray: false });
    windows.show()!.close();
    preferences.write({ close_to_tray: true });
    const second = windows.show()!;
    expect(second.close()).toBe(false);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { createNotifier } from '../../../main/electron/notifier';
import { FakeBrowserWindow, FakeNotification, readyWindows } from './fakes';

beforeEach(() => {
  FakeNotification.reset();
  FakeBrowserWindow.created = [];
});

/** The notifier wired as main/index.ts wires it: clicks go through the one window controller. */
function setup() {
  const windows = readyWindows();
  const notifier = createNotifier({
    Notification: FakeNotification as never,
    icon: '/icons/icon.png',
    open: () => windows.show()!,
    openExpense: (id) => windows.send('open-expense', { id }),
  });
  return { windows, notifier };
}

describe('OS notifications (reminders)', () => {
  it('shows the reminder with its title, body and the app icon', () => {
    const { notifier } = setup();
    expect(notifier.notify({ title: 'Figma renews in 7 days — $45.00', body: 'Still need it?', expenseId: 12 })).toBe(true);
    expect(FakeNotification.shown).toHaveLength(1);
    expect(FakeNotification.shown[0]!.options).toEqual({ title: 'Figma renews in 7 days — $45.00', body: 'Still need it?', icon: '/icons/icon.png' });
  });

  it('a click brings the hidden window forward on that subscription', () => {
    const { windows, notifier } = setup();
    const window = windows.show()!;
    window.webContents.finishLoad();
    window.minimize();
    window.hide();
    notifier.notify({ title: 'Figma renews tomorrow — $45.00', body: 'Still need it?', expenseId: 12 });
    FakeNotification.shown[0]!.click();
    expect(window).toMatchObject({ visible: true, minimized: false, focused: true });
    expect(window.webContents.sent).toEqual([['spend-event:open-expense', { id: 12 }]]);
  });

  it('a click while the window was closed opens a new one and routes once it has loaded', () => {
    const { notifier } = setup();
    notifier.notify({ title: 'Slack renews today — €8.75', body: 'Still need it?', expenseId: 5 });
    FakeNotification.shown[0]!.click();
    const window = FakeBrowserWindow.created[0]!;
    expect(window.webContents.sent).toEqual([]);
    window.webContents.finishLoad();
    expect(window.webContents.sent).toEqual([['spend-event:open-expense', { id: 5 }]]);
  });

  it('a notification about no subscription just brings the window forward', () => {
    const { windows, notifier } = setup();
    const window = windows.show()!;
    window.hide();
    notifier.notify({ title: 'Spend Manager is still running', body: '…' });
    FakeNotification.shown[0]!.click();
    expect(window.visible).toBe(true);
    expect(window.webContents.sent).toEqual([]);
  });

  it('returns false, showing nothing, where the OS has no notifications', () => {
    FakeNotification.supported = false;
    const { notifier } = setup();
    expect(notifier.notify({ title: 'x', body: 'y', expenseId: 1 })).toBe(false);
    expect(FakeNotification.shown).toEqual([]);
  });
});

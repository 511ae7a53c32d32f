import { beforeEach, describe, expect, it } from 'vitest';
import { setupSingleInstance } from '../../../main/electron/single-instance';
import { createWindowController } from '../../../main/electron/window-controller';
import { FakeApp, FakeBrowserWindow, readyWindows } from './fakes';

beforeEach(() => {
  FakeBrowserWindow.created = [];
});

const controller = () => readyWindows();

describe('the one main window', () => {
  it('creates the window on first show and reuses it afterwards', () => {
    const windows = controller();
    expect(windows.current()).toBeNull();
    const first = windows.show()!;
    expect(windows.show()!).toBe(first);
    expect(FakeBrowserWindow.created).toHaveLength(1);
  });

  it('brings a minimized, hidden window back: restored, shown and focused', () => {
    const windows = controller();
    const window = windows.show()!;
    window.minimize();
    window.hide();
    windows.show()!;
    expect(window).toMatchObject({ minimized: false, visible: true, focused: true });
  });

  it('opens a new window after the old one was closed', () => {
    const windows = controller();
    const first = windows.show()!;
    first.close();
    expect(windows.current()).toBeNull();
    const second = windows.show()!;
    expect(second).not.toBe(first);
    expect(FakeBrowserWindow.created).toHaveLength(2);
  });

  it('tells every listener about each new window, and about the open one when it subscribes late', () => {
    const windows = controller();
    const early: FakeBrowserWindow[] = [];
    windows.onCreated((w) => early.push(w));
    const first = windows.show()!;
    const late: FakeBrowserWindow[] = [];
    windows.onCreated((w) => late.push(w));
    first.close();
    const second = windows.show()!;
    expect(early).toEqual([first, second]);
    expect(late).toEqual([first, second]);
  });

  it('sends an event once the page has loaded, and at once when it already has', () => {
    const windows = controller();
    windows.send('navigate', { to: '/subscriptions/new' });
    const window = FakeBrowserWindow.created[0]!;
    expect(window.webContents.sent).toEqual([]);
    window.webContents.finishLoad();
    expect(window.webContents.sent).toEqual([['spend-event:navigate', { to: '/subscriptions/new' }]]);
    windows.send('open-expense', { id: 3 });
    expect(window.webContents.sent.at(-1)).toEqual(['spend-event:open-expense', { id: 3 }]);
  });
});

describe('before the core is up', () => {
  it('opens no window while starting; a second launch meanwhile opens it once ready', () => {
    const windows = createWindowController(() => new FakeBrowserWindow());
    expect(windows.show()).toBeNull();
    expect(FakeBrowserWindow.created).toHaveLength(0);
    windows.ready({ show: false });
    expect(FakeBrowserWindow.created).toHaveLength(1);
  });

  it('started hidden at login: no window at all until asked', () => {
    const windows = createWindowController(() => new FakeBrowserWindow());
    windows.ready({ show: false });
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('a notification clicked during start-up still opens its subscription', () => {
    const windows = createWindowController(() => new FakeBrowserWindow());
    windows.send('open-expense', { id: 9 });
    windows.ready({ show: true });
    const window = FakeBrowserWindow.created[0]!;
    window.webContents.finishLoad();
    expect(window.webContents.sent).toEqual([['spend-event:open-expense', { id: 9 }]]);
    expect(FakeBrowserWindow.created).toHaveLength(1);
  });
});

describe('single instance', () => {
  it('a second launch focuses the running window instead of opening another', () => {
    const app = new FakeApp();
    const windows = controller();
    expect(setupSingleInstance(app as never, () => windows.show()!)).toBe(true);
    const window = windows.show()!;
    window.minimize();
    app.emit('second-instance', {}, ['spend-manager'], '/home');
    expect(window).toMatchObject({ minimized: false, visible: true, focused: true });
    expect(FakeBrowserWindow.created).toHaveLength(1);
  });

  it('a second launch while running hidden in the tray opens the window', () => {
    const app = new FakeApp();
    const windows = controller();
    setupSingleInstance(app as never, () => windows.show()!);
    app.emit('second-instance', {}, [], '/');
    expect(windows.current()).not.toBeNull();
  });

  it('a click on the macOS dock icon brings the window back', () => {
    const app = new FakeApp();
    const windows = controller();
    setupSingleInstance(app as never, () => windows.show()!);
    const window = windows.show()!;
    window.hide();
    app.emit('activate');
    expect(window.visible).toBe(true);
  });

  it('the second process quits without touching the first one', () => {
    const app = new FakeApp();
    app.lockHeld = true;
    expect(setupSingleInstance(app as never, () => {})).toBe(false);
    expect(app.quitCalls).toBe(1);
    expect(app.listenerCount('second-instance')).toBe(0);
  });
});

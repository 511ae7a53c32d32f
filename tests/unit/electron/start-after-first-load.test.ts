import { beforeEach, describe, expect, it } from 'vitest';
import { startAfterFirstLoad } from '../../../main/electron/start-after-first-load';
import { FakeBrowserWindow, readyWindows } from './fakes';

beforeEach(() => {
  FakeBrowserWindow.created = [];
});

function manualTimer() {
  const timers: { run: () => void; ms: number }[] = [];
  return { timers, setTimer: (run: () => void, ms: number) => (timers.push({ run, ms }), {}) };
}

describe('reminders start after the first window has loaded', () => {
  it('waits for the first page to finish loading before the catch-up starts, and starts it once', () => {
    const windows = readyWindows();
    const timer = manualTimer();
    let starts = 0;
    startAfterFirstLoad(windows, () => starts++, { windowExpected: true, setTimer: timer.setTimer });
    const window = windows.show()!;
    expect(starts).toBe(0);
    window.webContents.finishLoad();
    expect(starts).toBe(1);
    timer.timers[0]!.run();
    window.webContents.finishLoad();
    expect(starts).toBe(1);
  });

  it('starts after the longest wait when the page never finishes loading', () => {
    const windows = readyWindows();
    const timer = manualTimer();
    let starts = 0;
    startAfterFirstLoad(windows, () => starts++, { windowExpected: true, maxWaitMs: 5000, setTimer: timer.setTimer });
    windows.show();
    expect(timer.timers).toEqual([expect.objectContaining({ ms: 5000 })]);
    timer.timers[0]!.run();
    expect(starts).toBe(1);
  });

  it('starts at once when the app started hidden at login (no window to wait for)', () => {
    const timer = manualTimer();
    let starts = 0;
    startAfterFirstLoad(readyWindows(), () => starts++, { windowExpected: false, setTimer: timer.setTimer });
    expect(starts).toBe(1);
    expect(timer.timers).toEqual([]);
  });

  it('starts at once for a window that had already loaded when it subscribed', () => {
    const windows = readyWindows();
    windows.show()!.webContents.finishLoad();
    let starts = 0;
    startAfterFirstLoad(windows, () => starts++, { windowExpected: true, setTimer: manualTimer().setTimer });
    expect(starts).toBe(1);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fitToDisplays, readWindowState, restoreWindowState, trackWindowState } from '../../../main/electron/window-state';
import { createMainWindow } from '../../../main/electron/window';
import { tempDir } from '../../support/temp';
import { FakeBrowserWindow, fakeScreen } from './fakes';

afterEach(() => {
  vi.useRealTimers();
});

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const monitorRight = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('window size and position across runs', () => {
  it('opens at the size and place it was left, maximized again if it was', () => {
    const dir = tempDir();
    const file = path.join(dir, 'window-state.json');
    const window = new FakeBrowserWindow();
    trackWindowState(window as never, file);
    window.setBounds({ x: 200, y: 120, width: 1000, height: 700 });
    window.maximized = true;
    window.close();
    const restored = restoreWindowState(file, fakeScreen([laptop]));
    expect(restored).toEqual({ x: 200, y: 120, width: 1000, height: 700, maximized: true });
    const reopened = createMainWindow(FakeBrowserWindow as never, { preloadPath: '/p.cjs', bounds: restored }) as unknown as FakeBrowserWindow;
    expect(reopened.options).toMatchObject({ x: 200, y: 120, width: 1000, height: 700 });
    expect(reopened.maximized).toBe(true);
  });

  it('saves after moving or resizing, once things settle, without waiting for close', () => {
    vi.useFakeTimers();
    const file = path.join(tempDir(), 'window-state.json');
    const window = new FakeBrowserWindow();
    trackWindowState(window as never, file, { debounceMs: 300 });
    window.setBounds({ x: 10, y: 20, width: 900, height: 640 });
    window.emit('move');
    window.emit('resize');
    expect(fs.existsSync(file)).toBe(false);
    vi.advanceTimersByTime(300);
    expect(readWindowState(file)).toEqual({ x: 10, y: 20, width: 900, height: 640, maximized: false });
  });

  it('first run (no file) or a damaged file: the default size, centred', () => {
    const dir = tempDir();
    expect(restoreWindowState(path.join(dir, 'missing.json'), fakeScreen([laptop]))).toEqual({ width: 1280, height: 820, maximized: false });
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"width":"wide"');
    expect(readWindowState(path.join(dir, 'bad.json'))).toBeNull();
  });

  it('keeps a window on the second monitor where it was', () => {
    const state = fitToDisplays({ x: 1600, y: 100, width: 1200, height: 800, maximized: false }, fakeScreen([laptop, monitorRight]));
    expect(state).toEqual({ x: 1600, y: 100, width: 1200, height: 800, maximized: false });
  });

  it('a window left on a monitor that is now unplugged comes back centred on the primary display', () => {
    const state = fitToDisplays({ x: 1600, y: 100, width: 1200, height: 800, maximized: false }, fakeScreen([laptop]));
    expect(state).toEqual({ width: 1200, height: 800, maximized: false });
  });

  it('a window larger than the display shrinks to its work area and moves fully onto it', () => {
    const state = fitToDisplays({ x: 1300, y: 500, width: 2400, height: 1300, maximized: false }, fakeScreen([laptop]));
    expect(state).toEqual({ x: 0, y: 0, width: 1440, height: 875, maximized: false });
    const partlyOff = fitToDisplays({ x: 1000, y: 600, width: 800, height: 600, maximized: false }, fakeScreen([laptop]));
    expect(partlyOff).toEqual({ x: 640, y: 275, width: 800, height: 600, maximized: false });
  });

  it('respects a display to the left of the primary one (negative coordinates) and the menu bar offset', () => {
    const left = { x: -1920, y: 25, width: 1920, height: 1055 };
    const state = fitToDisplays({ x: -1800, y: 0, width: 1000, height: 700, maximized: false }, fakeScreen([laptop, left]));
    expect(state).toEqual({ x: -1800, y: 25, width: 1000, height: 700, maximized: false });
  });
});

import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Display } from 'electron';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Size and place of the main window as the user left it; x/y absent means "centred". */
export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };

type Screen = { getAllDisplays(): Pick<Display, 'workArea'>[]; getPrimaryDisplay(): Pick<Display, 'workArea'> };
type TrackedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized' | 'isDestroyed'>;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function readWindowState(file: string): WindowState | null {
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (!finite(raw.width) || !finite(raw.height) || raw.width < 1 || raw.height < 1) return null;
    const placed = finite(raw.x) && finite(raw.y);
    return {
      ...(placed ? { x: Math.round(raw.x as number), y: Math.round(raw.y as number) } : {}),
      width: Math.round(raw.width),
      height: Math.round(raw.height),
      maximized: raw.maximized === true,
    };
  } catch {
    return null; // first run, or a file we cannot read: the default size, centred
  }
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (v: number, min: number, max: number) => Math.max(min, Math.min(v, Math.max(min, max)));

/**
 * Keeps a remembered window wholly on a display that exists now (a monitor unplugged, a
 * resolution lowered): the display it overlaps most, shrunk and moved inside its work area;
 * when it overlaps none, the primary display, centred.
 */
export function fitToDisplays(state: WindowState, screen: Screen): WindowState {
  const placed = state.x !== undefined && state.y !== undefined;
  const rect = { x: state.x ?? 0, y: state.y ?? 0, width: state.width, height: state.height };
  let best: Rect | null = null;
  let bestArea = 0;
  if (placed) {
    for (const display of screen.getAllDisplays()) {
      const area = overlapArea(rect, display.workArea);
      if (area > bestArea) [best, bestArea] = [display.workArea, area];
    }
  }
  const area = best ?? screen.getPrimaryDisplay().workArea;
  const width = Math.min(state.width, area.width);
  const height = Math.min(state.height, area.height);
  if (!best) return { width, height, maximized: state.maximized };
  return {
    x: clamp(rect.x, area.x, area.x + area.width - width),
    y: clamp(rect.y, area.y, area.y + area.height - height),
    width,
    height,
    maximized: state.maximized,
  };
}

/** Where the window should open: the remembered state fitted to today's displays. */
export function restoreWindowState(file: string, screen: Screen): WindowState {
  return fitToDisplays(readWindowState(file) ?? DEFAULT_WINDOW_STATE, screen);
}

export function writeWindowState(file: string, state: WindowState): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(state));
    fs.renameSync(temp, file); // a crash mid-write leaves the previous state, never half a file
  } catch {
    // Not remembering the size is no reason to disturb the user.
  }
}

/** Remembers the window's normal (unmaximized) bounds and whether it was maximized. */
export function trackWindowState(window: TrackedWindow, file: string, options: { debounceMs?: number } = {}): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const snapshot = (): WindowState => ({ ...window.getNormalBounds(), maximized: window.isMaximized() });
  const saveNow = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!window.isDestroyed()) writeWindowState(file, snapshot());
  };
  const saveSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(saveNow, options.debounceMs ?? 500);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', saveNow);
}

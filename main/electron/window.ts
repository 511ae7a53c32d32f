import type { BrowserWindow as BrowserWindowClass, BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY } from './app-protocol';
import { secureWebPreferences } from './security';

export interface MainWindowOptions {
  preloadPath: string;
  iconPath?: string;
  bounds?: { x?: number; y?: number; width: number; height: number; maximized?: boolean };
  show?: boolean;
}

export function mainWindowOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    title: 'Spend Manager',
    width: options.bounds?.width ?? 1280,
    height: options.bounds?.height ?? 820,
    ...(options.bounds?.x !== undefined && options.bounds?.y !== undefined ? { x: options.bounds.x, y: options.bounds.y } : {}),
    minWidth: 880,
    minHeight: 560,
    show: false,
    backgroundColor: '#f6f7f9',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: secureWebPreferences(options.preloadPath),
  };
}

/** Creates the window and shows it once the first paint is ready (no white flash). */
export function createMainWindow(BrowserWindow: typeof BrowserWindowClass, options: MainWindowOptions): BrowserWindowClass {
  const window = new BrowserWindow(mainWindowOptions(options));
  if (options.bounds?.maximized) window.maximize();
  window.once('ready-to-show', () => {
    if (options.show !== false) window.show();
  });
  void window.loadURL(APP_ENTRY);
  return window;
}

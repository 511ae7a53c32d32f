import type { BrowserWindow as BrowserWindowClass } from 'electron';
import { APP_ENTRY } from './app-protocol';

export interface MainWindowOptions {
  preloadPath: string;
  iconPath?: string;
  bounds?: { x?: number; y?: number; width: number; height: number; maximized?: boolean };
  show?: boolean;
}

/**
 * Creates the window and shows it once the first paint is ready (no white flash). The options
 * are one literal, here where the window is made, so a reviewer (or Electronegativity) reads every
 * security preference at a glance; a window of ours is never created any other way.
 */
export function createMainWindow(BrowserWindow: typeof BrowserWindowClass, options: MainWindowOptions): BrowserWindowClass {
  const { bounds } = options;
  const window = new BrowserWindow({
    title: 'Spend Manager',
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 820,
    ...(bounds?.x !== undefined && bounds?.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 880,
    minHeight: 560,
    show: false,
    backgroundColor: '#f6f7f9',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preloadPath, /* eng-disable PRELOAD_JS_CHECK -- reviewed: exposes only the contract's operations (preload/index.ts) */
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Middle-click would open links in a new window, past setWindowOpenHandler's checks.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  });
  if (bounds?.maximized) window.maximize();
  window.once('ready-to-show', () => {
    if (options.show !== false) window.show();
  });
  void window.loadURL(APP_ENTRY);
  return window;
}

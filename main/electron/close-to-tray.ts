import type { App, PowerMonitor } from 'electron';
import type { DesktopNotification } from '../ports';
import type { PreferencesFile } from './preferences-file';

interface HideableWindow {
  hide(): void;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'session-end', listener: () => void): unknown;
}

export interface CloseToTrayOptions {
  app: Pick<App, 'on'>;
  powerMonitor: Pick<PowerMonitor, 'on'>;
  platform: NodeJS.Platform;
  /** close_to_tray (on by default) is read at each close; tray_hint_shown keeps the notice to once, across runs. */
  preferences: Pick<PreferencesFile, 'read' | 'write'>;
  notify(notification: DesktopNotification): boolean;
  /** Every main window, now and later. */
  windows: { onCreated(listener: (window: HideableWindow) => void): void };
  /**
   * Whether the tray icon can be seen now (tray-host.ts): without one, a hidden window could only
   * come back by starting the app again, so closing quits and reminders wait for the next start.
   */
  trayShown(): boolean;
}

export interface CloseToTray {
  /** true once Quit was chosen (menu, tray, Cmd+Q) or the system is shutting down. */
  quitting(): boolean;
}

export function trayHint(platform: NodeJS.Platform): DesktopNotification {
  const place = platform === 'darwin' ? 'menu bar' : 'tray';
  return {
    title: `Spend Manager is still running in the ${place}`,
    body: `It keeps running so renewal reminders arrive on time. Open it or quit it from its icon in the ${place}.`,
  };
}

/**
 * Closing the window keeps Spend Manager running in the tray so reminders still arrive (where a
 * tray icon can be seen); Quit (app 'before-quit') really quits, and so does a system shutdown or log-off.
 */
export function setupCloseToTray(options: CloseToTrayOptions): CloseToTray {
  let quitting = false;
  const markQuitting = () => (quitting = true);
  options.app.on('before-quit', markQuitting);
  options.powerMonitor.on('shutdown', markQuitting);

  options.windows.onCreated((window) => {
    window.on('session-end', markQuitting); // Windows log-off sends no before-quit
    window.on('close', (event) => {
      if (quitting || !options.trayShown() || !options.preferences.read().close_to_tray) return;
      event.preventDefault();
      window.hide();
      if (!options.preferences.read().tray_hint_shown && options.notify(trayHint(options.platform))) {
        options.preferences.write({ tray_hint_shown: true });
      }
    });
  });
  return { quitting: () => quitting };
}

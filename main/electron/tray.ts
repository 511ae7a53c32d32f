import type { Menu, NativeImage, Tray } from 'electron';
import { trayMenuTemplate, trayTooltip, type TrayActions, type TrayData } from './tray-content';

type TrayLike = Pick<Tray, 'setToolTip' | 'setContextMenu' | 'on' | 'destroy'>;
type WatchedWindow = { on(event: 'focus' | 'blur', listener: () => void): unknown };

export interface TrayOptions {
  Tray: new (image: NativeImage | string) => TrayLike;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  icon: NativeImage | string;
  load(): Promise<TrayData>;
  actions: TrayActions;
  now(): Date;
  platform: NodeJS.Platform;
  /** The tray refreshes when a main window gains or loses focus (the user may just have added a subscription). */
  windows: { onCreated(listener: (window: WatchedWindow) => void): void };
  /** Renewal "in N days" changes with the clock; a refresh every few minutes keeps it true. */
  refreshEveryMs?: number;
  onError?(error: unknown): void;
}

export interface AppTray {
  /** Reloads the renewals and redraws the tooltip and menu (after a change, on focus/blur, on resume). */
  refresh(): Promise<void>;
  destroy(): void;
}

/** The tray icon: next renewal in the tooltip, the next five in the menu, Open, Pause reminders, Quit. */
export function createTray(options: TrayOptions): AppTray {
  const tray = new options.Tray(options.icon);
  let destroyed = false;
  let generation = 0;

  function update(data: TrayData): void {
    tray.setToolTip(trayTooltip(data));
    tray.setContextMenu(options.Menu.buildFromTemplate(trayMenuTemplate(data, actions, options.now)));
  }

  const actions: TrayActions = {
    ...options.actions,
    // The menu shows "paused until" right after the change, not minutes later.
    pause: (until) => void Promise.resolve(options.actions.pause(until)).catch(options.onError).finally(() => void refresh()),
  };

  async function refresh(): Promise<void> {
    const mine = ++generation;
    let data: TrayData;
    try {
      data = await options.load();
    } catch (error) {
      options.onError?.(error);
      data = { state: 'unavailable' };
    }
    // A slower, older refresh must not overwrite a newer one.
    if (!destroyed && mine === generation) update(data);
  }

  // Windows and Linux: a left click opens the app; on macOS a click shows the menu.
  if (options.platform !== 'darwin') tray.on('click', () => options.actions.open());
  options.windows.onCreated((window) => {
    window.on('focus', () => void refresh());
    window.on('blur', () => void refresh());
  });
  update({ state: 'unavailable' });
  void refresh();
  const timer = setInterval(() => void refresh(), options.refreshEveryMs ?? 5 * 60_000);
  timer.unref?.();

  return {
    refresh,
    destroy() {
      destroyed = true;
      clearInterval(timer);
      tray.destroy();
    },
  };
}

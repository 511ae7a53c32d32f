import type { ControlledWindow, WindowController } from './window-controller';

/** Longest the reminders wait for the first window's page: a page that never loads must not hold them back. */
export const FIRST_LOAD_WAIT_MS = 5_000;

export interface StartAfterFirstLoadOptions {
  /** False when the app started hidden (launch at login): no page to wait for. */
  windowExpected: boolean;
  maxWaitMs?: number;
  setTimer?: (run: () => void, ms: number) => { unref?(): unknown };
}

/**
 * Runs `start` (the reminders' catch-up) once the first window's page has loaded, or after `maxWaitMs`,
 * whichever comes first — at once when no window is expected. The app:// handler serves the page from
 * this process, so a catch-up started earlier would share its event loop with the first paint.
 */
export function startAfterFirstLoad<W extends ControlledWindow>(windows: Pick<WindowController<W>, 'onCreated'>, start: () => void, options: StartAfterFirstLoadOptions): void {
  let done = false;
  const go = (): void => {
    if (done) return;
    done = true;
    start();
  };
  if (!options.windowExpected) return go();
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  setTimer(go, options.maxWaitMs ?? FIRST_LOAD_WAIT_MS).unref?.();
  windows.onCreated((window) => {
    if (window.webContents.isLoading()) window.webContents.once('did-finish-load', go);
    else go();
  });
}

import { eventChannel, type BridgeEventName, type BridgeEvents } from '../../common/bridge';

/** The part of a BrowserWindow this file uses (a fake in tests). */
export interface ControlledWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  on(event: 'closed', listener: () => void): unknown;
  webContents: {
    id: number;
    send(channel: string, ...args: unknown[]): void;
    isLoading(): boolean;
    once(event: 'did-finish-load', listener: () => void): unknown;
  };
}

export interface WindowController<W extends ControlledWindow = ControlledWindow> {
  /** The main window, if one is open (shown or hidden). */
  current(): W | null;
  /**
   * Brings the main window to the front, creating it when there is none (second launch, tray, dock).
   * Before ready() (the core still starting) the request waits, and null is returned.
   */
  show(): W | null;
  /** Shows the window and tells the renderer; waits for the page when it is still loading. */
  send<E extends BridgeEventName>(event: E, payload: BridgeEvents[E]): void;
  /** The core is up and IPC is answered: windows may open now; `show` opens one at once. */
  ready(options: { show: boolean }): void;
  /** Runs for the open window and every window created later (close-to-tray, window state, tray refresh attach here). */
  onCreated(listener: (window: W) => void): void;
}

/** The app has one main window; every "bring it back" path (second instance, tray, notification) goes through here. */
export function createWindowController<W extends ControlledWindow>(create: () => W): WindowController<W> {
  let window: W | null = null;
  const listeners: ((window: W) => void)[] = [];
  // A second launch can arrive while the database is still migrating: no window before the core answers.
  let isReady = false;
  let showRequested = false;
  const waitingEvents: (() => void)[] = [];

  function current(): W | null {
    return window && !window.isDestroyed() ? window : null;
  }

  function show(): W | null {
    if (!isReady) {
      showRequested = true;
      return null;
    }
    const existing = current();
    if (!existing) {
      const created = create();
      window = created;
      created.on('closed', () => {
        if (window === created) window = null;
      });
      for (const listener of listeners) listener(created);
      return created; // shows itself once painted (window.ts)
    }
    if (existing.isMinimized()) existing.restore();
    existing.show();
    existing.focus();
    return existing;
  }

  return {
    current,
    show,
    send(event, payload) {
      const shown = show();
      if (!shown) {
        waitingEvents.push(() => this.send(event, payload));
        return;
      }
      const contents = shown.webContents;
      const deliver = () => contents.send(eventChannel(event), payload);
      if (contents.isLoading()) contents.once('did-finish-load', deliver);
      else deliver();
    },
    ready(options) {
      isReady = true;
      if (options.show || showRequested) show();
      for (const deliver of waitingEvents.splice(0)) deliver();
    },
    onCreated(listener) {
      listeners.push(listener);
      const open = current();
      if (open) listener(open);
    },
  };
}

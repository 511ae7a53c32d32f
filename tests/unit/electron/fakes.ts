// Fakes of the few Electron APIs the skin touches; Electron itself cannot run on CI machines here.
type Listener = (...args: any[]) => unknown;

export class FakeIpcMain {
  handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  invoke(channel: string, event: unknown, ...args: unknown[]): Promise<any> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(handler(event, ...args));
  }
}

export function fakeInvokeEvent(options: { webContentsId?: number; url?: string; subframe?: boolean; noFrame?: boolean } = {}) {
  const mainFrame = { url: options.url ?? 'app://app/index.html' };
  const senderFrame = options.noFrame ? null : options.subframe ? { url: options.url ?? 'app://app/index.html' } : mainFrame;
  return { sender: { id: options.webContentsId ?? 1, mainFrame }, senderFrame };
}

export class FakeEmitter {
  listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

export class FakeWebContents extends FakeEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  /** Emits a navigation-like event and tells whether the app prevented it. */
  attempt(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

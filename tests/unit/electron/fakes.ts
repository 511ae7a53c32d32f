// Fakes of the few Electron APIs the skin touches; Electron itself cannot run on CI machines here.
import { createWindowController } from '../../../main/electron/window-controller';
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
    const wrapped = (...args: unknown[]) => {
      this.removeListener(event, wrapped);
      return listener(...args);
    };
    return this.on(event, wrapped);
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
  /** Emits a cancellable event and tells whether a listener prevented it. */
  attempt(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends FakeEmitter {
  id = nextContentsId++;
  loading = false;
  sent: [string, unknown][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isLoading(): boolean {
    return this.loading;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  /** The page finished loading (did-finish-load). */
  finishLoad(): void {
    this.loading = false;
    this.emit('did-finish-load');
  }
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A BrowserWindow as the user sees it: visible, minimized, maximized, focused, destroyed. */
export class FakeBrowserWindow extends FakeEmitter {
  static created: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  visible = false;
  minimized = false;
  maximized = false;
  focused = false;
  destroyed = false;
  bounds: Bounds;
  loadedUrl: string | null = null;

  constructor(readonly options: Record<string, any> = {}) {
    super();
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width ?? 800, height: options.height ?? 600 };
    this.webContents.loading = true;
    FakeBrowserWindow.created.push(this);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return this.minimized;
  }
  isMaximized() {
    return this.maximized;
  }
  isVisible() {
    return this.visible;
  }
  isFocused() {
    return this.focused;
  }
  restore() {
    this.minimized = false;
  }
  minimize() {
    this.minimized = true;
    this.focused = false;
  }
  maximize() {
    this.maximized = true;
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
    this.focused = false;
  }
  focus() {
    this.focused = true;
  }
  getNormalBounds(): Bounds {
    return { ...this.bounds };
  }
  setBounds(bounds: Partial<Bounds>) {
    this.bounds = { ...this.bounds, ...bounds };
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  /** What clicking the window's close button does: 'close' (cancellable), then destroyed + 'closed'. */
  close(): boolean {
    const prevented = this.attempt('close');
    if (!prevented) {
      this.destroyed = true;
      this.visible = false;
      this.emit('closed');
    }
    return !prevented;
  }
}

export class FakeNotification extends FakeEmitter {
  static supported = true;
  static shown: FakeNotification[] = [];
  static isSupported() {
    return FakeNotification.supported;
  }
  static reset() {
    FakeNotification.supported = true;
    FakeNotification.shown = [];
  }
  constructor(readonly options: { title: string; body: string; icon?: unknown; silent?: boolean }) {
    super();
  }
  show() {
    FakeNotification.shown.push(this);
  }
  /** The user clicks the notification. */
  click() {
    this.emit('click', { preventDefault() {} });
  }
}

/** Menus keep their template, so tests read labels and click items as the user would. */
export class FakeMenu {
  constructor(readonly template: any[]) {}
  static applicationMenu: FakeMenu | null = null;
  static buildFromTemplate(template: any[]) {
    return new FakeMenu(template);
  }
  static setApplicationMenu(menu: FakeMenu | null) {
    FakeMenu.applicationMenu = menu;
  }
  /** Finds an item by its path of labels, e.g. item('File', 'New subscription'). */
  item(...labels: string[]): any {
    let items = this.template;
    let found: any = null;
    for (const label of labels) {
      found = items.find((i) => (i.label ?? roleLabel(i.role)) === label);
      if (!found) return null;
      items = Array.isArray(found.submenu) ? found.submenu : [];
    }
    return found;
  }
  labels(...path: string[]): string[] {
    const items = path.length ? (this.item(...path)?.submenu ?? []) : this.template;
    return items.filter((i: any) => i.type !== 'separator').map((i: any) => i.label ?? roleLabel(i.role));
  }
  click(...labels: string[]): void {
    const found = this.item(...labels);
    if (!found?.click) throw new Error(`no clickable item ${labels.join(' > ')}`);
    found.click();
  }
}

function roleLabel(role: string | undefined): string {
  return role ? `role:${role}` : '';
}

export class FakeTray extends FakeEmitter {
  static created: FakeTray[] = [];
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    FakeTray.created.push(this);
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: FakeMenu | null) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export interface FakeDisplay {
  id: number;
  workArea: Bounds;
  bounds: Bounds;
}

export function fakeScreen(workAreas: Bounds[]) {
  const displays: FakeDisplay[] = workAreas.map((workArea, i) => ({ id: i + 1, workArea, bounds: workArea }));
  return {
    getAllDisplays: () => displays,
    getPrimaryDisplay: () => displays[0]!,
  };
}

/** The app object: events, login items, single-instance lock, quitting. */
export class FakeApp extends FakeEmitter {
  loginItem: Record<string, any> = { openAtLogin: false };
  wasOpenedAtLogin = false;
  quitCalls = 0;
  /** True once a quit went through: neither 'before-quit' nor 'will-quit' was prevented. */
  quitted = false;
  lockHeld = false;
  paths: Record<string, string> = {};
  /** Names and paths in the order the app set and read them ('setName Spend Manager', 'getPath appData', ...). */
  calls: string[] = [];
  getLoginItemSettings() {
    return { openAtLogin: Boolean(this.loginItem.openAtLogin), wasOpenedAtLogin: this.wasOpenedAtLogin };
  }
  setLoginItemSettings(settings: Record<string, any>) {
    this.loginItem = { ...settings };
  }
  requestSingleInstanceLock() {
    return !this.lockHeld;
  }
  /** Like Electron's: 'before-quit', then 'will-quit', either of which may prevent the quit. */
  quit() {
    this.quitCalls++;
    if (this.attempt('before-quit')) return;
    if (this.attempt('will-quit')) return;
    this.quitted = true;
  }
  getPath(name: string) {
    this.calls.push(`getPath ${name}`);
    const value = this.paths[name];
    if (!value) throw new Error(`no path ${name}`);
    return value;
  }
  setPath(name: string, value: string) {
    this.calls.push(`setPath ${name}`);
    this.paths[name] = value;
  }
  setAppLogsPath(value: string) {
    this.paths.logs = value;
  }
  // What main/index.ts needs beyond that.
  isPackaged = false;
  sandboxed = false;
  exitCode: number | null = null;
  name = 'Electron';
  enableSandbox() {
    this.sandboxed = true;
  }
  whenReady() {
    return Promise.resolve();
  }
  setAppUserModelId(_id: string) {}
  setName(name: string) {
    this.calls.push(`setName ${name}`);
    this.name = name;
  }
  getLocale() {
    return 'en-US';
  }
  exit(code: number) {
    this.exitCode = code;
  }
}

/**
 * safeStorage's asynchronous API. "Encryption" is a XOR with a prefix, like Chromium's "v10"
 * blobs: the token is not in the file in clear, and bytes without the prefix fail to decrypt.
 */
export class FakeSafeStorage {
  available = true;
  /** The OS rotated its key: the next decrypt asks for re-encryption. */
  rotated = false;
  encryptions = 0;
  static PREFIX = Buffer.from('v10');
  async isAsyncEncryptionAvailable() {
    return this.available;
  }
  async encryptStringAsync(plainText: string) {
    if (!this.available) throw new Error('Encryption is not available.');
    this.encryptions++;
    return Buffer.concat([FakeSafeStorage.PREFIX, Buffer.from(plainText, 'utf8').map((b) => b ^ 0x5a)]);
  }
  async decryptStringAsync(encrypted: Buffer) {
    if (!encrypted.subarray(0, 3).equals(FakeSafeStorage.PREFIX)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    const result = Buffer.from(encrypted.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
    const shouldReEncrypt = this.rotated;
    this.rotated = false;
    return { result, shouldReEncrypt };
  }
}

/** The window controller once the core is up, making FakeBrowserWindows (what main/index.ts has after start). */
export function readyWindows() {
  const windows = createWindowController(() => new FakeBrowserWindow());
  windows.ready({ show: false });
  return windows;
}

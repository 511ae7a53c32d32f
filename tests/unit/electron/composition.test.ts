// Imports the real composition root (main/index.ts) against fakes of Electron, so the test proves
// what the desktop app actually applies — not only what the helper modules could do.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannel } from '../../../common/bridge';
import { CONTENT_SECURITY_POLICY } from '../../../common/csp';
import { OPERATION_NAMES } from '../../../common/contract';
import { parseServeOptions } from '../../../main/config/serve-options';
import { tempDir } from '../../support/temp';
import { FakeApp, FakeBrowserWindow, FakeEmitter, FakeIpcMain, FakeMenu, FakeNotification, FakeSafeStorage, FakeTray, FakeWebContents, fakeInvokeEvent, fakeScreen } from './fakes';

const electron = vi.hoisted(() => ({ current: null as any }));
vi.mock('electron', () => {
  const names = ['app', 'BrowserWindow', 'dialog', 'ipcMain', 'Menu', 'Notification', 'powerMonitor', 'protocol', 'safeStorage', 'screen', 'session', 'shell', 'Tray'];
  // Getters: each launch swaps in a fresh set of fakes.
  return Object.defineProperties({}, Object.fromEntries(names.map((name) => [name, { get: () => electron.current[name], enumerable: true }])));
});

function fakeElectron(dataDir: string) {
  const app = new FakeApp();
  app.paths.appData = path.join(dataDir, 'config');
  // What Electron derives at start-up when launched on a file: the default app's name.
  app.paths.userData = path.join(app.paths.appData, 'Electron');
  const protocol = { schemes: [] as any[], handlers: new Map<string, (req: Request) => Promise<Response>>() } as any;
  protocol.registerSchemesAsPrivileged = (schemes: any[]) => protocol.schemes.push(...schemes);
  protocol.handle = (scheme: string, handler: any) => protocol.handlers.set(scheme, handler);
  const permission = { request: null as any, check: null as any };
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog: { showErrorBox: (title: string, message: string) => ((app as any).startError = `${title}: ${message}`) },
    ipcMain: new FakeIpcMain(),
    Menu: FakeMenu,
    Notification: FakeNotification,
    powerMonitor: new FakeEmitter(),
    protocol,
    permission,
    safeStorage: new FakeSafeStorage(),
    screen: fakeScreen([{ x: 0, y: 0, width: 1920, height: 1080 }]),
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: any) => (permission.request = h),
        setPermissionCheckHandler: (h: any) => (permission.check = h),
      },
    },
    shell: { opened: [] as string[], openExternal: async (url: string) => void electron.current.shell.opened.push(url), openPath: async (p: string) => (electron.current.shell.opened.push(p), '') },
    Tray: FakeTray,
  };
}

let argv: string[];
const env = { ...process.env };
beforeEach(() => {
  argv = process.argv;
  FakeBrowserWindow.created = [];
  FakeTray.created = [];
  FakeNotification.reset();
  FakeMenu.applicationMenu = null;
});
afterEach(async () => {
  const app: FakeApp | undefined = electron.current?.app;
  if (app && !app.quitted) {
    app.quit(); // stops the core: the database is closed before the temp folder goes
    await vi.waitFor(() => expect(app.quitted).toBe(true));
  }
  electron.current = null;
  process.argv = argv;
  process.env = { ...env };
  delete (process as { resourcesPath?: string }).resourcesPath;
  vi.resetModules();
});

/**
 * Linux: the app asks the session bus (gdbus) whether a tray icon can be seen. Here gdbus answers as
 * on a desktop with or without a StatusNotifier host; tray-host.test.ts asks a real bus. Swapping the
 * real session bus would pull it from under keytar's libsecret connection, which exits with it.
 */
function answerTrayQuestion(hostRegistered: boolean): void {
  const bin = tempDir('spend-gdbus-');
  const answer = hostRegistered
    ? "echo '(<true>,)'"
    : "echo 'Error: GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.kde.StatusNotifierWatcher was not provided by any .service files' >&2; exit 1";
  fs.writeFileSync(path.join(bin, 'gdbus'), `#!/bin/sh\n${answer}\n`, { mode: 0o755 });
  process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
}

interface LaunchOptions {
  hidden?: boolean;
  /** false: no SPEND_MANAGER_DATA_DIR, the data folder comes from the app's name. */
  dataDirFromEnv?: boolean;
  /** Whether a StatusNotifier host is registered on the session bus (a tray icon can be seen). */
  trayHost?: boolean;
  isPackaged?: boolean;
  env?: Record<string, string>;
}

async function launch(options: LaunchOptions = {}) {
  const dataDir = tempDir();
  if (options.dataDirFromEnv !== false) process.env.SPEND_MANAGER_DATA_DIR = dataDir;
  Object.assign(process.env, options.env);
  if (process.platform === 'linux') answerTrayQuestion(options.trayHost !== false);
  process.argv = [argv[0]!, 'dist/main/index.cjs', ...(options.hidden ? ['--hidden'] : [])];
  electron.current = fakeElectron(dataDir);
  electron.current.app.isPackaged = options.isPackaged ?? false;
  if (options.isPackaged) Object.assign(process, { resourcesPath: path.join(dataDir, 'resources') });
  await import('../../../main/index');
  await vi.waitFor(() => expect(FakeTray.created.length + Number(Boolean(electron.current.app.startError))).toBe(1), { timeout: 10_000 });
  const e = electron.current as ReturnType<typeof fakeElectron>;
  if (!(e.app as any).startError) {
    await vi.waitFor(() => expect(e.ipcMain.handlers.size).toBeGreaterThan(0));
    const log = path.join(e.app.getPath('logs'), 'main.log');
    await vi.waitFor(() => expect(fs.existsSync(log) && fs.readFileSync(log, 'utf8')).toMatch(/tray icon shown|no tray icon host/), { timeout: 5_000 });
  }
  return { e, dataDir, window: FakeBrowserWindow.created[0] };
}

describe('the desktop app as main/index.ts wires it', () => {
  it('opens one window, isolated and sandboxed, on the app:// page, with the data folder from SPEND_MANAGER_DATA_DIR', async () => {
    const { e, dataDir, window } = await launch();
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(window!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(window!.options.webPreferences.preload).toMatch(/preload[/\\]index\.cjs$/);
    expect(window!.loadedUrl).toBe('app://app/index.html');
    expect(e.app.sandboxed).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'spend-manager.db'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'logs'))).toBe(true);
    expect(e.app.getPath('logs')).toBe(path.join(dataDir, 'logs'));
  });

  it('registers app:// as a secure standard scheme and serves it with the CSP header and a traversal guard', async () => {
    const { e } = await launch();
    expect(e.protocol.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    const handler = e.protocol.handlers.get('app')!;
    const missing = await handler(new Request('app://app/%2e%2e/%2e%2e/package.json'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('hardens every WebContents the app creates and denies every permission', async () => {
    const { e } = await launch();
    const contents = new FakeWebContents();
    e.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.attempt('will-attach-webview')).toBe(true);
    await vi.waitFor(() => expect(e.shell.opened).toEqual(['https://example.com/', 'https://evil.example/']));
    const answers: boolean[] = [];
    e.permission.request(null, 'media', (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false]);
    expect(e.permission.check(null, 'notifications')).toBe(false);
  });

  it('answers IPC from its own window only, one channel per operation', async () => {
    const { e, window } = await launch();
    expect([...e.ipcMain.handlers.keys()].sort()).toEqual(OPERATION_NAMES.map(ipcChannel).sort());
    const ours = await e.ipcMain.invoke(ipcChannel('app.status'), fakeInvokeEvent({ webContentsId: window!.webContents.id }), {});
    expect(ours).toMatchObject({ ok: true, data: { has_accounts: false } });
    const other = await e.ipcMain.invoke(ipcChannel('app.status'), fakeInvokeEvent({ webContentsId: window!.webContents.id + 1000 }), {});
    expect(other).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('sets the application menu and a tray; the desktop preferences answer through the same door', async () => {
    const { e, window } = await launch();
    expect(FakeMenu.applicationMenu!.labels('File')).toContain('New subscription');
    await vi.waitFor(() => expect(FakeTray.created[0]!.tooltip).toBe('Spend Manager — sign in to see your renewals'));
    const id = window!.webContents.id;
    await e.ipcMain.invoke(ipcChannel('auth.register'), fakeInvokeEvent({ webContentsId: id }), { email: 'ann@example.com', username: 'ann', password: 'correct horse battery' });
    const prefs = await e.ipcMain.invoke(ipcChannel('desktop.preferences.get'), fakeInvokeEvent({ webContentsId: id }), {});
    expect(prefs).toEqual({ ok: true, data: { preferences: { launch_at_login: false, close_to_tray: true } } });
  });

  it('closing the window hides it in the tray; Quit from the tray really quits', async () => {
    const { window } = await launch();
    window!.show();
    expect(window!.close()).toBe(false);
    expect(window!.visible).toBe(false);
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual(['Spend Manager is still running in the tray']);
    FakeTray.created[0]!.menu!.click('Quit Spend Manager');
    expect(window!.close()).toBe(true);
  });

  it('keeps its data in "Spend Manager", not "Electron": the folder browser mode opens, named before any path is read', async () => {
    const { e, dataDir } = await launch({ dataDirFromEnv: false });
    const appData = path.join(dataDir, 'config');
    const data = path.join(appData, 'Spend Manager');
    expect(e.app.name).toBe('Spend Manager');
    expect(fs.existsSync(path.join(data, 'spend-manager.db'))).toBe(true);
    expect(fs.existsSync(path.join(appData, 'Electron'))).toBe(false);
    expect(e.app.getPath('userData')).toBe(data);
    expect(e.app.getPath('logs')).toBe(path.join(data, 'logs'));
    // Browser mode (`npm run serve`) on the same machine: XDG_CONFIG_HOME is what Electron's appData is on Linux.
    expect(parseServeOptions([], { XDG_CONFIG_HOME: appData }).dataDir).toBe(data);
    const firstPathCall = e.app.calls.findIndex((c) => c.startsWith('getPath') || c.startsWith('setPath'));
    expect(e.app.calls.indexOf('setName Spend Manager')).toBeLessThan(firstPathCall);
  });

  it('Quit waits for the core: the first will-quit is held back until the database is closed, then the app quits', async () => {
    const { e, dataDir, window } = await launch();
    await e.ipcMain.invoke(ipcChannel('auth.register'), fakeInvokeEvent({ webContentsId: window!.webContents.id }), { email: 'ann@example.com', username: 'ann', password: 'correct horse battery' });
    const wal = path.join(dataDir, 'spend-manager.db-wal');
    expect(fs.existsSync(wal)).toBe(true); // the database is open, in WAL mode
    e.app.quit();
    expect(e.app.quitted).toBe(false);
    await vi.waitFor(() => expect(e.app.quitted).toBe(true));
    expect(e.app.quitCalls).toBe(2); // the user's Quit, then ours once the core had stopped
    expect(fs.existsSync(wal)).toBe(false); // closed cleanly: checkpointed, the WAL removed
  });

  it.runIf(process.platform === 'linux')('Linux without a tray icon host: closing the window quits the app, with no "still running in the tray" notice', async () => {
    const { e, window } = await launch({ trayHost: false });
    window!.show();
    expect(window!.close()).toBe(true);
    expect(FakeNotification.shown).toEqual([]);
    e.app.emit('window-all-closed');
    await vi.waitFor(() => expect(e.app.quitted).toBe(true));
  });

  it('running from the repository (npm start) loads the SQLite driver SPEND_MANAGER_SQLITE_BINDING names', async () => {
    const { e } = await launch({ env: { SPEND_MANAGER_SQLITE_BINDING: '/nonexistent/better_sqlite3.node' } });
    expect((e.app as any).startError).toMatch(/^Spend Manager could not start: .*nonexistent/);
    expect(e.app.exitCode).toBe(1);
  });

  it('an installed app ignores SPEND_MANAGER_SQLITE_BINDING: no environment variable chooses its native code', async () => {
    const { e, dataDir } = await launch({ isPackaged: true, env: { SPEND_MANAGER_SQLITE_BINDING: '/nonexistent/better_sqlite3.node' } });
    expect((e.app as any).startError).toBeUndefined();
    expect(fs.existsSync(path.join(dataDir, 'spend-manager.db'))).toBe(true);
  });

  it('re-arms reminders and refreshes the tray when the system resumes', async () => {
    const { e } = await launch();
    expect(e.powerMonitor.listenerCount('resume')).toBe(1);
    expect(() => e.powerMonitor.emit('resume')).not.toThrow();
  });

  it('a second launch brings the hidden window back', async () => {
    const { e, window } = await launch();
    window!.close();
    e.app.emit('second-instance', {}, [], '/');
    expect(window).toMatchObject({ visible: true, focused: true });
  });

  it('started by the login item (--hidden): tray only, no window until Open', async () => {
    await launch({ hidden: true });
    expect(FakeBrowserWindow.created).toHaveLength(0);
    FakeTray.created[0]!.menu!.click('Open Spend Manager');
    expect(FakeBrowserWindow.created).toHaveLength(1);
  });
});

// Electron composition root: a flat list of setup steps, nothing else.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, powerMonitor, protocol, safeStorage, screen, session, shell, Tray } from 'electron';
import { keepHeapNearLiveSet } from './boot/heap-budget';
import type { RequestContext } from './core/context';
import { startCore, type RunningCore } from './core/start-core';
import { setupAppPaths } from './electron/app-paths';
import { handleAppProtocol, registerAppScheme } from './electron/app-protocol';
import { createAutostart, launchCommand } from './electron/autostart';
import { setupCloseToTray } from './electron/close-to-tray';
import { createDesktopPort } from './electron/desktop-port';
import { setupGracefulQuit } from './electron/graceful-quit';
import { registerIpcHandlers } from './electron/ipc';
import { setupApplicationMenu } from './electron/menu';
import { sqliteNativeBinding } from './electron/native-binding';
import { createNotifier } from './electron/notifier';
import { setupResume } from './electron/power';
import { createPreferencesFile } from './electron/preferences-file';
import { resourcePaths } from './electron/resources';
import { hardenSession, setupSecurity } from './electron/security';
import { createSessionTokenStore } from './electron/session-token-store';
import { setupSingleInstance } from './electron/single-instance';
import { createTray } from './electron/tray';
import { watchTrayHost } from './electron/tray-host';
import { loadTrayData, pauseReminders } from './electron/tray-data';
import { createMainWindow } from './electron/window';
import { createWindowController } from './electron/window-controller';
import { startAfterFirstLoad } from './electron/start-after-first-load';
import { restoreWindowState, trackWindowState } from './electron/window-state';
import { createFileLogger } from './logging/logger';
import { createTeamConnection } from './remote/connection';
import { createKeychainSecrets } from './secrets/keychain';
import { createDesktopSession } from './services/desktop-session';

keepHeapNearLiveSet(); // before anything is loaded or allocated (main/boot/heap-budget.ts)

const APP_ID = 'com.spendmanager.desktop';
const distDir = path.join(__dirname, '..');
const platform = process.platform;

const { dataDir, logsDir } = setupAppPaths(app, process.env); // names the app first: every path below depends on it
registerAppScheme(protocol);
setupSecurity(app, shell);
app.setAppUserModelId(APP_ID); // Windows shows no notifications without it

const icons = resourcePaths({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, repoRoot: path.join(distDir, '..'), platform });
const windowStateFile = path.join(dataDir, 'window-state.json');
const preferences = createPreferencesFile(path.join(dataDir, 'desktop-preferences.json'));
const autostart = createAutostart({
  app,
  platform,
  command: launchCommand({ isPackaged: app.isPackaged, execPath: process.execPath, argv: process.argv, env: process.env }),
  autostartDir: path.join(app.getPath('appData'), 'autostart'),
});
const windows = createWindowController(() =>
  createMainWindow(BrowserWindow, {
    preloadPath: path.join(distDir, 'preload', 'index.cjs'),
    iconPath: icons.appIcon,
    bounds: restoreWindowState(windowStateFile, screen),
  }),
);
let core: RunningCore | null = null;
const logger = createFileLogger({ dir: logsDir });
const trayHost = watchTrayHost({ platform, run: promisify(execFile), log: (message) => logger.info(message) });

if (setupSingleInstance(app, () => windows.show())) {
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });
  setupGracefulQuit(app, async () => core?.stop(), (error) => logger.error('stopping the core failed', { error: String(error) }));
  void app.whenReady().then(start).catch((error: unknown) => {
    // A database from a newer version, a failed migration: say so in words, then stop.
    dialog.showErrorBox('Spend Manager could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  void trayHost.check();
  hardenSession(session.defaultSession);
  handleAppProtocol(protocol, path.join(distDir, 'renderer'));

  const notifier = createNotifier({
    Notification,
    icon: icons.appIcon,
    open: () => windows.show(),
    openExpense: (id) => windows.send('open-expense', { id }),
  });
  const secrets = await createKeychainSecrets({ platform, packaged: app.isPackaged });
  if (secrets.unavailableReason) logger.warn(secrets.unavailableReason);
  // The one switch between this computer's file and a team server; the local core is its "local" side.
  const team = createTeamConnection({ dataDir, secrets, logger, notify: notifier.notify, local: (name, raw, ctx) => running.dispatch(name, raw, ctx) });
  const running = await startCore({
    dataDir,
    logger,
    secrets,
    notifier,
    desktop: createDesktopPort(autostart, preferences),
    team: team.port,
    nativeBinding: sqliteNativeBinding({ isPackaged: app.isPackaged, env: process.env }),
    deferReminders: true,
    ratesUrl: process.env.SPEND_MANAGER_RATES_URL,
  });
  core = running;
  await team.restore();
  const desktopSession = createDesktopSession(running.sessions, createSessionTokenStore(dataDir, safeStorage));
  const caller = (): Promise<RequestContext> => desktopSession.context();

  registerIpcHandlers(ipcMain, {
    dispatch: team.dispatch,
    context: caller,
    trustedWebContentsId: () => windows.current()?.webContents.id ?? null,
    onRejected: (channel, url) => logger.warn('ipc call refused', { channel, url }),
  });
  windows.onCreated((window) => trackWindowState(window, windowStateFile));
  setupCloseToTray({ app, powerMonitor, platform, preferences, notify: notifier.notify, windows, trayShown: trayHost.shown });
  setupApplicationMenu(Menu, {
    platform,
    isPackaged: app.isPackaged,
    actions: {
      navigate: (to) => windows.send('navigate', { to }),
      openDataFolder: () => void shell.openPath(dataDir),
      openLogs: () => void shell.openPath(logsDir),
    },
  });
  const trayData = { invoke: team.invoke, context: caller, now: () => running.ports.clock.now(), osLocale: app.getLocale(), osTimeZone: running.ports.clock.timeZone() };
  const tray = createTray({
    Tray,
    Menu,
    icon: icons.trayIcon,
    platform,
    windows,
    now: trayData.now,
    load: () => loadTrayData(trayData),
    actions: {
      open: () => windows.show(),
      openExpense: (id) => windows.send('open-expense', { id }),
      pause: (until) => pauseReminders(trayData, until),
      quit: () => app.quit(),
    },
    onError: (error) => logger.warn('tray refresh failed', { error: String(error) }),
  });
  setupResume(powerMonitor, () => running.reminders.rearm(), () => (void tray.refresh(), void trayHost.check()), () => void team.pollNow());

  const showWindow = !autostart.startedHidden(process.argv);
  // The catch-up after weeks away waits for the first paint (app:// is served from this process).
  startAfterFirstLoad(windows, () => running.reminders.start(), { windowExpected: showWindow });
  windows.ready({ show: showWindow });
}

// Electron composition root: a flat list of setup steps, nothing else.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { logDir } from './config/paths';
import { startCore, type RunningCore } from './core/start-core';
import { handleAppProtocol, registerAppScheme } from './electron/app-protocol';
import { registerIpcHandlers } from './electron/ipc';
import { hardenSession, hardenWebContents } from './electron/security';
import { createSessionTokenStore } from './electron/session-token-store';
import { createMainWindow } from './electron/window';
import { createFileLogger } from './logging/logger';
import { createKeychainSecrets } from './secrets/keychain';
import { createDesktopSession } from './services/desktop-session';

const APP_ID = 'com.spendmanager.desktop';
const rendererDir = path.join(__dirname, '..', 'renderer');
const preloadPath = path.join(__dirname, '..', 'preload', 'index.cjs');

registerAppScheme(protocol);
// Same override as browser mode: tests and portable installs point the app at another folder.
if (process.env.SPEND_MANAGER_DATA_DIR) app.setPath('userData', process.env.SPEND_MANAGER_DATA_DIR);
app.setAppUserModelId(APP_ID); // Windows shows no notifications without it
app.setName('Spend Manager');

let mainWindow: BrowserWindow | null = null;
let core: RunningCore | null = null;

function showMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow(BrowserWindow, { preloadPath });
    mainWindow.on('closed', () => (mainWindow = null));
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showMainWindow);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (url) => void shell.openExternal(url)));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', showMainWindow);
  app.on('will-quit', () => void core?.stop());

  void app.whenReady().then(async () => {
    const dataDir = app.getPath('userData');
    const logger = createFileLogger({ dir: logDir(dataDir) });
    hardenSession(session.defaultSession);
    handleAppProtocol(protocol, rendererDir);

    const secrets = await createKeychainSecrets();
    core = await startCore({
      dataDir,
      logger,
      secrets,
      notifier: { notify: () => false },
      nativeBinding: process.env.SPEND_MANAGER_SQLITE_BINDING || undefined,
    });
    const desktop = createDesktopSession(core.sessions, createSessionTokenStore(dataDir, safeStorage));
    const running = core;
    registerIpcHandlers(ipcMain, {
      dispatch: running.dispatch,
      context: async () => ({ userId: await desktop.userId(), session: desktop.control }),
      trustedWebContentsId: () => mainWindow?.webContents.id ?? null,
      onRejected: (channel, url) => logger.warn('ipc call refused', { channel, url }),
    });
    showMainWindow();
  }).catch((error: unknown) => {
    // A database from a newer version, a failed migration: say so in words, then stop.
    dialog.showErrorBox('Spend Manager could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

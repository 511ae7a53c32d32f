import type { Menu, MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** Shows the window on a route of the renderer's hash router, e.g. '/subscriptions/new'. */
  navigate(to: string): void;
  openDataFolder(): void;
  openLogs(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Reload and developer tools exist only when running unpackaged (npm start). */
  isPackaged: boolean;
  actions: MenuActions;
}

export const NEW_SUBSCRIPTION_ROUTE = '/subscriptions/new';
export const IMPORT_ROUTE = '/import';
export const EXPORT_ROUTE = '/import/export';
export const BACKUP_ROUTE = '/settings/data';

/**
 * The native menu: File holds New subscription, Import and Export (the Import screen, where the file is chosen with
 * the native Open dialog and the export saved with the native Save dialog), and Back up or restore (Settings → Data). macOS puts About and Quit in the app menu; elsewhere they sit in Help and File.
 */
export function applicationMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const dev = !options.isPackaged;
  const { actions } = options;

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New subscription', accelerator: 'CmdOrCtrl+N', click: () => actions.navigate(NEW_SUBSCRIPTION_ROUTE) },
      { type: 'separator' },
      { label: 'Import subscriptions…', accelerator: 'CmdOrCtrl+I', click: () => actions.navigate(IMPORT_ROUTE) },
      { label: 'Export subscriptions…', click: () => actions.navigate(EXPORT_ROUTE) },
      { label: 'Back up or restore…', click: () => actions.navigate(BACKUP_ROUTE) },
      ...(mac ? [{ type: 'separator' as const }, { role: 'close' as const }] : [{ type: 'separator' as const }, { role: 'quit' as const, label: 'Quit' }]),
    ],
  };
  // Without an Edit menu, copy and paste shortcuts do not work in text fields on macOS.
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(dev ? [{ role: 'reload' as const }, { role: 'forceReload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: 'Help',
    role: 'help',
    submenu: [
      ...(mac ? [] : [{ role: 'about' as const, label: 'About Spend Manager' }, { type: 'separator' as const }]),
      { label: 'Open data folder', click: () => actions.openDataFolder() },
      { label: 'Open logs', click: () => actions.openLogs() },
    ],
  };
  return [...(mac ? [{ role: 'appMenu' as const }] : []), file, edit, view, ...(mac ? [{ role: 'windowMenu' as const }] : []), help];
}

export function setupApplicationMenu(menu: Pick<typeof Menu, 'buildFromTemplate' | 'setApplicationMenu'>, options: MenuOptions): void {
  menu.setApplicationMenu(menu.buildFromTemplate(applicationMenuTemplate(options)));
}

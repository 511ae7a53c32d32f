import path from 'node:path';

export interface ResourcePaths {
  /** The window and notification icon (Linux and Windows; macOS takes the bundle's). */
  appIcon: string;
  /** Tray / menu-bar icon; macOS gets a template image the system tints for light and dark bars. */
  trayIcon: string;
}

/**
 * Icons ship as extraResources (electron-builder.yml: build/app-icons -> resources/app-icons); running
 * unpackaged they are read from the repository's build/ folder.
 */
export function resourcePaths(options: { isPackaged: boolean; resourcesPath: string; repoRoot: string; platform: NodeJS.Platform }): ResourcePaths {
  const base = options.isPackaged ? options.resourcesPath : path.join(options.repoRoot, 'build');
  const tray = options.platform === 'darwin' ? 'trayTemplate.png' : options.platform === 'win32' ? 'tray.png' : 'tray@2x.png';
  return { appIcon: path.join(base, 'app-icons', 'icon.png'), trayIcon: path.join(base, 'app-icons', tray) };
}

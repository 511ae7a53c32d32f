import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Spend Manager';
export const DATABASE_FILE = 'spend-manager.db';

/** What Electron's app.getPath('appData') is on each platform (its documented per-user folder). */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (platform === 'win32') return env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME || path.join(home, '.config');
}

/** The data folder inside a per-user app-data folder: the desktop app and browser mode both name it so. */
export function dataDirIn(appData: string): string {
  return path.join(appData, PRODUCT_NAME);
}

/**
 * The per-user folder the desktop app keeps its data in, computed without Electron so browser
 * mode opens the very same data.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  return dataDirIn(appDataDir(env, platform, home));
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, DATABASE_FILE);
}

export function logDir(dataDir: string): string {
  return path.join(dataDir, 'logs');
}

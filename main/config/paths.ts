import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Spend Manager';
export const DATABASE_FILE = 'spend-manager.db';

/**
 * The per-user folder Electron's app.getPath('userData') resolves to for our product name,
 * computed without Electron so browser mode opens the very same data.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), PRODUCT_NAME);
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, DATABASE_FILE);
}

export function logDir(dataDir: string): string {
  return path.join(dataDir, 'logs');
}

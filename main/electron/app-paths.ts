import type { App } from 'electron';
import { dataDirIn, logDir, PRODUCT_NAME } from '../config/paths';

export interface AppPaths {
  dataDir: string;
  logsDir: string;
}

/**
 * Before 'ready' and before any path is read: the app's name, then the data folder
 * (SPEND_MANAGER_DATA_DIR overrides it, as in browser mode) and the log folder inside it, so
 * Help > Open logs, the README and app.getPath('logs') all name one place.
 * userData is set, not read: Electron derived it at start-up from whatever name it had then
 * ("Electron" when launched on a file), and setName does not move it.
 */
export function setupAppPaths(app: Pick<App, 'setName' | 'setPath' | 'getPath' | 'setAppLogsPath'>, env: NodeJS.ProcessEnv): AppPaths {
  app.setName(PRODUCT_NAME);
  const dataDir = env.SPEND_MANAGER_DATA_DIR || dataDirIn(app.getPath('appData'));
  app.setPath('userData', dataDir);
  app.setAppLogsPath(logDir(dataDir));
  return { dataDir, logsDir: app.getPath('logs') };
}

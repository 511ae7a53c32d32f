import type { App } from 'electron';
import { logDir } from '../config/paths';

export interface AppPaths {
  dataDir: string;
  logsDir: string;
}

/**
 * Before 'ready': the data folder (SPEND_MANAGER_DATA_DIR overrides it, as in browser mode) and the
 * log folder inside it, so Help > Open logs, the README and app.getPath('logs') all name one place.
 */
export function setupAppPaths(app: Pick<App, 'setPath' | 'getPath' | 'setAppLogsPath'>, env: NodeJS.ProcessEnv): AppPaths {
  if (env.SPEND_MANAGER_DATA_DIR) app.setPath('userData', env.SPEND_MANAGER_DATA_DIR);
  const dataDir = app.getPath('userData');
  app.setAppLogsPath(logDir(dataDir));
  return { dataDir, logsDir: app.getPath('logs') };
}

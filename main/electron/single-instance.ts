import type { App } from 'electron';

/**
 * One running copy: a second launch (or a click on the macOS dock icon) brings the running
 * window back instead of opening another app on the same database. Returns false when this
 * process is the second one and is quitting.
 */
export function setupSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>, bringBack: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => bringBack());
  app.on('activate', () => bringBack());
  return true;
}

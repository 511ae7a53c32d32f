import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../main/config/paths';
import { setupAppPaths } from '../../../main/electron/app-paths';
import { setupResume } from '../../../main/electron/power';
import { resourcePaths } from '../../../main/electron/resources';
import { FakeApp, FakeEmitter } from './fakes';

describe('system resume', () => {
  it('re-arms the reminder scheduler and refreshes the tray after sleep or unlock', () => {
    const powerMonitor = new FakeEmitter();
    const calls: string[] = [];
    setupResume(powerMonitor as never, () => calls.push('rearm'), () => calls.push('tray'));
    powerMonitor.emit('resume');
    expect(calls).toEqual(['rearm', 'tray']);
    powerMonitor.emit('unlock-screen');
    expect(calls).toEqual(['rearm', 'tray', 'rearm', 'tray']);
    powerMonitor.emit('suspend');
    expect(calls).toHaveLength(4);
  });
});

describe('app folders', () => {
  it('keeps logs in the data folder, which SPEND_MANAGER_DATA_DIR can move', () => {
    const app = new FakeApp();
    app.paths.appData = '/home/a/.config';
    expect(setupAppPaths(app as never, {})).toEqual({ dataDir: path.join('/home/a/.config', 'Spend Manager'), logsDir: path.join('/home/a/.config/Spend Manager', 'logs') });
    expect(setupAppPaths(app as never, { SPEND_MANAGER_DATA_DIR: '/tmp/spend' })).toEqual({ dataDir: '/tmp/spend', logsDir: path.join('/tmp/spend', 'logs') });
    expect(app.getPath('logs')).toBe(path.join('/tmp/spend', 'logs'));
    expect(app.getPath('userData')).toBe('/tmp/spend');
  });

  // app.getPath('appData') as Electron documents it, per platform; browser mode computes the folder without Electron.
  const machines = [
    { platform: 'linux', home: '/home/ann', env: {}, appData: '/home/ann/.config' },
    { platform: 'linux', home: '/home/ann', env: { XDG_CONFIG_HOME: '/home/ann/.xdg' }, appData: '/home/ann/.xdg' },
    { platform: 'darwin', home: '/Users/ann', env: {}, appData: '/Users/ann/Library/Application Support' },
    { platform: 'win32', home: 'C:\\Users\\ann', env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, appData: 'C:\\Users\\ann\\AppData\\Roaming' },
  ] as const;
  for (const machine of machines) {
    it(`the desktop app and browser mode open the same data folder (${machine.platform}${'XDG_CONFIG_HOME' in machine.env ? ', XDG_CONFIG_HOME' : ''})`, () => {
      const app = new FakeApp();
      app.paths.appData = machine.appData;
      app.paths.userData = path.join(machine.appData, 'Electron'); // what a launch on a file leaves
      const desktop = setupAppPaths(app as never, {}).dataDir;
      expect(desktop).toBe(path.join(machine.appData, 'Spend Manager'));
      expect(defaultDataDir(machine.env, machine.platform, machine.home)).toBe(desktop);
      expect(app.calls[0]).toBe('setName Spend Manager');
    });
  }

  it('finds the icons in resources/ when packaged and in build/ when running from the repository', () => {
    expect(resourcePaths({ isPackaged: true, resourcesPath: '/opt/Spend Manager/resources', repoRoot: '/x', platform: 'linux' })).toEqual({
      appIcon: '/opt/Spend Manager/resources/app-icons/icon.png',
      trayIcon: '/opt/Spend Manager/resources/app-icons/tray@2x.png',
    });
    expect(resourcePaths({ isPackaged: false, resourcesPath: '/e', repoRoot: '/repo', platform: 'darwin' }).trayIcon).toBe('/repo/build/app-icons/trayTemplate.png');
    expect(resourcePaths({ isPackaged: false, resourcesPath: '/e', repoRoot: '/repo', platform: 'win32' }).trayIcon).toBe('/repo/build/app-icons/tray.png');
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
    app.paths.userData = '/home/a/.config/Spend Manager';
    expect(setupAppPaths(app as never, {})).toEqual({ dataDir: '/home/a/.config/Spend Manager', logsDir: path.join('/home/a/.config/Spend Manager', 'logs') });
    expect(setupAppPaths(app as never, { SPEND_MANAGER_DATA_DIR: '/tmp/spend' })).toEqual({ dataDir: '/tmp/spend', logsDir: path.join('/tmp/spend', 'logs') });
    expect(app.getPath('logs')).toBe(path.join('/tmp/spend', 'logs'));
  });

  it('finds the icons in resources/ when packaged and in build/ when running from the repository', () => {
    expect(resourcePaths({ isPackaged: true, resourcesPath: '/opt/Spend Manager/resources', repoRoot: '/x', platform: 'linux' })).toEqual({
      appIcon: '/opt/Spend Manager/resources/app-icons/icon.png',
      trayIcon: '/opt/Spend Manager/resources/app-icons/tray@2x.png',
    });
    expect(resourcePaths({ isPackaged: false, resourcesPath: '/e', repoRoot: '/repo', platform: 'darwin' }).trayIcon).toBe('/repo/build/app-icons/trayTemplate.png');
    expect(resourcePaths({ isPackaged: false, resourcesPath: '/e', repoRoot: '/repo', platform: 'win32' }).trayIcon).toBe('/repo/build/app-icons/tray.png');
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { setupApplicationMenu } from '../../../main/electron/menu';
import { FakeMenu } from './fakes';

let calls: string[];
beforeEach(() => {
  calls = [];
  FakeMenu.applicationMenu = null;
});

function menu(platform: NodeJS.Platform, isPackaged = true): FakeMenu {
  setupApplicationMenu(FakeMenu as never, {
    platform,
    isPackaged,
    actions: {
      navigate: (to) => calls.push(`navigate ${to}`),
      openDataFolder: () => calls.push('data folder'),
      openLogs: () => calls.push('logs'),
    },
  });
  return FakeMenu.applicationMenu!;
}

describe('application menu', () => {
  it('File: New subscription (Ctrl+N) opens the new-subscription form; Quit quits (Windows/Linux)', () => {
    const m = menu('win32');
    expect(m.labels()).toEqual(['File', 'role:editMenu', 'View', 'Help']);
    expect(m.labels('File')).toEqual(['New subscription', 'Import subscriptions…', 'Export subscriptions…', 'Back up or restore…', 'Quit']);
    expect(m.item('File', 'New subscription').accelerator).toBe('CmdOrCtrl+N');
    m.click('File', 'New subscription');
    expect(calls).toEqual(['navigate /subscriptions/new']);
    expect(m.item('File', 'Quit').role).toBe('quit');
  });

  it('File: Import (Ctrl+I) opens the Import screen, Export opens it at its export section, Back up opens Settings at Data', () => {
    const m = menu('linux');
    expect(m.item('File', 'Import subscriptions…').accelerator).toBe('CmdOrCtrl+I');
    m.click('File', 'Import subscriptions…');
    m.click('File', 'Export subscriptions…');
    m.click('File', 'Back up or restore…');
    expect(calls).toEqual(['navigate /import', 'navigate /import/export', 'navigate /settings/data']);
  });

  it('Help: About, Open data folder, Open logs', () => {
    const m = menu('linux');
    expect(m.labels('Help')).toEqual(['About Spend Manager', 'Open data folder', 'Open logs']);
    expect(m.item('Help', 'About Spend Manager').role).toBe('about');
    m.click('Help', 'Open data folder');
    m.click('Help', 'Open logs');
    expect(calls).toEqual(['data folder', 'logs']);
  });

  it('installed app: View has zoom and full screen but no reload or developer tools', () => {
    expect(menu('win32', true).labels('View')).toEqual(['role:resetZoom', 'role:zoomIn', 'role:zoomOut', 'role:togglefullscreen']);
  });

  it('development (unpackaged): View also has reload and developer tools', () => {
    expect(menu('linux', false).labels('View')).toEqual([
      'role:reload',
      'role:forceReload',
      'role:toggleDevTools',
      'role:resetZoom',
      'role:zoomIn',
      'role:zoomOut',
      'role:togglefullscreen',
    ]);
  });

  it('macOS: the app menu carries About and Quit, File closes the window, and there is a Window menu', () => {
    const m = menu('darwin');
    expect(m.labels()).toEqual(['role:appMenu', 'File', 'role:editMenu', 'View', 'role:windowMenu', 'Help']);
    expect(m.labels('File')).toEqual(['New subscription', 'Import subscriptions…', 'Export subscriptions…', 'Back up or restore…', 'role:close']);
    expect(m.labels('Help')).toEqual(['Open data folder', 'Open logs']);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAutostart, desktopEntry, HIDDEN_ARG, launchCommand } from '../../../main/electron/autostart';
import { tempDir } from '../../support/temp';
import { FakeApp } from './fakes';

const installed = { path: 'C:\\Program Files\\Spend Manager\\Spend Manager.exe', args: [] };

function autostart(platform: NodeJS.Platform, command = installed) {
  const app = new FakeApp();
  const autostartDir = path.join(tempDir(), 'autostart');
  return { app, autostartDir, autostart: createAutostart({ app: app as never, platform, command, autostartDir }) };
}

describe('launch at login', () => {
  it('is off until the user turns it on', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) expect(autostart(platform).autostart.isEnabled()).toBe(false);
  });

  it('Windows: a login item that starts the installed exe hidden in the tray', () => {
    const { app, autostart: a } = autostart('win32');
    a.setEnabled(true);
    expect(app.loginItem).toEqual({ openAtLogin: true, path: installed.path, args: [HIDDEN_ARG] });
    expect(a.isEnabled()).toBe(true);
    a.setEnabled(false);
    expect(app.loginItem.openAtLogin).toBe(false);
  });

  it('macOS: a login item; a run started by it stays in the menu bar', () => {
    const { app, autostart: a } = autostart('darwin');
    a.setEnabled(true);
    expect(app.loginItem).toEqual({ openAtLogin: true });
    expect(a.startedHidden([])).toBe(false);
    app.wasOpenedAtLogin = true;
    expect(a.startedHidden([])).toBe(true);
  });

  it('Linux: an XDG autostart entry that starts the app with --hidden; removed when turned off', () => {
    const { autostartDir, autostart: a } = autostart('linux', { path: '/opt/Spend Manager/spend-manager', args: [] });
    a.setEnabled(true);
    const entry = fs.readFileSync(path.join(autostartDir, 'spend-manager.desktop'), 'utf8');
    expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Spend Manager\n/);
    expect(entry).toContain('Exec="/opt/Spend Manager/spend-manager" --hidden\n');
    expect(a.isEnabled()).toBe(true);
    a.setEnabled(false);
    expect(fs.existsSync(path.join(autostartDir, 'spend-manager.desktop'))).toBe(false);
    expect(a.isEnabled()).toBe(false);
  });

  it('Linux: an entry switched off in the desktop startup settings counts as off', () => {
    const { autostartDir, autostart: a } = autostart('linux');
    a.setEnabled(true);
    const file = path.join(autostartDir, 'spend-manager.desktop');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect(a.isEnabled()).toBe(false);
  });

  it('quotes the Exec line per the Desktop Entry spec', () => {
    expect(desktopEntry({ path: '/home/a"b/$HOME/x\\y', args: ['/src/dist/main/index.cjs'] })).toContain(
      'Exec="/home/a\\"b/\\$HOME/x\\\\y" "/src/dist/main/index.cjs" --hidden',
    );
  });

  it('a run started with --hidden stays in the tray on Windows and Linux', () => {
    expect(autostart('win32').autostart.startedHidden(['Spend Manager.exe', HIDDEN_ARG])).toBe(true);
    expect(autostart('linux').autostart.startedHidden(['spend-manager'])).toBe(false);
  });

  it('starts the AppImage file itself (not its temporary mount), the installed exe, or electron + the app in development', () => {
    expect(launchCommand({ isPackaged: true, execPath: '/tmp/.mount_Spend/spend-manager', argv: [], env: { APPIMAGE: '/home/a/Apps/Spend.AppImage' } })).toEqual({
      path: '/home/a/Apps/Spend.AppImage',
      args: [],
    });
    expect(launchCommand({ isPackaged: true, execPath: installed.path, argv: [installed.path], env: {} })).toEqual(installed);
    expect(launchCommand({ isPackaged: false, execPath: '/repo/node_modules/electron/dist/electron', argv: ['/e', 'dist/main/index.cjs'], env: {} })).toEqual({
      path: '/repo/node_modules/electron/dist/electron',
      args: [path.resolve('dist/main/index.cjs')],
    });
  });
});

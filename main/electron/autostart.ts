import fs from 'node:fs';
import path from 'node:path';
import type { App } from 'electron';

/** Passed by the login item on Windows and Linux: start in the tray, no window. */
export const HIDDEN_ARG = '--hidden';
const DESKTOP_FILE = 'spend-manager.desktop';

export interface LaunchCommand {
  /** The executable the OS starts at login. */
  path: string;
  /** Arguments before --hidden: the app folder when running unpackaged (`electron dist/main/index.cjs`). */
  args: string[];
}

/** What to start at login: the installed app, the AppImage file (not its temporary mount), or electron + the app in dev. */
export function launchCommand(options: { isPackaged: boolean; execPath: string; argv: string[]; env: NodeJS.ProcessEnv }): LaunchCommand {
  if (options.env.APPIMAGE) return { path: options.env.APPIMAGE, args: [] };
  if (options.isPackaged) return { path: options.execPath, args: [] };
  return { path: options.execPath, args: options.argv[1] ? [path.resolve(options.argv[1])] : [] };
}

export interface Autostart {
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
  /** true when this run was started by the login item: stay in the tray. */
  startedHidden(argv: string[]): boolean;
}

export interface AutostartOptions {
  app: Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>;
  platform: NodeJS.Platform;
  command: LaunchCommand;
  /** Linux: the XDG autostart folder, ~/.config/autostart. */
  autostartDir: string;
}

// Desktop Entry spec: quote every argument; inside quotes escape " ` $ and \.
const quoteExec = (arg: string) => `"${arg.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`;

export function desktopEntry(command: LaunchCommand): string {
  const exec = [command.path, ...command.args].map(quoteExec).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Spend Manager',
    'Comment=Warns before each subscription renews',
    `Exec=${exec} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** The entry exists and was not switched off in the desktop's startup settings. */
function linuxEntryEnabled(file: string): boolean {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return !/^Hidden\s*=\s*true\s*$/m.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text);
  } catch {
    return false;
  }
}

/**
 * Launch at login through each OS's own mechanism: login items on macOS (started hidden when
 * wasOpenedAtLogin — openAsHidden does not work since macOS 13), the Run registry key with
 * --hidden on Windows, an XDG autostart entry with --hidden on Linux (Electron has no API there).
 */
export function createAutostart(options: AutostartOptions): Autostart {
  const { app, platform, command } = options;
  const entryFile = path.join(options.autostartDir, DESKTOP_FILE);
  const windowsItem = { path: command.path, args: [...command.args, HIDDEN_ARG] };

  return {
    isEnabled() {
      if (platform === 'linux') return linuxEntryEnabled(entryFile);
      if (platform === 'win32') return app.getLoginItemSettings(windowsItem).openAtLogin;
      return app.getLoginItemSettings().openAtLogin;
    },
    setEnabled(enabled) {
      if (platform === 'linux') {
        if (enabled) {
          fs.mkdirSync(options.autostartDir, { recursive: true });
          fs.writeFileSync(entryFile, desktopEntry(command), { mode: 0o644 });
        } else {
          fs.rmSync(entryFile, { force: true });
        }
      } else if (platform === 'win32') {
        app.setLoginItemSettings({ openAtLogin: enabled, ...windowsItem });
      } else {
        app.setLoginItemSettings({ openAtLogin: enabled });
      }
    },
    startedHidden(argv) {
      if (argv.includes(HIDDEN_ARG)) return true;
      return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
    },
  };
}

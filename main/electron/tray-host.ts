/** Runs a command and resolves with its output, rejecting (with `code`/`stderr`) when it fails. */
export type RunCommand = (file: string, args: string[], options: { timeout: number }) => Promise<{ stdout: string }>;

const WATCHER = 'org.kde.StatusNotifierWatcher';
const PROPERTY = 'IsStatusNotifierHostRegistered';

// Two ways to ask the session bus (GNOME ships gdbus, most desktops dbus-send); the answer parsers go with them.
const QUERIES: { file: string; args: string[]; yes: RegExp }[] = [
  {
    file: 'gdbus',
    args: ['call', '--session', '--dest', WATCHER, '--object-path', '/StatusNotifierWatcher', '--method', 'org.freedesktop.DBus.Properties.Get', WATCHER, PROPERTY],
    yes: /<\s*true\s*>/,
  },
  {
    file: 'dbus-send',
    args: ['--session', '--print-reply=literal', `--dest=${WATCHER}`, '/StatusNotifierWatcher', 'org.freedesktop.DBus.Properties.Get', `string:${WATCHER}`, `string:${PROPERTY}`],
    yes: /boolean\s+true/,
  },
];

/**
 * Whether a tray icon will be seen. Windows and macOS always have a notification area / menu bar;
 * on Linux, Electron's tray is a StatusNotifierItem, shown only when a StatusNotifier host (KDE,
 * GNOME's AppIndicator extension, ...) is registered on the session bus. Plain GNOME has none.
 * When neither gdbus nor dbus-send can be run, nothing is known and the tray is assumed.
 */
export async function hasTrayHost(options: { platform: NodeJS.Platform; run: RunCommand; timeoutMs?: number }): Promise<boolean> {
  if (options.platform !== 'linux') return true;
  for (const query of QUERIES) {
    try {
      const { stdout } = await options.run(query.file, query.args, { timeout: options.timeoutMs ?? 3000 });
      return query.yes.test(stdout);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // this tool is not installed: ask the other
      return false; // the bus answered: no watcher (ServiceUnknown), or no bus at all
    }
  }
  return true;
}

export interface TrayHostWatch {
  /** The last answer; on Linux "no" until the first check has answered "yes". */
  shown(): boolean;
  /** Asks again (at start and on resume: an AppIndicator extension may have been turned on). */
  check(): Promise<void>;
}

/** Keeps the answer of hasTrayHost at hand for close-to-tray, which must decide synchronously. */
export function watchTrayHost(options: { platform: NodeJS.Platform; run: RunCommand; log(message: string): void }): TrayHostWatch {
  let shown = options.platform !== 'linux';
  let checked = false;
  return {
    shown: () => shown,
    async check() {
      const now = await hasTrayHost(options);
      if (!checked || now !== shown) {
        options.log(now ? 'tray icon shown: closing the window keeps the app in the tray' : 'no tray icon host (StatusNotifier) on the session bus: closing the window quits');
      }
      shown = now;
      checked = true;
    },
  };
}

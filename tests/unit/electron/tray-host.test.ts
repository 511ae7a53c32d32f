import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasTrayHost, watchTrayHost, type RunCommand } from '../../../main/electron/tray-host';
import { runStatusNotifierWatcher, startSessionBus, type SessionBus } from './session-bus';

// The real gdbus and dbus-send, asking a real private session bus (Linux: the tray question exists only there).
const linux = process.platform === 'linux';
let bus: SessionBus;
let watcher: { close(): void } | null = null;
beforeEach(async () => {
  if (linux) bus = await startSessionBus();
});
afterEach(async () => {
  watcher?.close();
  watcher = null;
  if (linux) await bus.stop();
});

const exec = promisify(execFile);
/** Runs the tools against the private bus; `only` pretends the other tool is not installed. */
function onPrivateBus(only?: 'gdbus' | 'dbus-send'): RunCommand {
  return async (file, args, options) => {
    if (only && file !== only) throw Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' });
    return exec(file, args, { ...options, env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus.address } });
  };
}

describe.runIf(linux)('Linux: is there a tray to hide the window in?', () => {
  for (const tool of ['gdbus', 'dbus-send'] as const) {
    it(`Linux, GNOME without AppIndicator (no StatusNotifierWatcher on the bus): no tray, asked with ${tool}`, async () => {
      expect(await hasTrayHost({ platform: 'linux', run: onPrivateBus(tool) })).toBe(false);
    });

    it(`Linux with a registered StatusNotifier host (KDE, AppIndicator): a tray, asked with ${tool}`, async () => {
      watcher = await runStatusNotifierWatcher(bus.address, true);
      expect(await hasTrayHost({ platform: 'linux', run: onPrivateBus(tool) })).toBe(true);
    });

    it(`Linux with a watcher but no host registered yet: no tray, asked with ${tool}`, async () => {
      watcher = await runStatusNotifierWatcher(bus.address, false);
      expect(await hasTrayHost({ platform: 'linux', run: onPrivateBus(tool) })).toBe(false);
    });
  }

  it('Linux without any session bus: no tray', async () => {
    const noBus: RunCommand = (file, args, options) => exec(file, args, { ...options, env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' } });
    expect(await hasTrayHost({ platform: 'linux', run: noBus })).toBe(false);
  });

  it('Linux where neither gdbus nor dbus-send is installed: nothing is known, the tray is assumed', async () => {
    const missing: RunCommand = async (file) => {
      throw Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' });
    };
    expect(await hasTrayHost({ platform: 'linux', run: missing })).toBe(true);
  });

});

describe('Windows and macOS', () => {
  it('always have a notification area / menu bar, and ask nothing', async () => {
    const asked: string[] = [];
    const run: RunCommand = async (file) => (asked.push(file), { stdout: '' });
    expect(await hasTrayHost({ platform: 'win32', run })).toBe(true);
    expect(await hasTrayHost({ platform: 'darwin', run })).toBe(true);
    expect(asked).toEqual([]);
  });
});

describe('the answer close-to-tray reads at each close', () => {
  it.runIf(linux)('on Linux is "no tray" until the bus says there is one, and says what closing will do in the log', async () => {
    const logged: string[] = [];
    const watch = watchTrayHost({ platform: 'linux', run: onPrivateBus(), log: (m) => logged.push(m) });
    expect(watch.shown()).toBe(false);
    await watch.check();
    expect(watch.shown()).toBe(false);
    watcher = await runStatusNotifierWatcher(bus.address, true); // the AppIndicator extension turned on
    await watch.check();
    expect(watch.shown()).toBe(true);
    await watch.check();
    expect(logged).toEqual([
      'no tray icon host (StatusNotifier) on the session bus: closing the window quits',
      'tray icon shown: closing the window keeps the app in the tray',
    ]);
  });

  it('on Windows and macOS is "tray shown" from the start', () => {
    const run: RunCommand = async () => ({ stdout: '' });
    expect(watchTrayHost({ platform: 'win32', run, log: () => {} }).shown()).toBe(true);
    expect(watchTrayHost({ platform: 'darwin', run, log: () => {} }).shown()).toBe(true);
  });
});

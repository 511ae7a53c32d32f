import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dbus from 'dbus-next';

// A private D-Bus session bus (a real dbus-daemon), and a StatusNotifierWatcher on it as a
// desktop with a tray (KDE, GNOME with AppIndicator) registers one. Apt package: dbus.

export interface SessionBus {
  address: string;
  stop(): Promise<void>;
}

export async function startSessionBus(): Promise<SessionBus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-bus-'));
  const address = `unix:path=${path.join(dir, 'bus')}`;
  const daemon: ChildProcess = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', `--address=${address}`, '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve, reject) => {
    daemon.once('error', reject);
    daemon.once('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
    daemon.stdout!.once('data', () => resolve()); // it prints its address once it listens
  });
  return {
    address,
    async stop() {
      const exited = new Promise((resolve) => daemon.once('exit', resolve));
      daemon.kill();
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Owns org.kde.StatusNotifierWatcher on the bus, with IsStatusNotifierHostRegistered = `hostRegistered`. */
export async function runStatusNotifierWatcher(address: string, hostRegistered: boolean): Promise<{ close(): void }> {
  class Watcher extends dbus.interface.Interface {
    get IsStatusNotifierHostRegistered(): boolean {
      return hostRegistered;
    }
  }
  Watcher.configureMembers({ properties: { IsStatusNotifierHostRegistered: { signature: 'b', access: dbus.interface.ACCESS_READ } } });
  const bus = dbus.sessionBus({ busAddress: address });
  await bus.requestName('org.kde.StatusNotifierWatcher', 0);
  bus.export('/StatusNotifierWatcher', new Watcher('org.kde.StatusNotifierWatcher'));
  return { close: () => bus.disconnect() };
}

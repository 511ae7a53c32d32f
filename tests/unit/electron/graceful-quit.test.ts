import { describe, expect, it, vi } from 'vitest';
import { setupGracefulQuit } from '../../../main/electron/graceful-quit';
import { sqliteNativeBinding } from '../../../main/electron/native-binding';
import { FakeApp } from './fakes';

describe('quitting waits for the core to stop', () => {
  it('holds the first will-quit until stop() resolves, then quits once for real', async () => {
    const app = new FakeApp();
    let finish!: () => void;
    const stop = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    setupGracefulQuit(app as never, stop, () => {});
    app.quit();
    app.quit(); // a second Quit while stopping changes nothing
    await vi.waitFor(() => expect(stop).toHaveBeenCalledTimes(1));
    expect(app.quitted).toBe(false);
    finish();
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('a stop that fails is reported and does not keep the app alive', async () => {
    const app = new FakeApp();
    const errors: unknown[] = [];
    setupGracefulQuit(app as never, () => Promise.reject(new Error('database is locked')), (error) => errors.push(error));
    app.quit();
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(String(errors[0])).toBe('Error: database is locked');
  });
});

describe('which SQLite driver the desktop app loads', () => {
  it('from the repository (npm start): the Electron build SPEND_MANAGER_SQLITE_BINDING names', () => {
    expect(sqliteNativeBinding({ isPackaged: false, env: { SPEND_MANAGER_SQLITE_BINDING: '/repo/.cache/native/x.node' } })).toBe('/repo/.cache/native/x.node');
    expect(sqliteNativeBinding({ isPackaged: false, env: {} })).toBeUndefined();
  });

  it('installed: only the one it ships, whatever the environment says', () => {
    expect(sqliteNativeBinding({ isPackaged: true, env: { SPEND_MANAGER_SQLITE_BINDING: '/tmp/evil.node' } })).toBeUndefined();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipcChannel } from '../../common/bridge';
import { registerIpcHandlers } from '../../main/electron/ipc';
import { createDesktopSession } from '../../main/services/desktop-session';
import { startTestCore, type TestCore } from '../support/core';
import { FakeIpcMain, fakeInvokeEvent } from '../unit/electron/fakes';

let core: TestCore;
let ipcMain: FakeIpcMain;
beforeEach(async () => {
  core = await startTestCore();
  ipcMain = new FakeIpcMain();
  let token: string | null = null;
  const desktop = createDesktopSession(core.sessions, {
    load: async () => token,
    save: async (t) => void (token = t),
    clear: async () => void (token = null),
  });
  registerIpcHandlers(ipcMain as never, {
    dispatch: core.dispatch,
    context: async () => ({ userId: await desktop.userId(), session: desktop.control }),
    trustedWebContentsId: () => 1,
  });
});
afterEach(async () => {
  await core.close();
});

const users = async () => (await core.database.db.selectFrom('users').select('id').execute()).length;

describe('IPC over the real core', () => {
  it('registers and reads the account back through the table', async () => {
    const created = await ipcMain.invoke(ipcChannel('auth.register'), fakeInvokeEvent(), { email: 'i@example.com', username: 'ipc', password: 'long enough' });
    expect(created).toMatchObject({ ok: true, data: { user: { username: 'ipc' } } });
    expect(await ipcMain.invoke(ipcChannel('auth.me'), fakeInvokeEvent(), {})).toMatchObject({ ok: true, data: { user: { username: 'ipc' } } });
  });

  it('answers an invalid payload with a validation error value and changes nothing', async () => {
    for (const payload of [null, 42, 'text', [], { email: 'x' }, { email: 'i@example.com', username: 'ipc', password: 'long enough', admin: true }]) {
      const result = await ipcMain.invoke(ipcChannel('auth.register'), fakeInvokeEvent(), payload);
      expect(result.ok).toBe(false);
      expect(['validation']).toContain(result.error.code);
    }
    expect(await users()).toBe(0);
  });

  it('refuses a foreign sender before anything is stored', async () => {
    const result = await ipcMain.invoke(ipcChannel('auth.register'), fakeInvokeEvent({ url: 'https://evil.example/' }), {
      email: 'i@example.com',
      username: 'ipc',
      password: 'long enough',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await users()).toBe(0);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { ipcChannel } from '../../../common/bridge';
import { OPERATION_NAMES } from '../../../common/contract';
import { registerIpcHandlers } from '../../../main/electron/ipc';
import { FakeIpcMain, fakeInvokeEvent } from './fakes';

function setup() {
  const ipcMain = new FakeIpcMain();
  const dispatch = vi.fn(async (name: string, input: unknown) => ({ ok: true as const, data: { name, input } }));
  const rejected: string[] = [];
  registerIpcHandlers(ipcMain as never, {
    dispatch,
    context: async () => ({ userId: null, session: { signIn: async () => {}, signOut: async () => {} } }),
    trustedWebContentsId: () => 1,
    onRejected: (channel) => rejected.push(channel),
  });
  return { ipcMain, dispatch, rejected };
}

describe('IPC handler table', () => {
  it('registers exactly one channel per contract operation', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(OPERATION_NAMES.map(ipcChannel).sort());
  });

  it('passes a call from our window to the same dispatch as HTTP', async () => {
    const { ipcMain, dispatch } = setup();
    const result = await ipcMain.invoke(ipcChannel('auth.login'), fakeInvokeEvent(), { username: 'a', password: 'b' });
    expect(result).toEqual({ ok: true, data: { name: 'auth.login', input: { username: 'a', password: 'b' } } });
    expect(dispatch).toHaveBeenCalledOnce();
  });

  it.each([
    ['another window', { webContentsId: 2 }],
    ['a subframe of our window', { subframe: true }],
    ['a page from another origin', { url: 'https://evil.example/' }],
    ['a file:// page', { url: 'file:///tmp/x.html' }],
    ['a destroyed frame', { noFrame: true }],
  ])('refuses %s without reaching the core', async (_label, options) => {
    const { ipcMain, dispatch, rejected } = setup();
    const result = await ipcMain.invoke(ipcChannel('auth.me'), fakeInvokeEvent(options), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(dispatch).not.toHaveBeenCalled();
    expect(rejected).toEqual([ipcChannel('auth.me')]);
  });
});

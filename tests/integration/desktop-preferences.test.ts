import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../main/core/create-core';
import type { RequestContext } from '../../main/core/context';
import { createAutostart } from '../../main/electron/autostart';
import { createDesktopPort } from '../../main/electron/desktop-port';
import { createPreferencesFile } from '../../main/electron/preferences-file';
import { callsThrough, startTestCore, signedInCaller, type TestCore } from '../support/core';
import { startTestHttp, type TestHttp } from '../support/http';
import { tempDir } from '../support/temp';
import { FakeApp } from '../unit/electron/fakes';

let core: TestCore | null = null;
let http: TestHttp | null = null;
afterEach(async () => {
  await core?.close();
  await http?.close();
  core = null;
  http = null;
});

/** The core as the desktop app wires it: the real DesktopPort over a Linux autostart folder and the preferences file. */
async function desktopCore() {
  core = await startTestCore();
  const caller = await signedInCaller(core);
  const dir = tempDir();
  const autostartDir = path.join(dir, 'autostart');
  const port = createDesktopPort(
    createAutostart({ app: new FakeApp() as never, platform: 'linux', command: { path: '/opt/Spend Manager/spend-manager', args: [] }, autostartDir }),
    createPreferencesFile(path.join(dir, 'desktop-preferences.json')),
  );
  const desktop = createCore({ ...core.ports, desktop: port });
  const ctx: RequestContext = { userId: caller.userId, session: { signIn: async () => {}, signOut: async () => {} } };
  return { ...callsThrough(desktop, () => ctx), autostartFile: path.join(autostartDir, 'spend-manager.desktop'), dir };
}

describe('desktop preferences (Settings: launch at login, close to tray)', () => {
  it('starts with launch at login off and close to tray on', async () => {
    const { result } = await desktopCore();
    expect(await result('desktop.preferences.get', {})).toEqual({ ok: true, data: { preferences: { launch_at_login: false, close_to_tray: true } } });
  });

  it('turning launch at login on writes the OS login item, and off removes it', async () => {
    const { result, autostartFile } = await desktopCore();
    const on = await result('desktop.preferences.update', { launch_at_login: true });
    expect(on).toEqual({ ok: true, data: { preferences: { launch_at_login: true, close_to_tray: true } } });
    expect(fs.readFileSync(autostartFile, 'utf8')).toContain('Exec="/opt/Spend Manager/spend-manager" --hidden');
    const off = await result('desktop.preferences.update', { launch_at_login: false });
    expect(off).toMatchObject({ ok: true, data: { preferences: { launch_at_login: false } } });
    expect(fs.existsSync(autostartFile)).toBe(false);
  });

  it('remembers close to tray in the preferences file', async () => {
    const { result, dir } = await desktopCore();
    await result('desktop.preferences.update', { close_to_tray: false });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'desktop-preferences.json'), 'utf8'))).toMatchObject({ close_to_tray: false });
    expect(await result('desktop.preferences.get', {})).toMatchObject({ data: { preferences: { close_to_tray: false, launch_at_login: false } } });
  });

  it('refuses a value that is not true/false, naming the field, and changes nothing', async () => {
    const { result, raw, autostartFile } = await desktopCore();
    expect(await raw('desktop.preferences.update', { launch_at_login: 'yes', close_to_tray: false })).toEqual({
      ok: false,
      error: { code: 'validation', message: 'launch_at_login: Launch at login must be true or false', fields: { launch_at_login: 'Launch at login must be true or false' } },
    });
    expect(fs.existsSync(autostartFile)).toBe(false);
    expect(await result('desktop.preferences.get', {})).toMatchObject({ data: { preferences: { close_to_tray: true } } });
    expect(await raw('desktop.preferences.update', { start_minimised: true })).toMatchObject({ ok: false, error: { fields: { start_minimised: 'Unknown field "start_minimised"' } } });
  });

  it('needs a signed-in account', async () => {
    core = await startTestCore();
    expect(await core.caller().result('desktop.preferences.get', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('answers 404, not a 5xx, in browser mode (no desktop port): there are no such settings outside the desktop app', async () => {
    http = await startTestHttp();
    const client = http.client();
    await client.request('POST', '/api/auth/register', { email: 'ann@example.com', username: 'ann', password: 'correct horse battery' });
    const get = await client.request('GET', '/api/desktop/preferences');
    expect(get.status).toBe(404);
    expect(get.body).toMatchObject({ code: 'not_found', error: 'Only the desktop app can launch at login or keep running in the tray' });
    const put = await client.request('PUT', '/api/desktop/preferences', { launch_at_login: true });
    expect(put.status).toBe(404);
  });
});

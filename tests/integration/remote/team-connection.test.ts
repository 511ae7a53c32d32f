import fs from 'node:fs';
import path from 'node:path';
import { generate } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../main/core/context';
import { createNotifier } from '../../../main/electron/notifier';
import { CURSOR_FILE, SIGNED_OUT_BY_SERVER, TEAM_FILE, createTeamConnection, type TeamConnectionControl } from '../../../main/remote/connection';
import { createKeychainSecrets } from '../../../main/secrets/keychain';
import { FEED_SETTLE_MS } from '../../../main/services/reminder-feed';
import type { Secrets } from '../../../main/ports';
import { testClock } from '../../support/clock';
import { startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { keyringHint } from '../../support/keyring';
import { startTestTeamServer, type TestTeamServer } from '../../support/team-server';
import { tempDir } from '../../support/temp';
import { advanceTo, reminderRows } from '../reminders/support';
import { FakeNotification } from '../../unit/electron/fakes';

// The desktop app's switch between its own file and a team server: the real local core on its SQLite file,
// the real team server behind HTTPS on loopback, the real OS keychain (scripts/with-keyring.sh), and Electron's
// Notification as the fake the other desktop tests use.

let team: TestTeamServer;
let local: TestCore;
let localUser: TestCaller;
let secrets: Secrets;
let dataDir: string;
let connection: TeamConnectionControl;
const password = 'correct horse battery';

const notifier = createNotifier({ Notification: FakeNotification as never, open: () => {}, openExpense: () => {} });
const shown = () => FakeNotification.shown.map((n) => n.options.title);

function connect(): TeamConnectionControl {
  return createTeamConnection({ dataDir, secrets, local: local.dispatch, notify: (n) => notifier.notify(n), logger: local.ports.logger, pollIntervalMs: 3_600_000 });
}
/** The window's context: the local account, signed in on this computer. */
async function windowContext(): Promise<RequestContext> {
  return { userId: localUser.userId, sessionId: localUser.sessionId, session: { signIn: async () => {}, signOut: async () => {} } };
}
const call = async (name: string, input: unknown = {}) => connection.dispatch(name, input, await windowContext());
const serverCaller = () => team.http.core.caller();
const filesInDataDir = () => fs.readdirSync(dataDir);

beforeEach(async () => {
  FakeNotification.reset();
  team = await startTestTeamServer({ core: { clock: testClock('2026-03-10T12:00:00Z', 'UTC'), reminders: true } });
  const owner = serverCaller();
  await owner.call('auth.register', { email: 'tess@example.com', username: 'tess', password });
  local = await startTestCore();
  localUser = local.caller();
  await localUser.call('auth.register', { email: 'me@example.com', username: 'mine', password });
  await localUser.call('expenses.create', { name: 'My own VPN', amount: 5, renewal_date: '2026-12-01', category: 'Tools' });
  secrets = await createKeychainSecrets({ service: `Spend Manager test ${process.pid} ${Date.now()}` });
  expect(secrets.persistent, keyringHint(secrets.unavailableReason)).toBe(true);
  dataDir = tempDir();
  connection = connect();
});
afterEach(async () => {
  connection?.stop();
  await local?.close();
  await team?.close();
});

describe('the desktop on a team server', () => {
  it("relays the window's calls to the team server once connected, keeps the token only in the keychain, and keeps this computer's own operations local", async () => {
    expect((await call('expenses.list')).ok && ((await call('expenses.list')) as { data: { expenses: { name: string }[] } }).data.expenses.map((e) => e.name)).toEqual(['My own VPN']);

    const connected = await connection.port.connect({ url: team.url, ca_file: writeCa(), username: 'tess', password });
    expect(connected).toMatchObject({ connection: { mode: 'team', url: team.url, username: 'tess', signed_in: true, message: null }, user: { username: 'tess' } });
    expect(await call('expenses.create', { name: 'Team Figma', amount: 45, renewal_date: '2026-12-20', category: 'Design' })).toMatchObject({ ok: true });
    expect(await call('expenses.list')).toMatchObject({ ok: true, data: { expenses: [{ name: 'Team Figma' }] } });
    // Written on the server, not here.
    expect((await local.ports.db.selectFrom('expenses').select('name').execute()).map((e) => e.name)).toEqual(['My own VPN']);
    expect(await call('smtp.update', {})).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/^The team server sends the emails/) } });

    await connection.pollNow(); // the feed's first poll, which saves where it stands
    const token = await secrets.get(`team-session ${team.url}`);
    expect(token).toMatch(/.{20,}/);
    for (const file of filesInDataDir()) expect(fs.readFileSync(path.join(dataDir, file), 'utf8')).not.toContain(token!);
    expect(filesInDataDir().sort()).toEqual(['ca.pem', CURSOR_FILE, TEAM_FILE].sort());

    // A restart: the address from the file, the token from the keychain, still the team's data.
    connection.stop();
    connection = connect();
    await connection.restore();
    expect(await call('expenses.list')).toMatchObject({ ok: true, data: { expenses: [{ name: 'Team Figma' }] } });
  });

  it("disconnects in one step: signed out on the server, token, cursor and address gone, this computer's file in use again, untouched", async () => {
    await connection.port.connect({ url: team.url, ca_file: writeCa(), username: 'tess', password });
    const tess = serverCaller();
    await tess.call('auth.login', { username: 'tess', password });
    const sessionsBefore = (await tess.call('account.sessions')).sessions.length;
    await call('expenses.create', { name: 'Team Figma', amount: 45, renewal_date: '2026-12-20', category: 'Design' });

    expect(await connection.port.disconnect()).toEqual({ mode: 'local' });
    expect((await tess.call('account.sessions')).sessions.length).toBe(sessionsBefore - 1);
    expect(await secrets.get(`team-session ${team.url}`)).toBeNull();
    expect(filesInDataDir()).toEqual(['ca.pem']); // the CA file the user chose is theirs
    expect(await call('expenses.list')).toMatchObject({ ok: true, data: { expenses: [{ name: 'My own VPN' }] } });
    expect(((await call('expenses.list')) as { data: { expenses: unknown[] } }).data.expenses).toHaveLength(1);
  });

  it('drops to "signed out of the team" when the server rejects the token, never to the local data', async () => {
    await connection.port.connect({ url: team.url, ca_file: writeCa(), username: 'tess', password });
    const tess = serverCaller();
    await tess.call('auth.login', { username: 'tess', password });
    await tess.call('account.endOtherSessions');

    const refused = await call('expenses.list');
    expect(refused).toEqual({ ok: false, error: { code: 'unauthorized', message: 'Sign in first' } });
    expect(await connection.port.connection()).toEqual({ mode: 'team', url: team.url, username: 'tess', signed_in: false, message: SIGNED_OUT_BY_SERVER });
    expect(await secrets.get(`team-session ${team.url}`)).toBeNull();
    expect(await call('expenses.list')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    // Signing in again from the window goes to the team server too.
    expect(await call('auth.login', { username: 'tess', password })).toMatchObject({ ok: true });
    expect(await connection.port.connection()).toMatchObject({ signed_in: true, message: null });
    expect(await call('expenses.list')).toMatchObject({ ok: true, data: { expenses: [] } });
  });

  it('asks for the code of an account with two-factor on, then connects', async () => {
    const tess = serverCaller();
    await tess.call('auth.login', { username: 'tess', password });
    const { secret } = await tess.call('auth.twoFactor.begin', { password });
    const codeNow = () => generate({ secret, epoch: Math.floor(team.http.core.clock.now().getTime() / 1000) });
    await tess.call('auth.twoFactor.confirm', { code: await codeNow() });
    team.http.core.clock.advance(30_000);

    const first = await connection.port.connect({ url: team.url, ca_file: writeCa(), username: 'tess', password });
    if (!('two_factor' in first)) throw new Error('expected the code step');
    expect(await connection.port.connection()).toEqual({ mode: 'local' });
    await expect(connection.port.verify(first.two_factor.challenge, '000000')).rejects.toThrow(/code is not right/);
    const done = await connection.port.verify(first.two_factor.challenge, await codeNow());
    expect(done.connection).toMatchObject({ mode: 'team', username: 'tess', signed_in: true });
  });

  it('refuses a wrong password, an unreadable CA file and an untrusted certificate in words, and stays local', async () => {
    await expect(connection.port.connect({ url: team.url, ca_file: writeCa(), username: 'tess', password: 'wrong password!' })).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(connection.port.connect({ url: team.url, ca_file: path.join(dataDir, 'nope.pem'), username: 'tess', password })).rejects.toMatchObject({
      code: 'validation',
      fields: { ca_file: expect.stringMatching(/no such file/) },
    });
    await expect(connection.port.connect({ url: team.url, ca_file: null, username: 'tess', password })).rejects.toThrow(/certificate .* is not trusted/);
    await expect(connection.port.connect({ url: team.url.replace('https', 'http').replace('127.0.0.1', 'example.com'), ca_file: null, username: 'tess', password })).rejects.toMatchObject({ fields: { url: expect.any(String) } });
    expect(await connection.port.connection()).toEqual({ mode: 'local' });
    expect(await call('expenses.list')).toMatchObject({ ok: true, data: { expenses: [{ name: 'My own VPN' }] } });
  });

  it("shows an OS notification for each of the member's reminders the server sent, and none of them again after a restart", async () => {
    await connection.port.connect({ url: team.url, ca_file: writeCa(), username: 'tess', password });
    await connection.pollNow(); // the first poll only learns where the feed stands
    await call('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-03-20', category: 'Design' });
    await call('expenses.create', { name: 'Slack', amount: 8, renewal_date: '2026-03-21', category: 'Chat' });
    const rows = await reminderRows(team.http.core);
    await advanceTo(team.http.core, new Date(Math.max(...rows.map((r) => Date.parse(r.due_at))) + FEED_SETTLE_MS + 1000).toISOString());

    await connection.pollNow();
    // Told as it stands when shown: the poll comes a day after Figma's reminder went out.
    expect(shown()).toEqual(['Figma renews in 6 days', 'Slack renews in 7 days']);
    expect(FakeNotification.shown[0]!.options.body).toMatch(/45\.00 · /);

    connection.stop();
    connection = connect();
    await connection.restore();
    await connection.pollNow();
    expect(shown()).toHaveLength(2);
  });
});

/** The team server's certificate, saved where a user would keep the CA file they were given. */
function writeCa(): string {
  const file = path.join(dataDir, 'ca.pem');
  fs.writeFileSync(file, team.ca);
  return file;
}

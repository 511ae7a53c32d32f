import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDesktopSession, type SessionTokenStore } from '../../main/services/desktop-session';
import { startTestCore, type TestCore } from '../support/core';

function memoryStore(): SessionTokenStore & { value: string | null } {
  const store = {
    value: null as string | null,
    load: async () => store.value,
    save: async (token: string) => void (store.value = token),
    clear: async () => void (store.value = null),
  };
  return store;
}

let core: TestCore;
beforeEach(async () => {
  core = await startTestCore();
});
afterEach(async () => {
  await core.close();
});

describe('desktop session', () => {
  it('stays signed in across a restart until the user signs out', async () => {
    const store = memoryStore();
    const firstRun = createDesktopSession(core.sessions, store);
    const register = await core.invoke(
      'auth.register',
      { email: 'd@example.com', username: 'desk', password: 'long enough pw' },
      { userId: await firstRun.userId(), session: firstRun.control },
    );
    expect(register.ok).toBe(true);
    expect(store.value).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const secondRun = createDesktopSession(core.sessions, store);
    const userId = await secondRun.userId();
    expect(userId).not.toBeNull();
    const me = await core.invoke('auth.me', {}, { userId, session: secondRun.control });
    expect(me).toMatchObject({ ok: true, data: { user: { username: 'desk' } } });

    await core.invoke('auth.logout', {}, { userId, session: secondRun.control });
    expect(store.value).toBeNull();
    expect(await createDesktopSession(core.sessions, store).userId()).toBeNull();
  });

  it('forgets a token the database no longer knows', async () => {
    const store = memoryStore();
    store.value = 'stale-token-from-another-install';
    const session = createDesktopSession(core.sessions, store);
    expect(await session.userId()).toBeNull();
    expect(store.value).toBeNull();
  });

  it('gives each call its session id, so the sessions list marks the desktop as this device', async () => {
    const store = memoryStore();
    const desktop = createDesktopSession(core.sessions, store);
    await core.invoke('auth.register', { email: 'd@example.com', username: 'desk', password: 'long enough pw' }, await desktop.context());
    const browser = core.caller({ agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36' });
    await browser.call('auth.login', { username: 'desk', password: 'long enough pw' });

    const ctx = await desktop.context();
    expect(ctx).toMatchObject({ userId: expect.any(Number), sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), client: { address: null, agent: 'Spend Manager desktop' } });
    const listed = await core.invoke('account.sessions', {}, ctx);
    expect(listed).toMatchObject({
      ok: true,
      data: {
        sessions: [
          { device: 'Spend Manager desktop', kind: 'desktop', current: true, id: ctx.sessionId },
          { device: 'Chrome on Linux', kind: 'web', current: false },
        ],
      },
    });
    const desktopRow = await core.database.db.selectFrom('sessions').select('expires_at').where('id', '=', ctx.sessionId!).executeTakeFirstOrThrow();
    expect(new Date(desktopRow.expires_at).getTime() - core.clock.now().getTime()).toBe(365 * 86_400_000);
  });

  it('forgets its token once the browser signs it out from the sessions list', async () => {
    const store = memoryStore();
    const desktop = createDesktopSession(core.sessions, store);
    await core.invoke('auth.register', { email: 'd@example.com', username: 'desk', password: 'long enough pw' }, await desktop.context());
    const { sessionId } = await desktop.context();
    const browser = core.caller();
    await browser.call('auth.login', { username: 'desk', password: 'long enough pw' });
    await browser.call('account.endSession', { id: sessionId! });

    expect(await desktop.context()).toMatchObject({ userId: null, sessionId: null });
    expect(store.value).toBeNull();
  });
});

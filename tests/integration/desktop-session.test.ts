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
    const register = await core.dispatch(
      'auth.register',
      { email: 'd@example.com', username: 'desk', password: 'long enough pw' },
      { userId: await firstRun.userId(), session: firstRun.control },
    );
    expect(register.ok).toBe(true);
    expect(store.value).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const secondRun = createDesktopSession(core.sessions, store);
    const userId = await secondRun.userId();
    expect(userId).not.toBeNull();
    const me = await core.dispatch('auth.me', {}, { userId, session: secondRun.control });
    expect(me).toMatchObject({ ok: true, data: { user: { username: 'desk' } } });

    await core.dispatch('auth.logout', {}, { userId, session: secondRun.control });
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
});

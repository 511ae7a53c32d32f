import type { RequestContext, SessionControl } from '../core/context';
import { DESKTOP_DEVICE } from './device-label';
import type { SessionInfo, Sessions } from './sessions';

/** Where the desktop keeps its session token between runs (encrypted by the OS where it can). */
export interface SessionTokenStore {
  load(): Promise<string | null>;
  save(token: string): Promise<void>;
  clear(): Promise<void>;
}

export interface DesktopSession {
  /** The signed-in account, restored from the previous run on first call. */
  userId(): Promise<number | null>;
  /** The context of one call from the window or the tray: account, session id, caller. */
  context(): Promise<RequestContext>;
  control: SessionControl;
}

/** The desktop app has one session: it stays signed in across restarts until the user signs out. */
export function createDesktopSession(sessions: Sessions, store: SessionTokenStore): DesktopSession {
  let token: string | null = null;
  let restored: Promise<void> | null = null;

  function restore(): Promise<void> {
    restored ??= (async () => {
      token = await store.load().catch(() => null);
    })();
    return restored;
  }

  async function current(): Promise<SessionInfo | null> {
    await restore();
    const info = await sessions.lookup(token);
    if (info === null && token !== null) {
      // Expired, signed out from another device, or a token from another install.
      token = null;
      await store.clear();
    }
    return info;
  }

  const control: SessionControl = {
    async signIn(userId) {
      await restore();
      await sessions.revoke(token);
      token = await sessions.create(userId, 'desktop');
      await store.save(token);
    },
    async signOut() {
      await restore();
      await sessions.revoke(token);
      token = null;
      await store.clear();
    },
  };

  return {
    async userId() {
      return (await current())?.userId ?? null;
    },
    async context() {
      const info = await current();
      return { userId: info?.userId ?? null, sessionId: info?.sessionId ?? null, session: control, client: { address: null, agent: DESKTOP_DEVICE } };
    },
    control,
  };
}

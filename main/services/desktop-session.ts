import type { SessionControl } from '../core/context';
import type { Sessions } from './sessions';

/** Where the desktop keeps its session token between runs (encrypted by the OS where it can). */
export interface SessionTokenStore {
  load(): Promise<string | null>;
  save(token: string): Promise<void>;
  clear(): Promise<void>;
}

export interface DesktopSession {
  /** The signed-in account, restored from the previous run on first call. */
  userId(): Promise<number | null>;
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

  return {
    async userId() {
      await restore();
      const userId = await sessions.resolve(token);
      if (userId === null && token !== null) {
        token = null;
        await store.clear();
      }
      return userId;
    },
    control: {
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
    },
  };
}

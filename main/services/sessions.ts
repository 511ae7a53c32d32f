import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type SessionRow,
  deleteSessionById,
  deleteSessionByTokenHash,
  deleteSessionsOfUser,
  findSessionByTokenHash,
  insertSession,
  listLiveSessions,
  touchSession,
} from '../db/repositories/sessions';
import type { Database } from '../db/schema';
import type { Clock } from '../ports';

const LIFETIME_DAYS = { web: 30, desktop: 365 } as const;
export type SessionKind = keyof typeof LIFETIME_DAYS;

/** last_seen_at moves at most this often: a signed-in request is not a write each time. */
export const LAST_SEEN_EVERY_MS = 5 * 60_000;

// Only a hash of the token is stored: a copied database file signs nobody in.
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Who a token belongs to, and which session it is (its public id, for "This device"). */
export interface SessionInfo {
  userId: number;
  sessionId: string;
}

export interface Sessions {
  /** A new session; `agent` is the browser's User-Agent (null for the desktop app). */
  create(userId: number, kind: SessionKind, agent?: string | null): Promise<string>;
  /** The account a token belongs to, or null when unknown or expired. */
  resolve(token: string | null | undefined): Promise<number | null>;
  /** Like resolve, with the session's public id; notes the session as seen (at most every few minutes). */
  lookup(token: string | null | undefined): Promise<SessionInfo | null>;
  revoke(token: string | null | undefined): Promise<void>;
  /** The account's unexpired sessions, most recently seen first. */
  list(userId: number): Promise<SessionRow[]>;
  /** Ends one session of this account by its public id; false when the account has no such session. */
  revokeById(userId: number, sessionId: string): Promise<boolean>;
  /** Ends every session of the account except `keep` (null: all of them); returns how many ended. */
  revokeOthers(userId: number, keep: string | null): Promise<number>;
}

export function createSessions(db: Kysely<Database>, clock: Clock): Sessions {
  const touching = new Set<string>();
  async function lookup(token: string | null | undefined): Promise<SessionInfo | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = hashToken(token);
    const row = await findSessionByTokenHash(db, tokenHash);
    if (!row) return null;
    const now = clock.now();
    // An expired row stays until the sweep clears it (deleteExpiredSessions): a lookup never deletes.
    if (row.expires_at <= now.toISOString()) return null;
    if (now.getTime() - Date.parse(row.last_seen_at) >= LAST_SEEN_EVERY_MS && !touching.has(tokenHash)) {
      // Noted beside the request, never before it: on SQLite the write waits for the writer, and a request made
      // while an import commits (its own progress, say) must not wait for the whole commit to say who is asking.
      touching.add(tokenHash);
      void touchSession(db, tokenHash, now.toISOString())
        .catch(() => {}) // "last seen" is a hint; the next request notes it again
        .finally(() => touching.delete(tokenHash));
    }
    return { userId: row.user_id, sessionId: row.id };
  }

  return {
    async create(userId, kind, agent = null) {
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const expires = new Date(now.getTime() + LIFETIME_DAYS[kind] * 86_400_000);
      await insertSession(db, {
        token_hash: hashToken(token),
        id: randomBytes(16).toString('base64url'),
        user_id: userId,
        kind,
        agent: agent ? agent.slice(0, 300) : null,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expires.toISOString(),
      });
      return token;
    },
    lookup,
    async resolve(token) {
      return (await lookup(token))?.userId ?? null;
    },
    async revoke(token) {
      if (!token) return;
      await deleteSessionByTokenHash(db, hashToken(token));
    },
    async list(userId) {
      return listLiveSessions(db, userId, clock.now().toISOString());
    },
    async revokeById(userId, sessionId) {
      return deleteSessionById(db, userId, sessionId);
    },
    async revokeOthers(userId, keep) {
      return deleteSessionsOfUser(db, userId, keep);
    },
  };
}

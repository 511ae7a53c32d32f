import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The sessions table: one row per signed-in browser or desktop app, found by a hash of its token.

export interface SessionsTable {
  token_hash: string;
  /** Public id for the sessions list (0005): never the token nor its hash. */
  id: string;
  user_id: number;
  /** The workspace the session acts in (0013), changed by workspaces.switch; null: the personal one. */
  workspace_id: number | null;
  kind: 'web' | 'desktop';
  /** The browser's User-Agent when signed in (0005); null for the desktop app and older sessions. */
  agent: string | null;
  created_at: string;
  /** Moved at most every few minutes (0005). */
  last_seen_at: string;
  expires_at: string;
}
export type SessionRow = Selectable<SessionsTable>;
export type NewSessionRow = Insertable<SessionsTable>;

export async function insertSession(db: Kysely<Database>, session: NewSessionRow): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

export function findSessionByTokenHash(db: Kysely<Database>, tokenHash: string) {
  return db.selectFrom('sessions').select(['id', 'user_id', 'expires_at', 'last_seen_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchSession(db: Kysely<Database>, tokenHash: string, seenAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: seenAt }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** The account's sessions not expired at `now`, most recently seen first. */
export function listLiveSessions(db: Kysely<Database>, userId: number, now: string): Promise<SessionRow[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Moves one of the account's sessions to another workspace (workspaces.switch). */
export async function setSessionWorkspace(db: Kysely<Database>, userId: number, id: string, workspaceId: number | null): Promise<void> {
  await db.updateTable('sessions').set({ workspace_id: workspaceId }).where('id', '=', id).where('user_id', '=', userId).execute();
}

/** Sessions that acted in a workspace the account left go back to its personal one. */
export async function resetSessionsIn(db: Kysely<Database>, workspaceId: number, userId?: number): Promise<void> {
  let query = db.updateTable('sessions').set({ workspace_id: null }).where('workspace_id', '=', workspaceId);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  await query.execute();
}

export async function sessionExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return (await db.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Ends one session of this account by its public id; false when the account has no such session. */
export async function deleteSessionById(db: Kysely<Database>, userId: number, id: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Ends every session of the account except the one with public id `keep` (null: all); returns how many. */
export async function deleteSessionsOfUser(db: Kysely<Database>, userId: number, keep: string | null = null): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep !== null) query = query.where('id', '!=', keep);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Sessions expired before `now`, every account's: the sweep clears them, so a read never has to. */
export async function deleteExpiredSessions(db: Kysely<Database>, now: string): Promise<number> {
  // A read first: the common case (none expired) opens no write transaction.
  if (!(await db.selectFrom('sessions').select('token_hash').where('expires_at', '<=', now).limit(1).executeTakeFirst())) return 0;
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../../../common/contract/roles';
import type { Database } from '../schema';

// The invitations table (0013): one-time links to join a workspace. Only a sha-256 of the link's
// secret is stored; using one is a compare-and-set, so a link works once, before it expires, unless revoked.

export interface InvitationsTable {
  /** Public and random: named in the link and in the list. */
  id: string;
  token_hash: string;
  workspace_id: number;
  role: Role;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: number | null;
  revoked_at: string | null;
}
export type InvitationRow = Selectable<InvitationsTable>;

export async function insertInvitation(db: Kysely<Database>, row: InvitationRow): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

/** The workspace's invitations, newest first. */
export function listInvitations(db: Kysely<Database>, workspaceId: number): Promise<InvitationRow[]> {
  return db.selectFrom('invitations').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').orderBy('id').execute();
}

export function findInvitationByHash(db: Kysely<Database>, tokenHash: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Revokes one of the workspace's unused invitations; false when it has none such (used, revoked, or another's). */
export async function revokeInvitation(db: Kysely<Database>, workspaceId: number, id: string, nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ revoked_at: nowIso })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks the invitation used by `userId` if it still can be (unused, not revoked, not expired): true for exactly one caller. */
export async function useInvitation(db: Kysely<Database>, tokenHash: string, userId: number, nowIso: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ used_at: nowIso, used_by: userId })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

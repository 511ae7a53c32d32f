import type { Kysely } from 'kysely';
import type { Role } from '../../common/contract/roles';
import { AppError } from '../../common/errors';
import { findSessionWorkspace } from '../db/repositories/sessions';
import { findMembership } from '../db/repositories/workspace-members';
import { findPersonalWorkspaceId } from '../db/repositories/workspaces';
import type { Database } from '../db/schema';
import type { RequestContext } from './context';

// Which workspace a signed-in call acts in, and the caller's role there: resolved once per request,
// at the door, before any handler runs.

export interface WorkspaceAccess {
  workspaceId: number;
  role: Role;
}

export type ResolveAccess = (ctx: RequestContext & { userId: number }) => Promise<WorkspaceAccess>;

/** A workspace the caller is not in looks like one that does not exist (404), like any other workspace's id. */
export function noSuchWorkspace(id: number): AppError {
  return new AppError('not_found', `Workspace ${id} not found`);
}

/**
 * The named workspace (an in-process caller's), else the session's current one, else the personal one.
 * A session whose member was removed from its workspace falls back to the personal workspace.
 */
export function createAccessResolver(db: Kysely<Database>): ResolveAccess {
  return async (ctx) => {
    if (ctx.workspaceId !== undefined && ctx.workspaceId !== null) {
      const named = await findMembership(db, ctx.workspaceId, ctx.userId);
      if (!named) throw noSuchWorkspace(ctx.workspaceId);
      return { workspaceId: named.workspace_id, role: named.role };
    }
    const current = ctx.sessionId ? await findSessionWorkspace(db, ctx.sessionId) : null;
    if (current !== null && current !== undefined) {
      const member = await findMembership(db, current, ctx.userId);
      if (member) return { workspaceId: member.workspace_id, role: member.role };
    }
    const personal = await findPersonalWorkspaceId(db, ctx.userId);
    const member = personal === undefined ? undefined : await findMembership(db, personal, ctx.userId);
    if (!member) throw new AppError('unauthorized', 'This account has no workspace; sign in again');
    return { workspaceId: member.workspace_id, role: member.role };
  };
}

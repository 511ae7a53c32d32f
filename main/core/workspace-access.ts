import type { Kysely } from 'kysely';
import type { Role } from '../../common/contract/roles';
import { AppError } from '../../common/errors';
import { findCurrentMemberAccess, findMemberAccess, type MemberAccess } from '../db/repositories/workspace-members';
import type { Database } from '../db/schema';
import { isTwoFactorEnabled } from '../services/two-factor';
import type { RequestContext } from './context';

// Which workspace a signed-in call acts in, and the caller's role there: resolved once per request,
// at the door, before any handler runs.

export interface WorkspaceAccess {
  workspaceId: number;
  role: Role;
  /** The workspace requires two-factor sign-in and this account has it off: only its own account's operations pass. */
  twoFactorMissing: boolean;
}

export type ResolveAccess = (ctx: RequestContext & { userId: number }) => Promise<WorkspaceAccess>;

/** The refusal in a workspace that requires two-factor sign-in, to a member who has it off. */
export const TWO_FACTOR_REQUIRED = 'This workspace requires two-factor sign-in: turn it on in Settings → Security';

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
    const admitted = async (member: MemberAccess): Promise<WorkspaceAccess> => ({
      workspaceId: member.workspace_id,
      role: member.role,
      // Read only where it matters: most workspaces do not require it.
      twoFactorMissing: member.require_two_factor === 1 && !(await isTwoFactorEnabled(db, ctx.userId)),
    });
    if (ctx.workspaceId !== undefined && ctx.workspaceId !== null) {
      const named = await findMemberAccess(db, ctx.workspaceId, ctx.userId);
      if (!named) throw noSuchWorkspace(ctx.workspaceId);
      return admitted(named);
    }
    const member = await findCurrentMemberAccess(db, ctx.userId, ctx.sessionId ?? null);
    if (!member) throw new AppError('unauthorized', 'This account has no workspace; sign in again');
    return admitted(member);
  };
}

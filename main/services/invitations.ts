import { createHash, randomBytes } from 'node:crypto';
import type { Invitation, InvitationState } from '../../common/contract/workspaces';
import { INVITATION_DAYS } from '../../common/contract/workspaces';
import type { InvitableRole } from '../../common/contract/roles';
import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { type InvitationRow, findInvitationByHash, insertInvitation, listInvitations, revokeInvitation, useInvitation } from '../db/repositories/invitations';
import { TWO_FACTOR_REQUIRED } from '../core/workspace-access';
import { findMembership, insertMember } from '../db/repositories/workspace-members';
import { findWorkspace } from '../db/repositories/workspaces';
import { isTwoFactorEnabled } from './two-factor';
import { enterWorkspace, workspaceJson } from './workspaces';

// invitations.*: one-time links into a workspace. The link carries a random secret; only its sha-256 is
// stored, so the table alone cannot be used to join. Using one is a compare-and-set: once, in time, unrevoked.

const DAY_MS = 86_400_000;

export function invitationTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function stateOf(row: InvitationRow, nowIso: string): InvitationState {
  if (row.used_at !== null) return 'used';
  if (row.revoked_at !== null) return 'revoked';
  return row.expires_at <= nowIso ? 'expired' : 'pending';
}

export function toInvitation(row: InvitationRow, nowIso: string): Invitation {
  return {
    id: row.id,
    role: row.role as InvitableRole,
    state: stateOf(row, nowIso),
    created_at: row.created_at,
    expires_at: row.expires_at,
    used_at: row.used_at,
    revoked_at: row.revoked_at,
  };
}

const REFUSED: Record<Exclude<InvitationState, 'pending'>, string> = {
  used: 'This invitation was already used: ask for a new link',
  revoked: 'This invitation was revoked: ask for a new link',
  expired: `This invitation has expired (links work for ${INVITATION_DAYS} days): ask for a new link`,
};

export function invitationHandlers(ports: Ports): HandlersFor<'invitations'> {
  const { db, clock } = ports;

  return {
    async 'invitations.create'(ctx, input) {
      const now = clock.now();
      const token = randomBytes(32).toString('base64url');
      const row: InvitationRow = {
        id: randomBytes(12).toString('base64url'),
        token_hash: invitationTokenHash(token),
        workspace_id: ctx.workspaceId,
        role: input.role,
        created_by: ctx.userId,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + INVITATION_DAYS * DAY_MS).toISOString(),
        used_at: null,
        used_by: null,
        revoked_at: null,
      };
      await insertInvitation(db, row);
      return { invitation: toInvitation(row, now.toISOString()), token };
    },

    async 'invitations.list'(ctx) {
      const nowIso = clock.now().toISOString();
      return { invitations: (await listInvitations(db, ctx.workspaceId)).map((r) => toInvitation(r, nowIso)) };
    },

    async 'invitations.revoke'(ctx, input) {
      const nowIso = clock.now().toISOString();
      const id = input.invitation_id;
      const found = (await listInvitations(db, ctx.workspaceId)).find((r) => r.id === id);
      if (!found) throw new AppError('not_found', `Invitation ${id} not found`, { invitation_id: 'No such invitation in this workspace' });
      if (!(await revokeInvitation(db, ctx.workspaceId, id, nowIso))) {
        throw new AppError('conflict', `Invitation ${id} was already ${found.used_at ? 'used' : 'revoked'}`, { invitation_id: 'Not pending any more' });
      }
      const row = (await listInvitations(db, ctx.workspaceId)).find((r) => r.id === id)!;
      return { invitation: toInvitation(row, nowIso) };
    },

    async 'invitations.peek'(_ctx, input) {
      const row = await findInvitationByHash(db, invitationTokenHash(input.token));
      if (!row) throw new AppError('not_found', 'This invitation link is not valid: check that it was copied whole', { token: 'Not a valid invitation' });
      const state = stateOf(row, clock.now().toISOString());
      if (state !== 'pending') throw new AppError('conflict', REFUSED[state], { token: REFUSED[state] });
      const workspace = await findWorkspace(db, row.workspace_id);
      if (!workspace) throw new AppError('not_found', 'This invitation link is not valid: check that it was copied whole', { token: 'Not a valid invitation' });
      return { workspace_name: workspace.name, role: row.role as InvitableRole, expires_at: row.expires_at };
    },

    async 'invitations.accept'(ctx, input) {
      const nowIso = clock.now().toISOString();
      const hash = invitationTokenHash(input.token);
      const row = await findInvitationByHash(db, hash);
      if (!row) throw new AppError('not_found', 'This invitation link is not valid: check that it was copied whole', { token: 'Not a valid invitation' });
      const state = stateOf(row, nowIso);
      if (state !== 'pending') throw new AppError('conflict', REFUSED[state], { token: REFUSED[state] });
      const workspaceId = row.workspace_id;
      // Joining moves the session in, where the door would refuse everything: refuse before the link is used up.
      if ((await findWorkspace(db, workspaceId))?.require_two_factor === 1 && !(await isTwoFactorEnabled(db, ctx.userId))) {
        throw new AppError('forbidden', TWO_FACTOR_REQUIRED);
      }
      await db.transaction().execute(async (trx) => {
        if (await findMembership(trx, workspaceId, ctx.userId)) throw new AppError('conflict', 'You are already a member of this workspace', { token: 'Already a member' });
        // Compare-and-set: of two accounts racing with one link, exactly one joins.
        if (!(await useInvitation(trx, hash, ctx.userId, nowIso))) throw new AppError('conflict', REFUSED.used, { token: REFUSED.used });
        await insertMember(trx, { workspace_id: workspaceId, user_id: ctx.userId, role: row.role, remind_all: 0, joined_at: nowIso });
      });
      await enterWorkspace(db, ctx, workspaceId);
      return { workspace: await workspaceJson(db, ctx.userId, workspaceId, workspaceId) };
    },
  };
}

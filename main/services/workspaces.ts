import type { Kysely } from 'kysely';
import type { Workspace } from '../../common/contract/workspaces';
import { AppError } from '../../common/errors';
import type { Ports, SignedInContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { noSuchWorkspace } from '../core/workspace-access';
import { setSessionWorkspace } from '../db/repositories/sessions';
import { type WorkspaceOfMember, findWorkspace, renameWorkspace, setRequireTwoFactor, workspacesOf } from '../db/repositories/workspaces';
import type { Database } from '../db/schema';
import { seedWorkspace } from './account-defaults';
import { isTwoFactorEnabled } from './two-factor';
import { workspaceMoveHandlers } from './workspace-move';
import { deleteWorkspaceData, removeMember } from './workspace-removal';

// workspaces.*: the workspaces an account belongs to, creating company ones, switching, renaming,
// deleting (owner), leaving, and requiring two-factor sign-in of the members (owner). The door has already checked membership and role (contract `role`).

export function toWorkspace(row: WorkspaceOfMember, currentId: number): Workspace {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    role: row.role,
    member_count: row.member_count,
    current: row.id === currentId,
    require_two_factor: row.require_two_factor === 1,
    created_at: row.created_at,
  };
}

/** One of the account's workspaces as JSON; 404 when it is not (or no longer) in it. */
export async function workspaceJson(db: Kysely<Database>, userId: number, id: number, currentId: number): Promise<Workspace> {
  const row = (await workspacesOf(db, userId)).find((w) => w.id === id);
  if (!row) throw noSuchWorkspace(id);
  return toWorkspace(row, currentId);
}

/** Moves the caller's session into a workspace; an in-process caller without a session names it per call instead. */
export async function enterWorkspace(db: Kysely<Database>, ctx: SignedInContext, workspaceId: number): Promise<void> {
  if (ctx.sessionId) await setSessionWorkspace(db, ctx.userId, ctx.sessionId, workspaceId);
}

export function workspaceHandlers(ports: Ports): HandlersFor<'workspaces'> {
  const { db, clock, reminders } = ports;

  async function company(id: number): Promise<void> {
    const row = await findWorkspace(db, id);
    if (!row) throw noSuchWorkspace(id);
    if (row.kind === 'personal') throw new AppError('conflict', 'A personal workspace belongs to its account: it cannot be deleted or left (delete the account instead)');
  }

  return {
    ...workspaceMoveHandlers(ports),

    async 'workspaces.list'(ctx) {
      return { workspaces: (await workspacesOf(db, ctx.userId)).map((w) => toWorkspace(w, ctx.workspaceId)) };
    },

    async 'workspaces.create'(ctx, input) {
      const now = clock.now().toISOString();
      const id = await db.transaction().execute((trx) => seedWorkspace(trx, ctx.userId, input.name, 'company', now));
      await enterWorkspace(db, ctx, id);
      return { workspace: await workspaceJson(db, ctx.userId, id, id) };
    },

    async 'workspaces.switch'(ctx) {
      await enterWorkspace(db, ctx, ctx.workspaceId);
      return { workspace: await workspaceJson(db, ctx.userId, ctx.workspaceId, ctx.workspaceId) };
    },

    async 'workspaces.rename'(ctx, input) {
      await renameWorkspace(db, ctx.workspaceId, input.name, clock.now().toISOString());
      return { workspace: await workspaceJson(db, ctx.userId, ctx.workspaceId, ctx.workspaceId) };
    },

    async 'workspaces.delete'(ctx) {
      await company(ctx.workspaceId);
      const row = (await findWorkspace(db, ctx.workspaceId))!;
      await db.transaction().execute((trx) => deleteWorkspaceData(trx, ctx.workspaceId));
      // The armed job may point at one of the deleted reminders.
      reminders.rearm();
      ports.logger.info('workspace deleted', { workspace: ctx.workspaceId, by: ctx.userId });
      return { message: `The workspace ${row.name} and all its subscriptions were deleted.` };
    },

    async 'workspaces.leave'(ctx) {
      await company(ctx.workspaceId);
      const row = (await findWorkspace(db, ctx.workspaceId))!;
      await db.transaction().execute((trx) => removeMember(trx, reminders, ctx.workspaceId, ctx.userId, clock.now().toISOString()));
      reminders.rearm();
      return { message: `You left ${row.name}.` };
    },

    async 'workspaces.requireTwoFactor'(ctx, input) {
      const row = (await findWorkspace(db, ctx.workspaceId))!;
      if (row.kind === 'personal') {
        throw new AppError('conflict', 'A personal workspace has no other members: two-factor sign-in is required in company workspaces', { required: 'Only in a company workspace' });
      }
      // Else the owner's own next call would be refused, with no one left who could switch it off.
      if (input.required && !(await isTwoFactorEnabled(db, ctx.userId))) {
        const message = 'Turn on two-factor sign-in for your own account first (Settings → Security), then require it of the members';
        throw new AppError('conflict', message, { required: message });
      }
      await setRequireTwoFactor(db, ctx.workspaceId, input.required, clock.now().toISOString());
      ports.logger.info('workspace two-factor requirement changed', { workspace: ctx.workspaceId, by: ctx.userId, required: input.required });
      return { workspace: await workspaceJson(db, ctx.userId, ctx.workspaceId, ctx.workspaceId) };
    },
  };
}

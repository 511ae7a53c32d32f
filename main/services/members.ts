import type { Kysely } from 'kysely';
import type { Member } from '../../common/contract/workspaces';
import { roleAtLeast } from '../../common/contract/roles';
import { AppError } from '../../common/errors';
import type { Ports, SignedInContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { type MemberWithUser, countOwners, findMembership, listMembers, updateMember } from '../db/repositories/workspace-members';
import type { Database } from '../db/schema';
import { LAST_OWNER, removeMember } from './workspace-removal';

// members.*: who is in the current workspace and with which role. The door checked the least role
// (admin); ownership itself is an owner's to give or take, which is checked here against the target.

export function toMember(row: MemberWithUser): Member {
  return { user_id: row.user_id, username: row.username, email: row.email, role: row.role, remind_all: row.remind_all === 1, joined_at: row.joined_at };
}

async function memberJson(db: Kysely<Database>, workspaceId: number, userId: number): Promise<Member> {
  const row = (await listMembers(db, workspaceId)).find((m) => m.user_id === userId);
  if (!row) throw noSuchMember(userId);
  return toMember(row);
}

function noSuchMember(userId: number): AppError {
  return new AppError('not_found', `No member ${userId} in this workspace`, { user_id: 'Not a member of this workspace' });
}

const OWNERS_ONLY = 'Only an owner can make a member an owner, or change or remove an owner';

export function memberHandlers(ports: Ports): HandlersFor<'members'> {
  const { db, clock, reminders } = ports;

  async function target(trx: Kysely<Database>, ctx: SignedInContext, userId: number) {
    const row = await findMembership(trx, ctx.workspaceId, userId);
    if (!row) throw noSuchMember(userId);
    return row;
  }

  return {
    async 'members.list'(ctx) {
      return { members: (await listMembers(db, ctx.workspaceId)).map(toMember) };
    },

    async 'members.changeRole'(ctx, input) {
      await db.transaction().execute(async (trx) => {
        const row = await target(trx, ctx, input.user_id);
        if ((row.role === 'owner' || input.role === 'owner') && ctx.role !== 'owner') throw new AppError('forbidden', OWNERS_ONLY);
        if (row.role === input.role) return;
        if (row.role === 'owner' && (await countOwners(trx, ctx.workspaceId)) <= 1) throw new AppError('conflict', LAST_OWNER, { role: LAST_OWNER });
        // Only admins and owners may receive every reminder: a demoted member stops.
        const keepsAll = row.remind_all === 1 && roleAtLeast(input.role, 'admin');
        await updateMember(trx, ctx.workspaceId, input.user_id, { role: input.role, remind_all: keepsAll ? 1 : 0 });
        if (row.remind_all === 1 && !keepsAll) await reminders.memberChanged(trx, input.user_id);
      });
      reminders.rearm();
      return { member: await memberJson(db, ctx.workspaceId, input.user_id) };
    },

    async 'members.remove'(ctx, input) {
      const name = (await memberJson(db, ctx.workspaceId, input.user_id)).username;
      await db.transaction().execute(async (trx) => {
        const row = await target(trx, ctx, input.user_id);
        if (row.role === 'owner' && ctx.role !== 'owner') throw new AppError('forbidden', OWNERS_ONLY);
        await removeMember(trx, reminders, ctx.workspaceId, input.user_id, clock.now().toISOString());
      });
      reminders.rearm();
      return { message: `${name} was removed; their subscriptions passed to the owner.` };
    },

    async 'members.remindAll'(ctx, input) {
      await db.transaction().execute(async (trx) => {
        await updateMember(trx, ctx.workspaceId, ctx.userId, { remind_all: input.remind_all ? 1 : 0 });
        await reminders.memberChanged(trx, ctx.userId);
      });
      reminders.rearm();
      return { member: await memberJson(db, ctx.workspaceId, ctx.userId) };
    },
  };
}

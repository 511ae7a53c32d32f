import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Role } from '../../../common/contract/roles';
import type { Database } from '../schema';

// The workspace_members table (0013): who belongs to a workspace, with which role.

export interface WorkspaceMembersTable {
  workspace_id: number;
  user_id: number;
  role: Role;
  /** 1: an admin's or owner's opt-in to a reminder for every subscription of the workspace. */
  remind_all: number;
  joined_at: string;
}
export type MemberRow = Selectable<WorkspaceMembersTable>;
export type NewMemberRow = Insertable<WorkspaceMembersTable>;

export async function insertMember(db: Kysely<Database>, row: NewMemberRow): Promise<void> {
  await db.insertInto('workspace_members').values(row).execute();
}

/** The account's membership of one workspace, or undefined when it is not a member. */
export function findMembership(db: Kysely<Database>, workspaceId: number, userId: number): Promise<MemberRow | undefined> {
  return db.selectFrom('workspace_members').selectAll().where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
}

export interface MemberAccess {
  workspace_id: number;
  role: Role;
  /** The workspace's own switch (workspaces.require_two_factor), 0 or 1. */
  require_two_factor: number;
}

/** What the door needs to admit a call: the account's role in the workspace and whether it requires two-factor. */
export function findMemberAccess(db: Kysely<Database>, workspaceId: number, userId: number): Promise<MemberAccess | undefined> {
  return db
    .selectFrom('workspace_members as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['m.workspace_id', 'm.role', 'w.require_two_factor'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
}

/**
 * In one round trip: the caller's access in the session's current workspace, or in their personal workspace when the
 * session has none or names one they are no longer a member of.
 */
export function findCurrentMemberAccess(db: Kysely<Database>, userId: number, sessionId: string | null): Promise<MemberAccess | undefined> {
  return db
    .selectFrom('workspace_members as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['m.workspace_id', 'm.role', 'w.require_two_factor'])
    .where('m.user_id', '=', userId)
    .where((eb) => {
      const personal = eb('w.kind', '=', 'personal');
      if (sessionId === null) return personal;
      return eb.or([personal, eb('w.id', '=', eb.selectFrom('sessions').select('sessions.workspace_id').where('sessions.id', '=', sessionId))]);
    })
    .orderBy((eb) => eb.case().when('w.kind', '=', 'personal').then(1).else(0).end())
    .limit(1)
    .executeTakeFirst();
}

export type MemberWithUser = MemberRow & { username: string; email: string };

/** The workspace's members with their names: owners first, then by username. */
export function listMembers(db: Kysely<Database>, workspaceId: number): Promise<MemberWithUser[]> {
  return db
    .selectFrom('workspace_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .selectAll('m')
    .select(['u.username', 'u.email'])
    .where('m.workspace_id', '=', workspaceId)
    .orderBy((eb) => eb.case().when('m.role', '=', 'owner').then(0).when('m.role', '=', 'admin').then(1).when('m.role', '=', 'member').then(2).else(3).end())
    .orderBy('u.username')
    .execute();
}

export async function countOwners(db: Kysely<Database>, workspaceId: number): Promise<number> {
  const row = await db
    .selectFrom('workspace_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The owner who receives what a leaving member held: the one who joined first. */
export async function firstOwner(db: Kysely<Database>, workspaceId: number): Promise<number | undefined> {
  return (
    await db
      .selectFrom('workspace_members')
      .select('user_id')
      .where('workspace_id', '=', workspaceId)
      .where('role', '=', 'owner')
      .orderBy('joined_at')
      .orderBy('user_id')
      .limit(1)
      .executeTakeFirst()
  )?.user_id;
}

export async function updateMember(db: Kysely<Database>, workspaceId: number, userId: number, change: Partial<Pick<MemberRow, 'role' | 'remind_all'>>): Promise<void> {
  await db.updateTable('workspace_members').set(change).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

export async function deleteMember(db: Kysely<Database>, workspaceId: number, userId: number): Promise<void> {
  await db.deleteFrom('workspace_members').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

/** Company workspaces the account belongs to (account deletion hands its subscriptions there to an owner). */
export function companyMembershipsOf(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('workspace_members as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['m.workspace_id', 'm.role'])
    .where('m.user_id', '=', userId)
    .where('w.kind', '=', 'company')
    .execute();
}

/** Admins and owners who asked for every renewal's reminder, per workspace. */
export function remindAllMembers(db: Kysely<Database>, workspaceIds: number[]) {
  return db
    .selectFrom('workspace_members')
    .select(['workspace_id', 'user_id'])
    .where('workspace_id', 'in', workspaceIds)
    .where('remind_all', '=', 1)
    .where('role', 'in', ['admin', 'owner'])
    .execute();
}

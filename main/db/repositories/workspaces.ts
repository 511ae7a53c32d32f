import type { Generated, Insertable, Kysely, Selectable } from 'kysely';
import type { Role } from '../../../common/contract/roles';
import type { Database } from '../schema';

// The workspaces table (0013): what subscriptions, categories, rates, settings and reminders belong to.
// Every account has exactly one personal workspace; company workspaces have members with roles.

export interface WorkspacesTable {
  id: Generated<number>;
  name: string;
  kind: 'personal' | 'company';
  /** 1: members without two-factor sign-in are refused all but their own account's operations (the door). */
  require_two_factor: Generated<number>;
  created_at: string;
  updated_at: string;
}
export type WorkspaceRow = Selectable<WorkspacesTable>;
export type NewWorkspaceRow = Insertable<WorkspacesTable>;

export async function insertWorkspace(db: Kysely<Database>, row: NewWorkspaceRow): Promise<number> {
  return (await db.insertInto('workspaces').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function findWorkspace(db: Kysely<Database>, id: number): Promise<WorkspaceRow | undefined> {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
}

export type WorkspaceOfMember = WorkspaceRow & { role: Role; member_count: number };

/** The workspaces the account belongs to with its role in each: personal first, then by name. */
export async function workspacesOf(db: Kysely<Database>, userId: number): Promise<WorkspaceOfMember[]> {
  const rows = await db
    .selectFrom('workspace_members as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .selectAll('w')
    .select('m.role')
    .select((eb) => eb.selectFrom('workspace_members as all').select((c) => c.fn.countAll<number>().as('n')).whereRef('all.workspace_id', '=', 'w.id').as('member_count'))
    .where('m.user_id', '=', userId)
    .orderBy('w.kind', 'desc')
    .orderBy('w.name')
    .orderBy('w.id')
    .execute();
  return rows.map((r) => ({ ...r, member_count: Number(r.member_count) }));
}

/** The account's personal workspace (a subquery): the account's own settings live there (SMTP, desktop). */
export function personalWorkspaceOf(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('workspace_members as pm')
    .innerJoin('workspaces as pw', 'pw.id', 'pm.workspace_id')
    .select('pm.workspace_id')
    .where('pm.user_id', '=', userId)
    .where('pw.kind', '=', 'personal');
}

export async function findPersonalWorkspaceId(db: Kysely<Database>, userId: number): Promise<number | undefined> {
  return (await personalWorkspaceOf(db, userId).executeTakeFirst())?.workspace_id;
}

export async function renameWorkspace(db: Kysely<Database>, id: number, name: string, updatedAt: string): Promise<void> {
  await db.updateTable('workspaces').set({ name, updated_at: updatedAt }).where('id', '=', id).execute();
}

export async function setRequireTwoFactor(db: Kysely<Database>, id: number, required: boolean, updatedAt: string): Promise<void> {
  await db.updateTable('workspaces').set({ require_two_factor: required ? 1 : 0, updated_at: updatedAt }).where('id', '=', id).execute();
}

export async function deleteWorkspace(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('workspaces').where('id', '=', id).execute();
}

/** Every workspace with the owner whose zone dates its sweep (the one who joined first), by id. */
export function sweepScopes(db: Kysely<Database>): Promise<{ workspace_id: number; user_id: number }[]> {
  return db
    .selectFrom('workspaces as w')
    .innerJoin('workspace_members as m', 'm.workspace_id', 'w.id')
    .select(['w.id as workspace_id', 'm.user_id'])
    .where('m.role', '=', 'owner')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('workspace_members as earlier')
            .select('earlier.user_id')
            .whereRef('earlier.workspace_id', '=', 'w.id')
            .where('earlier.role', '=', 'owner')
            .where((e) => e.or([e('earlier.joined_at', '<', e.ref('m.joined_at')), e.and([e('earlier.joined_at', '=', e.ref('m.joined_at')), e('earlier.user_id', '<', e.ref('m.user_id'))])])),
        ),
      ),
    )
    .orderBy('w.id')
    .execute();
}

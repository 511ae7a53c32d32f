import type { Kysely } from 'kysely';
import { findPersonalWorkspaceId } from '../../main/db/repositories/workspaces';
import type { InvitableRole } from '../../common/contract/roles';
import type { Database } from '../../main/db/schema';
import type { TestCaller } from './core';

/** The account's personal workspace, where a test's rows for that account belong. */
export async function personalWorkspaceId(db: Kysely<Database>, userId: number): Promise<number> {
  const id = await findPersonalWorkspaceId(db, userId);
  if (id === undefined) throw new Error(`account ${userId} has no personal workspace`);
  return id;
}

/** `caller` joins the workspace `inviter` acts in, by a one-time invitation link with that role. */
export async function joinByInvitation(inviter: TestCaller, caller: TestCaller, role: InvitableRole): Promise<void> {
  const { token } = await inviter.call('invitations.create', { role });
  await caller.call('invitations.accept', { token });
}

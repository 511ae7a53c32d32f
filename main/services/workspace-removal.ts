import type { Kysely } from 'kysely';
import { AppError } from '../../common/errors';
import type { ReminderHooks } from '../core/context';
import { deleteCategoriesOfWorkspace } from '../db/repositories/categories';
import { deleteRatesOfWorkspace } from '../db/repositories/exchange-rates';
import { deleteExpensesOfWorkspace, expenseIdsOwnedIn, moveExpenseOwner } from '../db/repositories/expenses';
import { deletePendingRemindersOf, deleteRemindersOfWorkspace } from '../db/repositories/reminders';
import { resetSessionsIn } from '../db/repositories/sessions';
import { deleteSettingsOfWorkspace } from '../db/repositories/settings';
import { countOwners, deleteMember, findMembership, firstOwner, listMembers } from '../db/repositories/workspace-members';
import { deleteWorkspace } from '../db/repositories/workspaces';
import type { Database } from '../db/schema';

// Leaving a workspace and deleting one, shared by members.remove, workspaces.delete and account.delete.

/** A workspace and everything in it, children before parents (no foreign key left pointing at a deleted row). */
export async function deleteWorkspaceData(trx: Kysely<Database>, workspaceId: number): Promise<void> {
  await deleteRemindersOfWorkspace(trx, workspaceId);
  await deleteExpensesOfWorkspace(trx, workspaceId);
  await deleteCategoriesOfWorkspace(trx, workspaceId);
  await deleteRatesOfWorkspace(trx, workspaceId);
  await deleteSettingsOfWorkspace(trx, workspaceId);
  await resetSessionsIn(trx, workspaceId);
  await deleteWorkspace(trx, workspaceId);
}

export const LAST_OWNER = 'The last owner cannot leave the workspace or stop being its owner: make another member an owner first';

/**
 * Takes a member out of a workspace: their pending reminders there go, their subscriptions pass to the
 * owner who joined first, and those are replanned for their new owner. The last owner cannot leave.
 */
export async function removeMember(trx: Kysely<Database>, reminders: ReminderHooks, workspaceId: number, userId: number, now: string): Promise<void> {
  const member = await findMembership(trx, workspaceId, userId);
  if (!member) throw new AppError('not_found', `No member ${userId} in this workspace`, { user_id: 'Not a member of this workspace' });
  if (member.role === 'owner' && (await countOwners(trx, workspaceId)) <= 1) throw new AppError('conflict', LAST_OWNER, { user_id: LAST_OWNER });
  await deleteMember(trx, workspaceId, userId);
  await resetSessionsIn(trx, workspaceId, userId);
  await deletePendingRemindersOf(trx, workspaceId, userId);
  const heir = await firstOwner(trx, workspaceId);
  const owned = await expenseIdsOwnedIn(trx, workspaceId, userId);
  if (heir !== undefined && owned.length > 0) {
    await moveExpenseOwner(trx, workspaceId, userId, heir, now);
    await reminders.expensesChanged(trx, workspaceId, owned);
  }
}

/** An account leaving every workspace it shares (it is being deleted): refused while it is the last owner of one with others in it. */
export async function leaveAll(trx: Kysely<Database>, reminders: ReminderHooks, workspaces: { workspace_id: number; role: string }[], userId: number, now: string): Promise<void> {
  for (const { workspace_id: workspaceId } of workspaces) {
    const members = await listMembers(trx, workspaceId);
    if (members.length === 1) await deleteWorkspaceData(trx, workspaceId);
    else await removeMember(trx, reminders, workspaceId, userId, now);
  }
}

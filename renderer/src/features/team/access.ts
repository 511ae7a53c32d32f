import type { Expense } from '../../../../common/contract';
import { roleAtLeast, type Role } from '../../../../common/contract/roles';
import { useSession } from '../../app/session';
import { useCurrentWorkspace } from './queries';

// What the caller's role lets them do here, so screens show only the controls that will work. The
// server stays the authority (its 403s are shown in words); this only spares the user a refusal.

export interface Access {
  /** undefined while the workspace list loads: controls stay as they were, the server decides. */
  role: Role | undefined;
  /** Add subscriptions (member and up). */
  canAdd: boolean;
  /** Edit or delete this subscription: admins and owners any, members their own. */
  canChange(expense: Pick<Expense, 'user_id'>): boolean;
  /** Categories, settings, members and invitations (admin and up). */
  canAdmin: boolean;
  /** Why a control is missing, in words, for the role in hand. */
  reason: string | null;
}

export function useAccess(): Access {
  const { user } = useSession();
  const role = useCurrentWorkspace()?.role;
  const atLeast = (least: Role) => role === undefined || roleAtLeast(role, least);
  return {
    role,
    canAdd: atLeast('member'),
    canChange: (expense) => atLeast('admin') || (role === 'member' && expense.user_id === user.id),
    canAdmin: atLeast('admin'),
    reason:
      role === 'viewer'
        ? 'You are a viewer in this workspace: you can look, not change. An admin or owner can change your role.'
        : role === 'member'
          ? 'As a member you change only the subscriptions you own.'
          : null,
  };
}

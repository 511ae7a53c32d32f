import { useAccess } from '../team/access';

/**
 * Why this person cannot change the workspace's own settings (currency, rates, reminder defaults), or null
 * when they can. Their locale and zone stay theirs in any role; the server refuses the rest the same way.
 */
export function useWorkspaceSettingsLock(): string | null {
  const { canAdmin, role } = useAccess();
  if (canAdmin || !role) return null;
  return `Only an admin or owner changes this workspace's currency, rates and reminder defaults; you are a ${role} here.`;
}

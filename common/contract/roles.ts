// A member's role in a workspace, least to most; each contract entry names the least one it needs.

export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an invitation may give: ownership is handed over by an owner, never by a link. */
export const INVITABLE_ROLES = ['admin', 'member', 'viewer'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function roleAtLeast(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

/** "a member, admin or owner": the roles that may do what needs `least`, in words. */
export function rolesFrom(least: Role): string {
  const allowed = ROLES.slice(ROLES.indexOf(least));
  const article = /^[aeiou]/.test(allowed[0]!) ? 'an' : 'a';
  return `${article} ${allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`}`;
}

/** The door's refusal: who may do it, what it is (from the operation's summary) and what the caller is. */
export function roleRefusal(least: Role, summary: string, role: Role): string {
  const what = summary.split(/[;(]/)[0]!.trim();
  return `Only ${rolesFrom(least)} can ${what.charAt(0).toLowerCase()}${what.slice(1)}; you are ${rolesFrom(role).split(' ')[0]} ${role} in this workspace`;
}

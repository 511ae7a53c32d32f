import { z } from 'zod';
import { operation } from './define';
import { idParam } from './fields';
import { INVITABLE_ROLES, ROLES, type InvitableRole, type Role } from './roles';

// Workspaces (team mode, docs/design/team-mode.md): every account has a personal one; company
// workspaces have members with roles, joined by one-time invitation links.

export interface Workspace {
  id: number;
  name: string;
  kind: 'personal' | 'company';
  /** The caller's role in it. */
  role: Role;
  member_count: number;
  /** The workspace this session acts in. */
  current: boolean;
  /** Members without two-factor sign-in are refused everything in it but their own account's operations. */
  require_two_factor: boolean;
  created_at: string;
}

export interface Member {
  user_id: number;
  username: string;
  email: string;
  role: Role;
  /** An admin's or owner's opt-in to a reminder for every subscription, not only their own. */
  remind_all: boolean;
  joined_at: string;
}

export type InvitationState = 'pending' | 'used' | 'revoked' | 'expired';

export interface Invitation {
  id: string;
  role: InvitableRole;
  state: InvitationState;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

/** What moving the caller's personal subscriptions into a company workspace does, before it is done. */
export interface MovePreview {
  from: { id: number; name: string };
  to: { id: number; name: string };
  /** Live subscriptions that move (deleted ones stay in the personal workspace's bin). */
  subscriptions: number;
  /** Categories the company workspace gains, by name. */
  categories_created: string[];
  /** Personal categories that join the company's category of the same name (case-insensitive). */
  categories_merged: string[];
  /** Pending reminders of the moved subscriptions, planned again for the company workspace's recipients. */
  reminders_replanned: number;
  /** Monthly spend of the moved active and trial subscriptions, in the company's base currency. */
  monthly_total: number;
  currency: string;
  /** Moved subscriptions whose currency has no rate in the company workspace (not in monthly_total). */
  unconverted: number;
  /** Names what the preview saw; the move is refused (409) when the data changed since. */
  version: string;
}

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

const name = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(100, 'Name must be at most 100 characters');

const byId = z.strictObject({ id: idParam });
const byUser = z.strictObject({ user_id: idParam });

export const roleField = z.enum(ROLES, { error: 'Role must be owner, admin, member or viewer' });
export const invitableRoleField = z.enum(INVITABLE_ROLES, { error: 'Role must be admin, member or viewer (ownership is handed over by an owner)' });

export const workspaceOperations = {
  'workspaces.list': operation<{ workspaces: Workspace[] }>()({
    method: 'GET',
    path: '/api/workspaces',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: z.strictObject({}),
    summary: 'The workspaces this account belongs to, personal first',
  }),
  'workspaces.create': operation<{ workspace: Workspace }>()({
    method: 'POST',
    path: '/api/workspaces',
    status: 201,
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: z.strictObject({ name }),
    summary: 'Create a company workspace, owned by this account (the session moves into it)',
  }),
  'workspaces.switch': operation<{ workspace: Workspace }>()({
    method: 'POST',
    path: '/api/workspaces/:id/switch',
    auth: true,
    role: 'viewer',
    workspace: 'id',
    input: byId,
    summary: 'Act in another workspace of this account from now on (this session)',
  }),
  'workspaces.rename': operation<{ workspace: Workspace }>()({
    method: 'PUT',
    path: '/api/workspaces/:id',
    auth: true,
    role: 'admin',
    workspace: 'id',
    input: z.strictObject({ id: idParam, name }),
    summary: 'Rename a workspace',
  }),
  'workspaces.delete': operation<{ message: string }>()({
    method: 'DELETE',
    path: '/api/workspaces/:id',
    auth: true,
    role: 'owner',
    workspace: 'id',
    input: byId,
    summary: 'Delete a company workspace with all its subscriptions',
  }),
  'workspaces.leave': operation<{ message: string }>()({
    method: 'POST',
    path: '/api/workspaces/:id/leave',
    auth: true,
    role: 'viewer',
    scope: 'account',
    workspace: 'id',
    input: byId,
    summary: 'Leave a company workspace (its last owner cannot)',
  }),
  'members.list': operation<{ members: Member[] }>()({
    method: 'GET',
    path: '/api/members',
    auth: true,
    role: 'viewer',
    input: z.strictObject({}),
    summary: 'The members of the current workspace with their roles',
  }),
  'members.changeRole': operation<{ member: Member }>()({
    method: 'PUT',
    path: '/api/members/:user_id',
    auth: true,
    role: 'admin',
    input: z.strictObject({ user_id: idParam, role: roleField }),
    summary: "Change a member's role (making or unmaking an owner takes an owner)",
  }),
  'members.remove': operation<{ message: string }>()({
    method: 'DELETE',
    path: '/api/members/:user_id',
    auth: true,
    role: 'admin',
    input: byUser,
    summary: 'Remove a member; their subscriptions pass to the owner',
  }),
  'members.remindAll': operation<{ member: Member }>()({
    method: 'PUT',
    path: '/api/members/me/reminders',
    auth: true,
    role: 'admin',
    input: z.strictObject({ remind_all: z.boolean({ error: 'remind_all must be true or false' }) }),
    summary: 'Receive a reminder for every subscription of the workspace, not only your own',
  }),
  'invitations.create': operation<{ invitation: Invitation; token: string }>()({
    method: 'POST',
    path: '/api/invitations',
    status: 201,
    auth: true,
    role: 'admin',
    input: z.strictObject({ role: invitableRoleField }),
    summary: `Create a one-time invitation link to the current workspace (works for ${INVITATION_DAYS} days; the token is shown once)`,
  }),
  'invitations.list': operation<{ invitations: Invitation[] }>()({
    method: 'GET',
    path: '/api/invitations',
    auth: true,
    role: 'admin',
    input: z.strictObject({}),
    summary: "The current workspace's invitations, newest first",
  }),
  'invitations.revoke': operation<{ invitation: Invitation }>()({
    method: 'DELETE',
    path: '/api/invitations/:invitation_id',
    auth: true,
    role: 'admin',
    input: z.strictObject({ invitation_id: z.string({ error: 'Invitation id is required' }).trim().min(1, 'Invitation id is required').max(64, 'Invitation id is too long') }),
    summary: 'Revoke an invitation that was not used yet',
  }),
  'invitations.accept': operation<{ workspace: Workspace }>()({
    method: 'POST',
    path: '/api/invitations/accept',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: z.strictObject({ token: z.string({ error: 'Token is required' }).trim().min(1, 'Token is required').max(200, 'Token is too long') }),
    summary: 'Join a workspace with an invitation link (once; the session moves into it)',
  }),
  'workspaces.requireTwoFactor': operation<{ workspace: Workspace }>()({
    method: 'PUT',
    path: '/api/workspaces/:id/two-factor',
    auth: true,
    role: 'owner',
    workspace: 'id',
    input: z.strictObject({ id: idParam, required: z.boolean({ error: 'required must be true or false' }) }),
    summary: 'Require two-factor sign-in of every member of a company workspace, or stop requiring it',
  }),
  'workspaces.previewMove': operation<{ preview: MovePreview }>()({
    method: 'GET',
    path: '/api/workspaces/:id/move-personal',
    auth: true,
    role: 'admin',
    workspace: 'id',
    input: byId,
    summary: 'Preview moving your personal subscriptions into this company workspace',
  }),
  'workspaces.move': operation<{ moved: MovePreview; message: string }>()({
    method: 'POST',
    path: '/api/workspaces/:id/move-personal',
    auth: true,
    role: 'admin',
    workspace: 'id',
    input: z.strictObject({
      id: idParam,
      version: z.string({ error: 'Version is required (from the preview)' }).trim().min(1, 'Version is required (from the preview)').max(128, 'Version is too long'),
    }),
    summary: 'Move your personal subscriptions into this company workspace, exactly as previewed (one transaction)',
  }),
  'invitations.peek': operation<{ workspace_name: string; role: InvitableRole; expires_at: string }>()({
    method: 'POST',
    path: '/api/invitations/peek',
    auth: false,
    input: z.strictObject({ token: z.string({ error: 'Token is required' }).trim().min(1, 'Token is required').max(200, 'Token is too long') }),
    summary: 'What an invitation link offers (workspace and role), before signing in to accept it; the token travels in the body, never in a URL',
  }),
};

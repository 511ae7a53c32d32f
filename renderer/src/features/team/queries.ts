// Workspaces, members and invitations: query keys, queries and the calls that change them, in one place.
import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { InputOf, Workspace } from '../../../../common/contract';
import { api } from '../../api/client';
import { authKeys } from '../auth/queries';

export const teamKeys = {
  workspaces: ['workspaces'] as const,
  members: ['members'] as const,
  invitations: ['invitations'] as const,
  movePreview: (id: number) => ['move-preview', id] as const,
  invitationOffer: (token: string) => ['invitation-offer', token] as const,
};

// Fresh for a few seconds only: another tab shares this session (and so its current workspace), and a
// focus refetch is how this one learns that the other switched.
export const workspacesQuery = queryOptions({ queryKey: teamKeys.workspaces, queryFn: async () => (await api('workspaces.list', {})).workspaces });

export function useWorkspaces() {
  return useQuery(workspacesQuery);
}

/** The workspace this session acts in; undefined until the list is known. */
export function useCurrentWorkspace(): Workspace | undefined {
  return useWorkspaces().data?.find((w) => w.current);
}

/** Asks for the workspace list again; useFollowWorkspace does the rest when the current one changed. */
export async function workspaceChanged(queryClient: QueryClient): Promise<void> {
  await queryClient.invalidateQueries({ queryKey: teamKeys.workspaces });
}

/** Every screen's data but the session and the workspace list: after a move, all of it changed. */
export async function workspaceDataChanged(queryClient: QueryClient): Promise<void> {
  await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== authKeys.boot[0] && q.queryKey[0] !== teamKeys.workspaces[0] });
}

/**
 * Every screen's data belongs to one workspace: when the current one changes (a switch here or in
 * another tab of this session, a join, a new workspace) all of it is dropped and asked for again, so
 * nothing of the previous workspace stays on screen. The one place that reacts, whoever switched.
 */
export function useFollowWorkspace(): void {
  const queryClient = useQueryClient();
  const id = useCurrentWorkspace()?.id;
  const shown = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (id === undefined) return;
    const before = shown.current;
    shown.current = id;
    if (before !== undefined && before !== id) void queryClient.resetQueries({ predicate: (q) => q.queryKey[0] !== authKeys.boot[0] && q.queryKey[0] !== teamKeys.workspaces[0] });
  }, [id, queryClient]);
}

export async function switchWorkspace(queryClient: QueryClient, id: number): Promise<Workspace> {
  const { workspace } = await api('workspaces.switch', { id });
  await workspaceChanged(queryClient);
  return workspace;
}

export async function createWorkspace(queryClient: QueryClient, name: string): Promise<Workspace> {
  const { workspace } = await api('workspaces.create', { name });
  await workspaceChanged(queryClient);
  return workspace;
}

export async function acceptInvitation(queryClient: QueryClient, token: string): Promise<Workspace> {
  const { workspace } = await api('invitations.accept', { token });
  await workspaceChanged(queryClient);
  return workspace;
}

/** What an invitation link offers, in one sentence: asked of the server, which also says when a link is spent. */
export function useInviteOffer(token: string) {
  return useQuery({ queryKey: teamKeys.invitationOffer(token), queryFn: () => api('invitations.peek', { token }), retry: false, staleTime: Infinity });
}

/** `fresh`: ask again on every mount (filters list whoever joined since, not only who was there when the Team screen last loaded). */
export function useMembers(options: { fresh?: boolean } = {}) {
  return useQuery({ queryKey: teamKeys.members, queryFn: async () => (await api('members.list', {})).members, ...(options.fresh ? { staleTime: 0 } : {}) });
}

export function useInvitations(enabled: boolean) {
  return useQuery({ queryKey: teamKeys.invitations, queryFn: async () => (await api('invitations.list', {})).invitations, enabled });
}

export const changeRole = (input: InputOf<'members.changeRole'>) => api('members.changeRole', input);
export const removeMember = (userId: number) => api('members.remove', { user_id: userId });
export const createInvitation = (input: InputOf<'invitations.create'>) => api('invitations.create', input);
export const revokeInvitation = (id: string) => api('invitations.revoke', { invitation_id: id });
export const previewMove = async (id: number) => (await api('workspaces.previewMove', { id })).preview;
export const moveIn = (input: InputOf<'workspaces.move'>) => api('workspaces.move', input);
export const renameWorkspace = (input: InputOf<'workspaces.rename'>) => api('workspaces.rename', input);
export const remindAll = (on: boolean) => api('members.remindAll', { remind_all: on });
export const requireTwoFactor = (input: InputOf<'workspaces.requireTwoFactor'>) => api('workspaces.requireTwoFactor', input);
export const leaveWorkspace = (id: number) => api('workspaces.leave', { id });
export const deleteWorkspace = (id: number) => api('workspaces.delete', { id });

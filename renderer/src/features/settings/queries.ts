// Settings and the account's own data: query keys, queries and saves, in one place.
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { InputOf, Settings } from '../../../../common/contract';
import { api, bridge } from '../../api/client';
import { bytesOf } from '../../lib/files';
import { authKeys } from '../auth/queries';

export const settingsKeys = {
  settings: ['settings'] as const,
  desktop: ['desktop-preferences'] as const,
  sessions: ['account', 'sessions'] as const,
  twoFactor: ['account', 'two-factor'] as const,
  calendar: ['calendar', 'status'] as const,
  teamServer: ['team-server'] as const,
};

// The one cache entry every screen reads settings from, so a save here shows everywhere at once.
export const settingsQuery = queryOptions({ queryKey: settingsKeys.settings, queryFn: async () => (await api('settings.get', {})).settings, staleTime: 60_000 });

export function useSettings() {
  return useQuery(settingsQuery);
}

/** Puts a fresh Settings (from any save) into the cache and refreshes what depends on it. */
export function useSettingsSaved(): (settings: Settings) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (settings: Settings) => {
      queryClient.setQueryData(settingsKeys.settings, settings);
      // Base currency, rates and reminder defaults change totals and planned reminders.
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== settingsKeys.settings[0] && q.queryKey[0] !== authKeys.boot[0] });
    },
    [queryClient],
  );
}

/** Merges part of Settings (an operation that answers only its own piece, like smtp.update) into the cache. */
export function useSettingsPatch(): (patch: Partial<Settings>) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (patch: Partial<Settings>) => queryClient.setQueryData<Settings>(settingsKeys.settings, (old) => (old ? { ...old, ...patch } : old)),
    [queryClient],
  );
}

export async function updateSettings(input: InputOf<'settings.update'>): Promise<Settings> {
  return (await api('settings.update', input)).settings;
}

export const updateSmtp = (input: InputOf<'smtp.update'>) => api('smtp.update', input);
export const sendTestEmail = (input: InputOf<'smtp.test'>) => api('smtp.test', input);

/** Only in the desktop app: without the preload bridge this is a browser, where the answer is always 404 (no such settings). */
export function useDesktopPreferences() {
  return useQuery({
    queryKey: settingsKeys.desktop,
    queryFn: async () => (await api('desktop.preferences.get', {})).preferences,
    retry: false,
    enabled: bridge !== undefined,
  });
}

export async function updateDesktopPreferences(change: InputOf<'desktop.preferences.update'>) {
  return (await api('desktop.preferences.update', change)).preferences;
}

export function useAccountSessions() {
  return useQuery({ queryKey: settingsKeys.sessions, queryFn: async () => (await api('account.sessions', {})).sessions });
}

export const endSession = (id: string) => api('account.endSession', { id });
export const endOtherSessions = () => api('account.endOtherSessions', {});
export const changePassword = (input: InputOf<'account.changePassword'>) => api('account.changePassword', input);
export const updateAccount = (input: InputOf<'account.update'>) => api('account.update', input);
export const deleteAccount = (password: string) => api('account.delete', { password });

export function useTwoFactorStatus() {
  return useQuery({ queryKey: settingsKeys.twoFactor, queryFn: () => api('auth.twoFactor.status', {}) });
}
export const beginTwoFactor = (input: { password: string }) => api('auth.twoFactor.begin', input);
export const confirmTwoFactor = (code: string) => api('auth.twoFactor.confirm', { code });
export const disableTwoFactor = (input: InputOf<'auth.twoFactor.disable'>) => api('auth.twoFactor.disable', input);

export const refreshRates = (overwriteManual: boolean) => api('rates.refresh', { overwrite_manual: overwriteManual });

/** The calendar feed's state (never its URL); only where a server can answer calendar apps. */
export function useCalendarStatus(enabled: boolean) {
  return useQuery({ queryKey: settingsKeys.calendar, queryFn: () => api('calendar.status', {}), enabled });
}
export const calendarFile = () => api('calendar.ics', {});
export const makeCalendarFeed = () => api('calendar.token', {});
export const revokeCalendarFeed = () => api('calendar.revoke', {});

export const workspaceBackup = () => api('backups.create', {});
export const databaseBackup = () => api('backups.database', {});
export async function previewRestore(file: File) {
  return api('backups.restorePreview', { file: new Uint8Array(await bytesOf(file)) });
}
export const restoreBackup = (id: InputOf<'backups.restore'>['id']) => api('backups.restore', { id });
export const accountingExport = (input: InputOf<'exports.accounting'>) => api('exports.accounting', input);
export const setAccountCode = (id: number, code: string) => api('categories.update', { id, account_code: code });

// The desktop app's link to a team server (Settings → Team server, the sidebar's badge). A browser is on a
// server already: there is no bridge, no query, and nothing is shown.
export function useTeamServer() {
  return useQuery({
    queryKey: settingsKeys.teamServer,
    queryFn: async () => (await api('team.connection', {})).connection,
    retry: false,
    enabled: bridge !== undefined,
    staleTime: 30_000,
  });
}

export const connectTeamServer = (input: InputOf<'team.connect'>) => api('team.connect', input);
export const verifyTeamServer = (input: InputOf<'team.verify'>) => api('team.verify', input);
export const disconnectTeamServer = async () => (await api('team.disconnect', {})).connection;

/** Every cached answer belongs to the side just left: start the window afresh on the other one. */
export function reloadOnOtherSide(): void {
  window.location.reload();
}

import { useQuery } from '@tanstack/react-query';
import type { InputOf } from '../../../../common/contract';
import { api, bridge } from '../../api/client';

// The desktop app's link to a team server (Settings → Team server, the sidebar's badge). A browser is on a
// server already: there is no bridge, no query, and nothing is shown.

export const teamServerKey = ['team-server'] as const;

export function useTeamServer() {
  return useQuery({
    queryKey: teamServerKey,
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

import { QueryClient } from '@tanstack/react-query';
import { bootQuery } from '../features/auth/queries';
import { settingsQuery } from '../features/settings/queries';
import { workspacesQuery } from '../features/team/queries';
import { currentRoute } from './router';
import { screenFor } from './screens';

export function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 5_000 } } });
}

/**
 * One round trip to the first screen: the session check, the settings every screen formats with, the
 * workspace list (the header and the role checks read it), and what the opening screen shows (the
 * dashboard: its numbers and its charts' code) all start at once.
 * If the session turns out to be gone, the boot query drops what was asked for optimistically.
 */
export function startFirstScreen(queryClient: QueryClient): void {
  void queryClient.prefetchQuery(bootQuery);
  void queryClient.prefetchQuery(settingsQuery);
  void queryClient.prefetchQuery(workspacesQuery);
  screenFor(currentRoute()).preload(queryClient);
}

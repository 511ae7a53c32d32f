// Query keys and shared queries, so every screen caches and invalidates the same data the same way.
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../api/client';

export const queryKeys = {
  settings: ['settings'] as const,
  categories: ['categories'] as const,
  dashboard: ['dashboard'] as const,
  expenses: ['expenses'] as const,
  expense: (id: number) => ['expenses', 'one', id] as const,
};

export function useSettings() {
  return useQuery({ queryKey: queryKeys.settings, queryFn: async () => (await api('settings.get', {})).settings, staleTime: 60_000 });
}

export function useCategories() {
  return useQuery({ queryKey: queryKeys.categories, queryFn: async () => (await api('categories.list', {})).categories });
}

/** After any change to subscriptions or categories: lists, counts and dashboard cards follow. */
export function invalidateSpending(queryClient: QueryClient): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.expenses }),
    queryClient.invalidateQueries({ queryKey: queryKeys.dashboard }),
    queryClient.invalidateQueries({ queryKey: queryKeys.categories }),
  ]).then(() => undefined);
}

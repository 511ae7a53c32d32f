// The dashboard's data: its query keys and queries, in one place.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export const dashboardKeys = {
  all: ['dashboard'] as const,
  stats: ['dashboard', 'stats'] as const,
};

export const dashboardStatsQuery = queryOptions({ queryKey: dashboardKeys.stats, queryFn: () => api('dashboard.stats', {}) });

export function useDashboardStats() {
  return useQuery(dashboardStatsQuery);
}

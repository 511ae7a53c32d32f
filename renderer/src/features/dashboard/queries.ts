// The dashboard's data: its query keys and queries, in one place.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export const dashboardKeys = {
  all: ['dashboard'] as const,
  stats: ['dashboard', 'stats'] as const,
  /** Under 'dashboard': every save of a subscription refreshes the budgets' spend too. */
  budgets: ['dashboard', 'budgets'] as const,
};

export const dashboardStatsQuery = queryOptions({ queryKey: dashboardKeys.stats, queryFn: () => api('dashboard.stats', {}) });

export function useDashboardStats() {
  return useQuery(dashboardStatsQuery);
}

/** The workspace's budgets with their spend, and the forecast against the workspace budget. */
export function useBudgetStatus() {
  return useQuery({ queryKey: dashboardKeys.budgets, queryFn: () => api('budgets.list', {}) });
}

// Renewal reviews: query keys, queries and the two actions, in one place.
import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import type { InputOf } from '../../../../common/contract';
import { api } from '../../api/client';
import { dashboardKeys } from '../dashboard/queries';
import { subscriptionKeys } from '../subscriptions/queries';

export const reviewKeys = {
  all: ['reviews'] as const,
  list: ['reviews', 'list'] as const,
  log: ['reviews', 'log'] as const,
  summary: ['reviews', 'summary'] as const,
};

export function useReviews() {
  return useQuery({ queryKey: reviewKeys.list, queryFn: () => api('reviews.list', {}) });
}

export function useReviewLog() {
  return useQuery({ queryKey: reviewKeys.log, queryFn: () => api('reviews.log', { limit: 50 }) });
}

export const reviewsSummaryQuery = queryOptions({ queryKey: reviewKeys.summary, queryFn: () => api('reviews.summary', {}) });

export function useReviewsSummary() {
  return useQuery(reviewsSummaryQuery);
}

/** A decision changes the reviews, the subscription (auto-renew off on a cancel) and the dashboard's figures. */
async function refreshAfterDecision(queryClient: QueryClient): Promise<void> {
  await Promise.all([reviewKeys.all, subscriptionKeys.all, dashboardKeys.all].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

export async function decideReview(queryClient: QueryClient, input: InputOf<'reviews.decide'>) {
  const { entry } = await api('reviews.decide', input);
  await refreshAfterDecision(queryClient);
  return entry;
}

export async function reopenReview(queryClient: QueryClient, input: InputOf<'reviews.reopen'>) {
  const { entry } = await api('reviews.reopen', input);
  await refreshAfterDecision(queryClient);
  return entry;
}

/** The workspace's review amount (admins); every review list and figure follows it. */
export async function setReviewThreshold(queryClient: QueryClient, threshold: string | null) {
  const saved = await api('reviews.setThreshold', { threshold });
  await queryClient.invalidateQueries({ queryKey: reviewKeys.all });
  return saved;
}

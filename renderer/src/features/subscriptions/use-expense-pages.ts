import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import type { Expense } from '../../../../common/contract';
import type { ExpenseListInput } from '../../../../common/contract/expenses';
import { api } from '../../api/client';
import { queryKeys } from '../../lib/queries';

export const PAGE_SIZE = 500;

export type ListFilters = Pick<ExpenseListInput, 'q' | 'category' | 'status' | 'sort' | 'order'>;

const pageKey = (filters: ListFilters, page: number) => [...queryKeys.expenses, 'list', filters, page] as const;

function fetchPage(filters: ListFilters, page: number) {
  return api('expenses.list', { ...filters, limit: PAGE_SIZE, offset: page * PAGE_SIZE });
}

/** The first page: it carries the total, so the scroll height is right before anything else loads. */
export function useFirstPage(filters: ListFilters) {
  return useQuery({ queryKey: pageKey(filters, 0), queryFn: () => fetchPage(filters, 0), placeholderData: keepPreviousData });
}

/**
 * Random-access pages for the rows in view: jumping to the end of 10,000 rows loads only the
 * last page, not everything before it.
 */
export function useRowsInView(filters: ListFilters, first: Expense[] | undefined, firstIndex: number, lastIndex: number): (index: number) => Expense | undefined {
  const pages: number[] = [];
  if (lastIndex >= 0) {
    for (let p = Math.floor(firstIndex / PAGE_SIZE); p <= Math.floor(lastIndex / PAGE_SIZE); p++) if (p > 0) pages.push(p);
  }
  const results = useQueries({
    queries: pages.map((page) => ({ queryKey: pageKey(filters, page), queryFn: () => fetchPage(filters, page), staleTime: 30_000 })),
  });
  const byPage = new Map<number, Expense[] | undefined>([[0, first]]);
  pages.forEach((page, i) => byPage.set(page, results[i]?.data?.expenses));
  return (index) => byPage.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
}

// Subscriptions and categories: query keys, queries and saves, in one place.
import { keepPreviousData, useQueries, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Expense, InputOf } from '../../../../common/contract';
import type { ExpenseListInput } from '../../../../common/contract/expenses';
import { api } from '../../api/client';
import { dashboardKeys } from '../dashboard/queries';

export const PAGE_SIZE = 500;

export type ListFilters = Pick<ExpenseListInput, 'q' | 'category' | 'status' | 'owner' | 'cost_centre' | 'sort' | 'order'>;

export const subscriptionKeys = {
  all: ['expenses'] as const,
  one: (id: number) => ['expenses', 'one', id] as const,
  page: (filters: ListFilters, page: number) => ['expenses', 'list', filters, page] as const,
  categories: ['categories'] as const,
  /** Under 'expenses', so every save refreshes the suggestions too. */
  costCentres: ['expenses', 'cost-centres'] as const,
};

/** After any change to subscriptions or categories: lists, counts and dashboard cards follow. */
export async function invalidateSpending(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: subscriptionKeys.all }),
    queryClient.invalidateQueries({ queryKey: dashboardKeys.all }),
    queryClient.invalidateQueries({ queryKey: subscriptionKeys.categories }),
  ]);
}

export function useCategories() {
  return useQuery({ queryKey: subscriptionKeys.categories, queryFn: async () => (await api('categories.list', {})).categories });
}

/** The workspace's cost centres, most used first: the form's suggestions and the list's filter. */
export function useCostCentres() {
  return useQuery({ queryKey: subscriptionKeys.costCentres, queryFn: async () => (await api('expenses.costCentres', {})).cost_centres });
}

/** One subscription, for its edit panel (null: a new one, nothing to load). */
export function useExpense(id: number | null) {
  return useQuery({
    queryKey: subscriptionKeys.one(id ?? 0),
    queryFn: async () => (await api('expenses.get', { id: id! })).expense,
    enabled: id !== null,
    staleTime: 0,
  });
}

function fetchPage(filters: ListFilters, page: number) {
  return api('expenses.list', { ...filters, limit: PAGE_SIZE, offset: page * PAGE_SIZE });
}

/** The first page: it carries the total, so the scroll height is right before anything else loads. */
export function useFirstPage(filters: ListFilters) {
  return useQuery({ queryKey: subscriptionKeys.page(filters, 0), queryFn: () => fetchPage(filters, 0), placeholderData: keepPreviousData });
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
    queries: pages.map((page) => ({ queryKey: subscriptionKeys.page(filters, page), queryFn: () => fetchPage(filters, page), staleTime: 30_000 })),
  });
  const byPage = new Map<number, Expense[] | undefined>([[0, first]]);
  pages.forEach((page, i) => byPage.set(page, results[i]?.data?.expenses));
  return (index) => byPage.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
}

/** Saves a new subscription or changes to one, and puts the answer in the cache. */
export async function saveExpense(queryClient: QueryClient, id: number | null, input: Record<string, unknown>): Promise<Expense> {
  const { expense } = id === null ? await api('expenses.create', input as InputOf<'expenses.create'>) : await api('expenses.update', input as InputOf<'expenses.update'>);
  queryClient.setQueryData(subscriptionKeys.one(expense.id), expense);
  await invalidateSpending(queryClient);
  return expense;
}

// The saves below answer as the server did; the caller refreshes the caches (invalidateSpending) when its screen is ready to.

export const deleteExpense = (id: number) => api('expenses.delete', { id });

export async function restoreExpense(id: number): Promise<Expense> {
  return (await api('expenses.restore', { id })).expense;
}

export const createCategory = (name: string) => api('categories.create', { name });
export const renameCategory = (id: number, name: string) => api('categories.update', { id, name });
export const deleteCategory = (id: number) => api('categories.delete', { id });

/** A subscription's payments and price history; under 'expenses', so a save of the subscription refreshes them. */
export const paymentKeys = {
  payments: (id: number) => ['expenses', 'payments', id] as const,
  prices: (id: number) => ['expenses', 'price-history', id] as const,
};

export function usePayments(id: number) {
  return useQuery({ queryKey: paymentKeys.payments(id), queryFn: async () => (await api('payments.list', { id })).payments });
}

export function usePriceHistory(id: number) {
  return useQuery({ queryKey: paymentKeys.prices(id), queryFn: async () => (await api('payments.priceHistory', { id })).changes });
}

/** Records what a renewal really cost (null: back to the expected amount), and refreshes that subscription's payments. */
export async function recordPayment(queryClient: QueryClient, expenseId: number, input: InputOf<'payments.record'>) {
  const { payment } = await api('payments.record', input);
  await queryClient.invalidateQueries({ queryKey: paymentKeys.payments(expenseId) });
  return payment;
}

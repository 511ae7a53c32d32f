// Seeding through the REST API with the page's session cookie, for the subscription and dashboard specs.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export interface SeedExpense {
  name: string;
  amount: number | string;
  category?: string;
  currency?: string;
  billing_cycle?: { unit: 'day' | 'week' | 'month' | 'year'; every: number } | string;
  renewal_date: string;
  status?: 'active' | 'trial' | 'paused' | 'cancelled';
  description?: string;
  payment_method?: string;
  url?: string;
  trial_ends_on?: string;
  notice_period_days?: number;
}

/** The local calendar date `days` from today, YYYY-MM-DD (the server runs in the same zone). */
export function isoInDays(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export async function apiCall<T = Record<string, unknown>>(page: Page, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown): Promise<T> {
  const url = new URL(path, page.url()).href;
  const response = await page.request.fetch(url, { method, data: data === undefined ? undefined : data, headers: data === undefined ? {} : { 'Content-Type': 'application/json' } });
  expect(response.ok(), `${method} ${path} → ${response.status()} ${await response.text()}`).toBeTruthy();
  return (await response.json()) as T;
}

type Created = { id: number; name: string };

/** POST once; if the connection drops mid-way, look before retrying so nothing is created twice. */
async function createOnce(page: Page, expense: SeedExpense): Promise<Created> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await apiCall<{ expense: Created }>(page, 'POST', '/api/expenses', expense)).expense;
    } catch (error) {
      if (attempt >= 3 || !/ECONNRESET|socket hang up|EPIPE/.test(String(error))) throw error;
      const { expenses } = await apiCall<{ expenses: Created[] }>(page, 'GET', `/api/expenses?q=${encodeURIComponent(expense.name)}&limit=50`);
      const existing = expenses.find((e) => e.name === expense.name);
      if (existing) return existing;
    }
  }
}

export async function seedExpenses(page: Page, expenses: SeedExpense[], concurrency = 16): Promise<Created[]> {
  const created: Created[] = new Array(expenses.length);
  let next = 0;
  async function worker() {
    while (next < expenses.length) {
      const index = next++;
      created[index] = await createOnce(page, expenses[index]!);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, expenses.length) }, worker));
  return created;
}

export async function setRates(page: Page, rates: { currency: string; rate: string }[]): Promise<void> {
  await apiCall(page, 'PUT', '/api/settings', { rates });
}

// Seeding through the REST API with the page's session cookie, for the subscription and dashboard specs.
import path from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
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

/**
 * Bulk rows written straight into the running server's SQLite file (WAL lets both write), for tests
 * about volume rather than the API. The only account in the data folder owns them.
 */
export function seedExpensesInDatabase(dataDir: string, rows: { name: string; category: string; amountMinor: number; renewal_date: string }[]): void {
  const db = new Database(path.join(dataDir, 'spend-manager.db'));
  try {
    db.pragma('busy_timeout = 5000');
    // The rows belong to the account's personal workspace (migration 0013), which it owns.
    const {
      user_id: userId,
      workspace_id: workspaceId,
      base_currency: currency,
    } = db
      .prepare(
        `select workspace_members.user_id, workspaces.id as workspace_id, settings.base_currency from workspaces
         join workspace_members on workspace_members.workspace_id = workspaces.id
         join settings on settings.workspace_id = workspaces.id where workspaces.kind = 'personal'`,
      )
      .get() as { user_id: number; workspace_id: number; base_currency: string };
    const categories = new Map(
      (db.prepare('select id, name from categories where workspace_id = ?').all(workspaceId) as { id: number; name: string }[]).map((c) => [c.name, c.id]),
    );
    const insert = db.prepare(
      `insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, status, auto_renew, reminder_sent, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, 'month', 1, ?, ?, 'active', 1, 0, ?, ?)`,
    );
    const now = new Date().toISOString();
    db.transaction(() => {
      for (const row of rows) {
        insert.run(userId, workspaceId, categories.get(row.category), row.name, row.amountMinor, currency, Number(row.renewal_date.slice(8)), row.renewal_date, now, now);
      }
    })();
  } finally {
    db.close();
  }
}

import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';
import type { ExpenseRow } from './expenses';

// Live subscriptions counted and summed per workspace, status, category, currency, cycle and auto-renew
// (migration 0022): kept by triggers on expenses, equal to that GROUP BY over them at every commit.

export interface ExpenseTotalsTable {
  workspace_id: number;
  status: ExpenseRow['status'];
  category_id: number;
  currency: string;
  cycle_unit: ExpenseRow['cycle_unit'];
  cycle_every: number;
  auto_renew: number;
  n: number;
  total_minor: number;
}

/** Totals as text: exact past 2^53 on both databases. */
export const totalText = sql<string>`cast(sum(total_minor) as text)`;
export const totalAsText = sql<string>`cast(total_minor as text)`;

export interface GroupTotal {
  status: ExpenseRow['status'];
  category_id: number;
  currency: string;
  cycle_unit: ExpenseRow['cycle_unit'];
  cycle_every: number;
  n: number;
  /** Sum of amount_minor as text: exact even past 2^53. */
  total: string;
}

/** Per status, category, currency and cycle: the workspace's rows of expense_totals, by its primary key. */
export function groupTotals(db: Kysely<Database>, workspaceId: number): Promise<GroupTotal[]> {
  return db
    .selectFrom('expense_totals')
    .select((eb) => ['status', 'category_id', 'currency', 'cycle_unit', 'cycle_every', eb.fn.sum<number>('n').as('n'), totalText.as('total')])
    .where('workspace_id', '=', workspaceId)
    .groupBy(['status', 'category_id', 'currency', 'cycle_unit', 'cycle_every'])
    .execute();
}

export interface RenewingTotal {
  status: 'active' | 'trial';
  auto_renew: number;
  currency: string;
  cycle_unit: ExpenseRow['cycle_unit'];
  cycle_every: number;
  n: number;
  total: string;
}

/** Active and trial plans per currency and cycle (the summary's numbers). */
export function renewingTotals(db: Kysely<Database>, workspaceId: number): Promise<RenewingTotal[]> {
  return db
    .selectFrom('expense_totals')
    .select((eb) => ['status', 'auto_renew', 'currency', 'cycle_unit', 'cycle_every', eb.fn.sum<number>('n').as('n'), totalText.as('total')])
    .where('workspace_id', '=', workspaceId)
    .where('status', 'in', ['active', 'trial'])
    .groupBy(['status', 'auto_renew', 'currency', 'cycle_unit', 'cycle_every'])
    .execute() as Promise<RenewingTotal[]>;
}

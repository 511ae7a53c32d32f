import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import type { ExpenseRow } from './expenses';
import { totalAsText } from './expense-totals';

// Plans that will charge again (active or trial, auto-renewing) counted and summed per workspace, currency,
// cycle and renewal key (migration 0022), kept by triggers on expenses: what the forecast is made of.

export interface ExpenseChargeTotalsTable {
  workspace_id: number;
  currency: string;
  cycle_unit: ExpenseRow['cycle_unit'];
  cycle_every: number;
  /** 'YYYY-MM' for monthly and yearly plans (only the month matters), 'YYYY-MM-DD' for daily and weekly ones. */
  renewal_key: string;
  n: number;
  total_minor: number;
}

export interface ChargeGroup {
  currency: string;
  cycle_unit: ExpenseRow['cycle_unit'];
  cycle_every: number;
  renewal_key: string;
  total: string;
}

export function chargeGroups(db: Kysely<Database>, workspaceId: number): Promise<ChargeGroup[]> {
  return db
    .selectFrom('expense_charge_totals')
    .select(['currency', 'cycle_unit', 'cycle_every', 'renewal_key', totalAsText.as('total')])
    .where('workspace_id', '=', workspaceId)
    .execute();
}

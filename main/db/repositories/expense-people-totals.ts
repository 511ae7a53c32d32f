import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import type { ExpenseRow } from './expenses';
import { totalAsText } from './expense-totals';

// Active and trial subscriptions counted and summed per workspace, cost centre, owner, status, currency and
// cycle (migration 0022), kept by triggers on expenses. cost_centre_key is '' for none, '=' + the name otherwise.

export interface ExpensePeopleTotalsTable {
  workspace_id: number;
  cost_centre_key: string;
  user_id: number;
  status: 'active' | 'trial';
  currency: string;
  cycle_unit: ExpenseRow['cycle_unit'];
  cycle_every: number;
  n: number;
  total_minor: number;
}

export interface PeopleTotal {
  cost_centre: string | null;
  user_id: number;
  status: 'active' | 'trial';
  currency: string;
  cycle_unit: ExpenseRow['cycle_unit'];
  cycle_every: number;
  n: number;
  total: string;
}

/** The workspace's rows, one per group, with the cost centre as stored (null: none). */
export async function peopleTotals(db: Kysely<Database>, workspaceId: number): Promise<PeopleTotal[]> {
  const rows = await db
    .selectFrom('expense_people_totals')
    .select(['cost_centre_key', 'user_id', 'status', 'currency', 'cycle_unit', 'cycle_every', 'n', totalAsText.as('total')])
    .where('workspace_id', '=', workspaceId)
    .execute();
  return rows.map(({ cost_centre_key, ...g }) => ({ ...g, n: Number(g.n), cost_centre: cost_centre_key === '' ? null : cost_centre_key.slice(1) }));
}

import type { Generated, Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The budgets table (0024): a monthly amount per workspace, category or cost centre, one per scope (scope_key).

export type BudgetScope = 'workspace' | 'category' | 'cost_centre';

export interface BudgetsTable {
  id: Generated<number>;
  workspace_id: number;
  scope: BudgetScope;
  /** 'workspace', 'category:<id>' or 'cost_centre:<name in lower case>': one budget per scope. */
  scope_key: string;
  category_id: number | null;
  /** The centre's spelling as set. */
  cost_centre: string | null;
  amount_minor: number;
  currency: string;
  created_at: string;
  updated_at: string;
}
export type BudgetRow = Selectable<BudgetsTable>;
export type NewBudgetRow = Insertable<BudgetsTable>;

export function listBudgets(db: Kysely<Database>, workspaceId: number): Promise<BudgetRow[]> {
  return db.selectFrom('budgets').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
}

/** One budget of this workspace, or undefined (also for another workspace's id). */
export function findBudget(db: Kysely<Database>, workspaceId: number, id: number): Promise<BudgetRow | undefined> {
  return db.selectFrom('budgets').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
}

/** Sets the scope's budget: a new row, or the amount and currency of the one it has. */
export async function upsertBudget(db: Kysely<Database>, row: NewBudgetRow): Promise<BudgetRow> {
  return db
    .insertInto('budgets')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'scope_key']).doUpdateSet({ amount_minor: row.amount_minor, currency: row.currency, cost_centre: row.cost_centre ?? null, updated_at: row.updated_at }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertBudgets(db: Kysely<Database>, rows: readonly NewBudgetRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('budgets').values([...rows]).execute();
}

export async function deleteBudget(db: Kysely<Database>, workspaceId: number, id: number): Promise<void> {
  await db.deleteFrom('budgets').where('id', '=', id).where('workspace_id', '=', workspaceId).execute();
}

export async function deleteBudgetsOfWorkspace(db: Kysely<Database>, workspaceId: number): Promise<void> {
  await db.deleteFrom('budgets').where('workspace_id', '=', workspaceId).execute();
}

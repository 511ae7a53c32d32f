import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { ContractEndAction } from '../../../common/domain/contracts';
import type { Database } from '../schema';

// The contracts table (0025): at most one fixed-term contract per subscription. Rows carry no workspace: every read
// and write here is scoped through the subscription's own workspace_id, so a row follows it when it moves.

export interface ContractsTable {
  expense_id: number;
  start_date: string;
  term_months: number;
  end_date: string;
  anchor_day: number;
  end_action: ContractEndAction;
  renew_months: number | null;
  ended_on: string | null;
  created_at: string;
  updated_at: string;
}
export type ContractRow = Selectable<ContractsTable>;
export type NewContractRow = Insertable<ContractsTable>;
export type ContractUpdate = Updateable<ContractsTable>;

const CHUNK = 500;
const COLUMNS = ['c.expense_id', 'c.start_date', 'c.term_months', 'c.end_date', 'c.anchor_day', 'c.end_action', 'c.renew_months', 'c.ended_on', 'c.created_at', 'c.updated_at'] as const;

/** The contracts of these subscriptions of one workspace, by subscription id. */
export async function contractsOf(db: Kysely<Database>, workspaceId: number, expenseIds: readonly number[]): Promise<Map<number, ContractRow>> {
  const found = new Map<number, ContractRow>();
  const ids = [...new Set(expenseIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('contracts as c')
      .innerJoin('expenses as e', 'e.id', 'c.expense_id')
      .select(COLUMNS)
      .where('e.workspace_id', '=', workspaceId)
      .where('c.expense_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) found.set(row.expense_id, row);
  }
  return found;
}

/** The same without a workspace, for code already holding ids of one workspace's rows (the reminder planner). */
export async function contractsByExpense(db: Kysely<Database>, expenseIds: readonly number[]): Promise<Map<number, ContractRow>> {
  const found = new Map<number, ContractRow>();
  const ids = [...new Set(expenseIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const row of await db.selectFrom('contracts as c').select(COLUMNS).where('c.expense_id', 'in', ids.slice(i, i + CHUNK)).execute()) found.set(row.expense_id, row);
  }
  return found;
}

/** Sets (inserts or replaces) a subscription's contract. The caller has checked the subscription is the workspace's. */
export async function putContract(db: Kysely<Database>, row: NewContractRow): Promise<void> {
  const { expense_id: _id, created_at: _created, ...change } = row;
  await db
    .insertInto('contracts')
    .values(row)
    .onConflict((oc) => oc.column('expense_id').doUpdateSet(change))
    .execute();
}

export async function deleteContract(db: Kysely<Database>, expenseId: number): Promise<void> {
  await db.deleteFrom('contracts').where('expense_id', '=', expenseId).execute();
}

export async function updateContract(db: Kysely<Database>, expenseId: number, change: Omit<ContractUpdate, 'expense_id'>): Promise<void> {
  await db.updateTable('contracts').set(change).where('expense_id', '=', expenseId).execute();
}

/** Running contracts of the workspace whose end has come by `today`, with the subscription's columns the end needs. */
export function contractsEndedBy(db: Kysely<Database>, workspaceId: number, today: string) {
  return db
    .selectFrom('contracts as c')
    .innerJoin('expenses as e', 'e.id', 'c.expense_id')
    .select([...COLUMNS, 'e.status', 'e.auto_renew', 'e.deleted_at', 'e.renewal_date', 'e.cycle_unit', 'e.cycle_every', 'e.anchor_day as expense_anchor_day', 'e.amount_minor', 'e.currency', 'e.seats', 'e.seat_price_minor', 'e.notice_period_days'])
    .where('e.workspace_id', '=', workspaceId)
    .where('c.ended_on', 'is', null)
    .where('c.end_date', '<=', today)
    .orderBy('c.expense_id')
    .execute();
}

/** The workspaces with a running contract whose end has come by `today` (the latest date anywhere). */
export async function workspacesWithContractsEndedBy(db: Kysely<Database>, today: string): Promise<number[]> {
  const rows = await db
    .selectFrom('contracts as c')
    .innerJoin('expenses as e', 'e.id', 'c.expense_id')
    .select('e.workspace_id')
    .distinct()
    .where('c.ended_on', 'is', null)
    .where('c.end_date', '<=', today)
    .execute();
  return rows.map((r) => r.workspace_id);
}

/** The workspace's contracts that end the subscription and have not yet (the forecast stops their charges). */
export function endingContracts(db: Kysely<Database>, workspaceId: number) {
  return db
    .selectFrom('contracts as c')
    .innerJoin('expenses as e', 'e.id', 'c.expense_id')
    .select(['c.expense_id', 'c.end_date', 'c.end_action', 'c.ended_on', 'e.renewal_date', 'e.cycle_unit', 'e.cycle_every', 'e.anchor_day', 'e.amount_minor', 'e.currency'])
    .where('e.workspace_id', '=', workspaceId)
    .where('e.deleted_at', 'is', null)
    .where('e.auto_renew', '=', 1)
    .where('e.status', 'in', ['active', 'trial'])
    .where('c.ended_on', 'is', null)
    .where('c.end_action', 'in', ['end', 'monthly'])
    .execute();
}

/** Every contract of the workspace's subscriptions (a backup carries them), by subscription id. */
export function contractsOfWorkspace(db: Kysely<Database>, workspaceId: number): Promise<ContractRow[]> {
  return db.selectFrom('contracts as c').innerJoin('expenses as e', 'e.id', 'c.expense_id').select(COLUMNS).where('e.workspace_id', '=', workspaceId).orderBy('c.expense_id').execute();
}

/** Contracts restored with their subscriptions (new ids). */
export async function insertContracts(db: Kysely<Database>, rows: readonly NewContractRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto('contracts').values(rows.slice(i, i + CHUNK)).execute();
}

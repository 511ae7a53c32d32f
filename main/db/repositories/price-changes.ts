import type { Generated, Insertable, Kysely, Selectable } from 'kysely';
import type { CycleUnit } from '../../../common/domain/billing-cycles';
import type { Database } from '../schema';

// The price_changes table (0021): a subscription's price history, one row per change of amount, seats or billing
// cycle with the day it took effect. Written by an edit of the subscription and by a downgrade the sweep applies.
// Reads are scoped by the subscription's workspace (the rows follow it when it moves).

export interface PriceChangesTable {
  id: Generated<number>;
  workspace_id: number;
  expense_id: number;
  effective_on: string;
  source: 'update' | 'downgrade';
  user_id: number | null;
  currency_before: string;
  currency_after: string;
  amount_before_minor: number;
  amount_after_minor: number;
  seats_before: number | null;
  seats_after: number | null;
  cycle_unit_before: CycleUnit;
  cycle_unit_after: CycleUnit;
  cycle_every_before: number;
  cycle_every_after: number;
  created_at: string;
}
export type PriceChangeRow = Selectable<PriceChangesTable>;
export type NewPriceChangeRow = Insertable<PriceChangesTable>;

const CHUNK = 500;

/** A plan's price as a change compares it. */
export interface PricePoint {
  currency: string;
  amount_minor: number;
  seats: number | null;
  cycle_unit: CycleUnit;
  cycle_every: number;
}

/** The row for a change from `before` to `after`, or null when neither amount, currency, seats nor cycle moved. */
export function priceChangeOf(before: PricePoint, after: PricePoint, row: Pick<NewPriceChangeRow, 'workspace_id' | 'expense_id' | 'effective_on' | 'source' | 'user_id' | 'created_at'>): NewPriceChangeRow | null {
  const same = before.currency === after.currency && before.amount_minor === after.amount_minor && before.seats === after.seats && before.cycle_unit === after.cycle_unit && before.cycle_every === after.cycle_every;
  if (same) return null;
  return {
    ...row,
    currency_before: before.currency,
    currency_after: after.currency,
    amount_before_minor: before.amount_minor,
    amount_after_minor: after.amount_minor,
    seats_before: before.seats,
    seats_after: after.seats,
    cycle_unit_before: before.cycle_unit,
    cycle_unit_after: after.cycle_unit,
    cycle_every_before: before.cycle_every,
    cycle_every_after: after.cycle_every,
  };
}

export async function insertPriceChanges(db: Kysely<Database>, rows: readonly NewPriceChangeRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto('price_changes').values(rows.slice(i, i + CHUNK)).execute();
}

function selectChanges(db: Kysely<Database>, workspaceId: number) {
  return db
    .selectFrom('price_changes as c')
    .innerJoin('expenses as e', 'e.id', 'c.expense_id')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .selectAll('c')
    .select('u.username as user_name')
    .where('e.workspace_id', '=', workspaceId);
}
export type PriceChangeWithName = PriceChangeRow & { user_name: string | null };

/** One subscription's price history, newest first. */
export function priceChangesOfExpense(db: Kysely<Database>, workspaceId: number, expenseId: number): Promise<PriceChangeWithName[]> {
  return selectChanges(db, workspaceId).where('c.expense_id', '=', expenseId).orderBy('c.effective_on', 'desc').orderBy('c.id', 'desc').execute();
}

/** Every change of the workspace's subscriptions, oldest first (a backup's). */
export function priceChangesOfWorkspace(db: Kysely<Database>, workspaceId: number): Promise<PriceChangeWithName[]> {
  return selectChanges(db, workspaceId).orderBy('c.id').execute();
}

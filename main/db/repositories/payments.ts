import { type Generated, type Insertable, type Kysely, type Selectable, type Updateable, sql } from 'kysely';
import type { Database } from '../schema';

// The payments table (0021): one row per past renewal of a subscription, what it was expected to cost and what was
// paid. The rows follow their subscription (moved into another workspace, they go with it): reads are scoped by the
// subscription's workspace, not the row's.

export interface PaymentsTable {
  id: Generated<number>;
  workspace_id: number;
  expense_id: number;
  renewal_date: string;
  currency: string;
  expected_minor: number;
  actual_minor: number;
  paid_on: string;
  transaction_id: number | null;
  recorded_by: number | null;
  recorded_at: string | null;
  created_at: string;
  updated_at: string;
}
export type PaymentRow = Selectable<PaymentsTable>;
export type NewPaymentRow = Insertable<PaymentsTable>;
export type PaymentUpdate = Updateable<PaymentsTable>;

/** Rows per multi-row insert (13 columns × 500 stays under SQLite's variable limit). */
const CHUNK = 500;

/** Writes these renewals' payments; one that already has its row (another sweep wrote it) is left as it is. */
export async function insertPayments(db: Kysely<Database>, rows: readonly NewPaymentRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('payments')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['expense_id', 'renewal_date']).doNothing())
      .execute();
  }
}

function selectPayments(db: Kysely<Database>, workspaceId: number) {
  return db
    .selectFrom('payments as p')
    .innerJoin('expenses as e', 'e.id', 'p.expense_id')
    .leftJoin('users as u', 'u.id', 'p.recorded_by')
    .selectAll('p')
    .select(['e.name as expense_name', 'e.user_id as owner_id', 'u.username as recorded_by_name'])
    .where('e.workspace_id', '=', workspaceId)
    .where('e.deleted_at', 'is', null);
}
export type PaymentWithNames = PaymentRow & { expense_name: string; owner_id: number; recorded_by_name: string | null };

/** One subscription's payments, newest renewal first. */
export function paymentsOfExpense(db: Kysely<Database>, workspaceId: number, expenseId: number): Promise<PaymentWithNames[]> {
  return selectPayments(db, workspaceId).where('p.expense_id', '=', expenseId).orderBy('p.renewal_date', 'desc').execute();
}

/** One payment of a live subscription of this workspace, or undefined. */
export function findPayment(db: Kysely<Database>, workspaceId: number, id: number): Promise<PaymentWithNames | undefined> {
  return selectPayments(db, workspaceId).where('p.id', '=', id).executeTakeFirst();
}

/** The payment of this renewal as a price-change alert tells it (the alert's delivery: the alert names its subscription and renewal). */
export function findAlertPayment(db: Kysely<Database>, expenseId: number, renewalDate: string): Promise<Pick<PaymentRow, 'id' | 'currency' | 'expected_minor' | 'actual_minor' | 'paid_on'> | undefined> {
  return db.selectFrom('payments').select(['id', 'currency', 'expected_minor', 'actual_minor', 'paid_on']).where('expense_id', '=', expenseId).where('renewal_date', '=', renewalDate).executeTakeFirst();
}

export async function updatePayment(db: Kysely<Database>, id: number, change: PaymentUpdate): Promise<void> {
  await db.updateTable('payments').set(change).where('id', '=', id).execute();
}

export interface PaidMonthTotal {
  /** 'YYYY-MM' of the paid date. */
  month: string;
  currency: string;
  /** Exact sum of actual_minor (PostgreSQL's numeric arrives as text). */
  total: number | string | bigint;
  n: number | string | bigint;
}

/** The workspace's payments paid in [from, toExclusive), summed per month of their paid date and currency (live subscriptions only). */
export function paidTotalsByMonth(db: Kysely<Database>, workspaceId: number, from: string, toExclusive: string | null): Promise<PaidMonthTotal[]> {
  const month = sql<string>`substr(p.paid_on, 1, 7)`;
  let query = db
    .selectFrom('payments as p')
    .innerJoin('expenses as e', 'e.id', 'p.expense_id')
    .select([month.as('month'), 'p.currency', (eb) => eb.fn.sum<number | string | bigint>('p.actual_minor').as('total'), (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
    // The row's workspace (kept equal to its subscription's) reaches the (workspace_id, paid_on) index.
    .where('p.workspace_id', '=', workspaceId)
    .where('e.workspace_id', '=', workspaceId)
    .where('e.deleted_at', 'is', null)
    .where('p.paid_on', '>=', from);
  if (toExclusive !== null) query = query.where('p.paid_on', '<', toExclusive);
  return query.groupBy([month, 'p.currency']).orderBy(month).orderBy('p.currency').execute();
}

/** These subscriptions' payments follow them into another workspace (so they go with it, not with the old one). */
export async function movePaymentsToWorkspace(db: Kysely<Database>, expenseIds: readonly number[], workspaceId: number): Promise<void> {
  for (let i = 0; i < expenseIds.length; i += CHUNK) {
    const ids = expenseIds.slice(i, i + CHUNK);
    await db.updateTable('payments').set({ workspace_id: workspaceId }).where('expense_id', 'in', ids).execute();
    await db.updateTable('price_changes').set({ workspace_id: workspaceId }).where('expense_id', 'in', ids).execute();
  }
}

/** Every payment of the workspace's subscriptions, oldest first, with who recorded it as a username (a backup's). */
export function paymentsOfWorkspace(db: Kysely<Database>, workspaceId: number): Promise<(PaymentRow & { recorded_by_name: string | null })[]> {
  return db
    .selectFrom('payments as p')
    .innerJoin('expenses as e', 'e.id', 'p.expense_id')
    .leftJoin('users as u', 'u.id', 'p.recorded_by')
    .selectAll('p')
    .select('u.username as recorded_by_name')
    .where('e.workspace_id', '=', workspaceId)
    .orderBy('p.id')
    .execute();
}

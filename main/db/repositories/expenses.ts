import type { Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../schema';

// The expenses table: one row per subscription. Money is integer minor units; a deleted row keeps
// deleted_at until the sweep purges it after the restore window.

export interface ExpensesTable {
  id: Generated<number>;
  user_id: number;
  category_id: number;
  name: string;
  amount_minor: number;
  currency: string;
  cycle_unit: 'day' | 'week' | 'month' | 'year';
  cycle_every: number;
  anchor_day: number;
  renewal_date: string;
  description: string | null;
  status: 'active' | 'trial' | 'paused' | 'cancelled';
  trial_ends_on: string | null;
  notice_period_days: number | null;
  auto_renew: number;
  payment_method: string | null;
  url: string | null;
  /** JSON array of lead days, or null to follow settings.reminder_days_default. */
  reminder_days: string | null;
  reminder_sent: number;
  cancelled_at: string | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}
export type ExpenseRow = Selectable<ExpensesTable>;
export type NewExpenseRow = Insertable<ExpensesTable>;
export type ExpenseUpdate = Updateable<ExpensesTable>;

export type ExpenseWithCategory = ExpenseRow & { category_name: string };

/** Live (not deleted) expenses of one account, with their category's name. */
export function selectLiveExpenses(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('expenses as e')
    .innerJoin('categories as c', 'c.id', 'e.category_id')
    .selectAll('e')
    .select('c.name as category_name')
    .where('e.user_id', '=', userId)
    .where('e.deleted_at', 'is', null);
}

/** One live expense of this account, or undefined (also for another account's id). */
export function findLiveExpense(db: Kysely<Database>, userId: number, id: number): Promise<ExpenseWithCategory | undefined> {
  return selectLiveExpenses(db, userId).where('e.id', '=', id).executeTakeFirst();
}

/** One of this account's expenses, deleted or not; undefined when it has no such row. */
export function findOwnExpense(db: Kysely<Database>, userId: number, id: number): Promise<ExpenseRow | undefined> {
  return db.selectFrom('expenses').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

export async function insertExpense(db: Kysely<Database>, row: NewExpenseRow): Promise<number> {
  return (await db.insertInto('expenses').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateExpense(db: Kysely<Database>, userId: number, id: number, change: Omit<ExpenseUpdate, 'id' | 'user_id'>): Promise<void> {
  await db.updateTable('expenses').set(change).where('id', '=', id).where('user_id', '=', userId).execute();
}

/** Ids of the account's live expenses in one category. */
export async function liveExpenseIdsInCategory(db: Kysely<Database>, userId: number, categoryId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('expenses')
    .select('id')
    .where('user_id', '=', userId)
    .where('category_id', '=', categoryId)
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** Moves every expense of the category, deleted ones included, to another category. */
export async function moveExpensesToCategory(db: Kysely<Database>, userId: number, from: number, to: number, updatedAt: string): Promise<void> {
  await db.updateTable('expenses').set({ category_id: to, updated_at: updatedAt }).where('user_id', '=', userId).where('category_id', '=', from).execute();
}

/** Live expenses per category id. */
export async function liveCountsByCategory(db: Kysely<Database>, userId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('expenses')
    .select((eb) => ['category_id', eb.fn.countAll<number>().as('n')])
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .groupBy('category_id')
    .execute();
  return new Map(rows.map((r) => [r.category_id, Number(r.n)]));
}

/** The largest live amount per currency and cycle of one account: what a new rate must still count exactly. */
export function largestAmounts(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom('expenses')
    .select((eb) => ['currency', 'cycle_unit', 'cycle_every', eb.fn.max('amount_minor').as('amount_minor')])
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .groupBy(['currency', 'cycle_unit', 'cycle_every'])
    .execute();
}

/** The current cycle's reminder of these subscriptions went out (the original app's reminder_sent), if they still renew on `renewalDate`. */
export async function markCycleReminded(db: Kysely<Database>, ids: number[], renewalDate: string): Promise<void> {
  await db.updateTable('expenses').set({ reminder_sent: 1 }).where('id', 'in', ids).where('renewal_date', '=', renewalDate).execute();
}

/** What the planner needs of these subscriptions of one account. */
export function expensesForPlan(db: Kysely<Database>, userId: number, ids: number[]) {
  return db
    .selectFrom('expenses')
    .select(['id', 'status', 'renewal_date', 'cycle_unit', 'cycle_every', 'anchor_day', 'auto_renew', 'trial_ends_on', 'notice_period_days', 'reminder_days', 'deleted_at'])
    .where('user_id', '=', userId)
    .where('id', 'in', ids)
    .execute();
}

/** The account's expense ids after `after`, in order, at most `limit` (every one without a limit). */
export async function expenseIdsOf(db: Kysely<Database>, userId: number, after = 0, limit?: number): Promise<number[]> {
  let query = db.selectFrom('expenses').select('id').where('user_id', '=', userId);
  if (after > 0 || limit !== undefined) query = query.where('id', '>', after).orderBy('id');
  if (limit !== undefined) query = query.limit(limit);
  return (await query.execute()).map((r) => r.id);
}

export async function deleteExpensesOfUser(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('expenses').where('user_id', '=', userId).execute();
}

import { sql, type ExpressionBuilder, type Generated, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Role } from '../../../common/contract/roles';
import type { Database } from '../schema';
import { dialectOf } from '../sql-dialect';

// The expenses table: one row per subscription. Money is integer minor units; a deleted row keeps
// deleted_at until the sweep purges it after the restore window.

export interface ExpensesTable {
  id: Generated<number>;
  /** The subscription's owner: a member of the workspace (the creator unless handed over). */
  user_id: number;
  /** Isolation is by workspace (0013), never by owner. */
  workspace_id: number;
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
  /** Seats and price per seat (0014): both set or both null; when set, amount_minor = seats × seat_price_minor. */
  seats: number | null;
  seat_price_minor: number | null;
  /** Free text (trimmed, never empty), spelled as the workspace first spelled it. */
  cost_centre: string | null;
  /** The import that created it (0015); null for a row entered by hand. */
  import_id: Generated<number | null>;
  cancelled_at: string | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}
export type ExpenseRow = Selectable<ExpensesTable>;
export type NewExpenseRow = Insertable<ExpensesTable>;
export type ExpenseUpdate = Updateable<ExpensesTable>;

/** A row with the names it is shown with: its category's and its owner's (their username). */
export type ExpenseWithCategory = ExpenseRow & { category_name: string; owner_name: string };

/** Live (not deleted) expenses of one workspace, with their category's and owner's names. */
export function selectLiveExpenses(db: Kysely<Database>, workspaceId: number) {
  return db
    .selectFrom('expenses as e')
    .innerJoin('categories as c', 'c.id', 'e.category_id')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .selectAll('e')
    .select(['c.name as category_name', 'u.username as owner_name'])
    .where('e.workspace_id', '=', workspaceId)
    .where('e.deleted_at', 'is', null);
}

/** The columns an export writes (services/subscription-export.ts); the category's and owner's names come by id. */
export const EXPORT_FIELDS = [
  'id',
  'name',
  'amount_minor',
  'currency',
  'cycle_unit',
  'cycle_every',
  'renewal_date',
  'anchor_day',
  'description',
  'url',
  'payment_method',
  'status',
  'auto_renew',
  'notice_period_days',
  'trial_ends_on',
  'cost_centre',
  'seats',
  'seat_price_minor',
  'reminder_days',
  'category_id',
  'user_id',
] as const;

/**
 * The workspace's live expense ids in the export's order (name, then id). Ids only: reading 100k whole rows in one
 * statement held SQLite (and the event loop) for seconds; the rows follow in chunks (exportRowsByIds).
 */
export async function liveExpenseIdsByName(db: Kysely<Database>, workspaceId: number): Promise<number[]> {
  const rows = await db.selectFrom('expenses as e').select('e.id').where('e.workspace_id', '=', workspaceId).where('e.deleted_at', 'is', null).orderBy('e.name').orderBy('e.id').execute();
  return rows.map((r) => r.id);
}

/** Up to `limit` live expenses of the workspace with an id above `afterId`, by id: a page of ids and names. */
export function liveNamesAfter(db: Kysely<Database>, workspaceId: number, afterId: number, limit: number): Promise<Array<{ id: number; name: string }>> {
  return db.selectFrom('expenses').select(['id', 'name']).where(byIdNotWorkspace, '=', workspaceId).where('deleted_at', 'is', null).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

/**
 * `workspace_id` as a value no index serves (unary plus, the same on both databases), for reads that go by id: with
 * the statistics an import leaves, SQLite chose a workspace index and scanned all 100k rows for every chunk.
 */
const byIdNotWorkspace = sql<number>`+${sql.ref('workspace_id')}`;

/**
 * The export's columns of these live expenses of the workspace, in no promised order: by id alone (no join, no
 * workspace index), the names come by id too.
 */
export function exportRowsByIds(db: Kysely<Database>, workspaceId: number, ids: readonly number[]) {
  return db.selectFrom('expenses').select(EXPORT_FIELDS).where('id', 'in', ids).where(byIdNotWorkspace, '=', workspaceId).where('deleted_at', 'is', null).execute();
}

/** Names of these categories, by id. */
export async function categoryNamesByIds(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  return new Map((await db.selectFrom('categories').select(['id', 'name']).where('id', 'in', ids).execute()).map((r) => [r.id, r.name]));
}

/** Usernames of these users, by id. */
export async function usernamesByIds(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  return new Map((await db.selectFrom('users').select(['id', 'username']).where('id', 'in', ids).execute()).map((r) => [r.id, r.username]));
}

/** One live expense of this workspace, or undefined (also for another workspace's id). */
export function findLiveExpense(db: Kysely<Database>, workspaceId: number, id: number): Promise<ExpenseWithCategory | undefined> {
  return selectLiveExpenses(db, workspaceId).where('e.id', '=', id).executeTakeFirst();
}

/** One of this workspace's expenses, deleted or not; undefined when it has no such row. */
export function findOwnExpense(db: Kysely<Database>, workspaceId: number, id: number): Promise<ExpenseRow | undefined> {
  return db.selectFrom('expenses').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function insertExpense(db: Kysely<Database>, row: NewExpenseRow): Promise<number> {
  return (await db.insertInto('expenses').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateExpense(db: Kysely<Database>, workspaceId: number, id: number, change: Omit<ExpenseUpdate, 'id' | 'workspace_id'>): Promise<void> {
  await db.updateTable('expenses').set(change).where('id', '=', id).where('workspace_id', '=', workspaceId).execute();
}

/** Ids of the workspace's live expenses in one category. */
export async function liveExpenseIdsInCategory(db: Kysely<Database>, workspaceId: number, categoryId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('expenses')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('category_id', '=', categoryId)
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** Moves every expense of the category, deleted ones included, to another category. */
export async function moveExpensesToCategory(db: Kysely<Database>, workspaceId: number, from: number, to: number, updatedAt: string): Promise<void> {
  await db.updateTable('expenses').set({ category_id: to, updated_at: updatedAt }).where('workspace_id', '=', workspaceId).where('category_id', '=', from).execute();
}

/** Live expenses per category id. */
export async function liveCountsByCategory(db: Kysely<Database>, workspaceId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('expenses')
    .select((eb) => ['category_id', eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .groupBy('category_id')
    .execute();
  return new Map(rows.map((r) => [r.category_id, Number(r.n)]));
}

/** The largest live amount per currency and cycle of one workspace: what a new rate must still count exactly. */
export function largestAmounts(db: Kysely<Database>, workspaceId: number) {
  return db
    .selectFrom('expenses')
    .select((eb) => ['currency', 'cycle_unit', 'cycle_every', eb.fn.max('amount_minor').as('amount_minor')])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .groupBy(['currency', 'cycle_unit', 'cycle_every'])
    .execute();
}

/** The current cycle's reminder of these subscriptions went out (the original app's reminder_sent), if they still renew on `renewalDate`. */
export async function markCycleReminded(db: Kysely<Database>, ids: number[], renewalDate: string): Promise<void> {
  await db.updateTable('expenses').set({ reminder_sent: 1 }).where('id', 'in', ids).where('renewal_date', '=', renewalDate).execute();
}

/** What the planner needs of these subscriptions (of one workspace, unless null). */
export function expensesForPlan(db: Kysely<Database>, workspaceId: number | null, ids: number[]) {
  let query = db.selectFrom('expenses');
  if (workspaceId !== null) query = query.where('workspace_id', '=', workspaceId);
  return query
    .select(['id', 'user_id', 'workspace_id', 'status', 'renewal_date', 'cycle_unit', 'cycle_every', 'anchor_day', 'auto_renew', 'trial_ends_on', 'notice_period_days', 'reminder_days', 'deleted_at'])
    .where('id', 'in', ids)
    .execute();
}

/** The workspace's expense ids after `after`, in order, at most `limit` (every one without a limit). */
export async function expenseIdsOf(db: Kysely<Database>, workspaceId: number, after = 0, limit?: number): Promise<number[]> {
  let query = db.selectFrom('expenses').select('id').where('workspace_id', '=', workspaceId);
  if (after > 0 || limit !== undefined) query = query.where('id', '>', after).orderBy('id');
  if (limit !== undefined) query = query.limit(limit);
  return (await query.execute()).map((r) => r.id);
}

export async function deleteExpensesOfWorkspace(db: Kysely<Database>, workspaceId: number): Promise<void> {
  await db.deleteFrom('expenses').where('workspace_id', '=', workspaceId).execute();
}

/** The member-owns-the-row rule: a `member` changes only the subscriptions they own; admins and owners any; viewers none. */
export function ownedBy(ctx: { userId: number; role: Role }) {
  return (eb: ExpressionBuilder<Database, 'expenses'>) =>
    ctx.role === 'member' ? eb('expenses.user_id', '=', ctx.userId) : eb.lit(ctx.role === 'admin' || ctx.role === 'owner');
}

/** Whether the caller may change this subscription under the member-owns-the-row rule. */
export async function mayChangeExpense(db: Kysely<Database>, ctx: { userId: number; role: Role }, workspaceId: number, id: number): Promise<boolean> {
  const row = await db.selectFrom('expenses').select('id').where('id', '=', id).where('workspace_id', '=', workspaceId).where(ownedBy(ctx)).executeTakeFirst();
  return row !== undefined;
}

/** The subscriptions one member owns in a workspace (handed over when they leave), by id. */
export async function expenseIdsOwnedIn(db: Kysely<Database>, workspaceId: number, userId: number): Promise<number[]> {
  return (await db.selectFrom('expenses').select('id').where('user_id', '=', userId).where('workspace_id', '=', workspaceId).orderBy('id').execute()).map((r) => r.id);
}

/** Hands every subscription one member owns in a workspace to another member. */
export async function moveExpenseOwner(db: Kysely<Database>, workspaceId: number, from: number, to: number, updatedAt: string): Promise<void> {
  await db.updateTable('expenses').set({ user_id: to, updated_at: updatedAt }).where('user_id', '=', from).where('workspace_id', '=', workspaceId).execute();
}

/**
 * Ids of the subscriptions whose reminders a member receives, in every workspace (those they own, and every
 * one of a workspace where they asked for all), after `after`, at most `limit`: what a replan of their reminders covers.
 */
export async function expenseIdsReceivedBy(db: Kysely<Database>, userId: number, after = 0, limit?: number): Promise<number[]> {
  const allOf = db
    .selectFrom('workspace_members')
    .select('workspace_id')
    .where('user_id', '=', userId)
    .where('remind_all', '=', 1)
    .where('role', 'in', ['admin', 'owner']);
  let query = db
    .selectFrom('expenses')
    .select('id')
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('workspace_id', 'in', allOf)]));
  if (after > 0 || limit !== undefined) query = query.where('id', '>', after).orderBy('id');
  if (limit !== undefined) query = query.limit(limit);
  return (await query.execute()).map((r) => r.id);
}

/** A workspace's live subscriptions as a move into another workspace sees them, by id (on PostgreSQL locked until commit). */
export function liveExpensesToMove(db: Kysely<Database>, workspaceId: number, lock: boolean) {
  const query = db
    .selectFrom('expenses')
    .select(['id', 'category_id', 'amount_minor', 'currency', 'cycle_unit', 'cycle_every', 'status', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .orderBy('id');
  // SQLite has no row locks (its write transaction already excludes every other writer).
  return lock && dialectOf(db) === 'postgres' ? query.forUpdate().execute() : query.execute();
}

/** Moves one category's live subscriptions from one workspace into another's category. */
export async function moveLiveExpensesToWorkspace(db: Kysely<Database>, from: { workspaceId: number; categoryId: number }, to: { workspaceId: number; categoryId: number }, updatedAt: string): Promise<number> {
  const result = await db
    .updateTable('expenses')
    .set({ workspace_id: to.workspaceId, category_id: to.categoryId, updated_at: updatedAt })
    .where('workspace_id', '=', from.workspaceId)
    .where('category_id', '=', from.categoryId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The workspace's live cost centres as stored (each spelling once), with how many subscriptions carry each. */
export async function liveCostCentres(db: Kysely<Database>, workspaceId: number, exceptId: number | null = null): Promise<{ cost_centre: string; n: number }[]> {
  let query = db
    .selectFrom('expenses')
    .select((eb) => ['cost_centre', eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('cost_centre', 'is not', null)
    .where('deleted_at', 'is', null);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  const rows = await query.groupBy('cost_centre').execute();
  return rows.map((r) => ({ cost_centre: r.cost_centre!, n: Number(r.n) }));
}

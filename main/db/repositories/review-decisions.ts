import type { Generated, Insertable, Kysely, Selectable } from 'kysely';
import type { ReviewLogAction } from '../../../common/domain/renewal-review';
import type { Database } from '../schema';
import type { ExpenseRow } from './expenses';

// The review_decisions table (0019): the log of renewal reviews. The latest row of a subscription's renewal
// (by id) says where its review stands; downgrades and cancellations wait for their renewal date (applied_at).

export interface ReviewDecisionsTable {
  id: Generated<number>;
  workspace_id: number;
  expense_id: number;
  renewal_date: string;
  last_day: string;
  user_id: number | null;
  action: ReviewLogAction;
  note: string | null;
  follow_up_on: string | null;
  currency: string;
  amount_before_minor: number;
  amount_after_minor: number;
  seats_before: number | null;
  seats_after: number | null;
  seat_price_after_minor: number | null;
  saving_minor: Generated<number>;
  effective_on: string | null;
  applied_at: string | null;
  created_at: string;
}
export type ReviewDecisionRow = Selectable<ReviewDecisionsTable>;
export type NewReviewDecisionRow = Insertable<ReviewDecisionsTable>;

/** Statements stay well under SQLite's variable limit. */
const CHUNK = 500;

export async function insertReviewDecision(db: Kysely<Database>, row: NewReviewDecisionRow): Promise<number> {
  return (await db.insertInto('review_decisions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/**
 * The latest entry of each of these subscriptions' renewals, keyed `expenseId|renewalDate`: where each review stands.
 * The entries follow their subscription (moved into another workspace, its log goes with it): callers pass ids of
 * their own workspace's subscriptions.
 */
export async function latestDecisionsOf(db: Kysely<Database>, expenseIds: readonly number[]): Promise<Map<string, ReviewDecisionRow>> {
  const latest = new Map<string, ReviewDecisionRow>();
  for (let i = 0; i < expenseIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('review_decisions')
      .selectAll()
      .where('expense_id', 'in', expenseIds.slice(i, i + CHUNK))
      .orderBy('id')
      .execute();
    for (const row of rows) latest.set(`${row.expense_id}|${row.renewal_date}`, row);
  }
  return latest;
}

function selectLog(db: Kysely<Database>, workspaceId: number) {
  return db
    .selectFrom('review_decisions as d')
    .innerJoin('expenses as e', 'e.id', 'd.expense_id')
    .leftJoin('users as u', 'u.id', 'd.user_id')
    .selectAll('d')
    .select(['e.name as expense_name', 'u.username as user_name'])
    .where('e.workspace_id', '=', workspaceId);
}

/** The workspace's log, newest first, at most `limit` entries; since: only entries made at or after this instant. */
export function reviewLog(db: Kysely<Database>, workspaceId: number, limit: number, since?: string) {
  let query = selectLog(db, workspaceId);
  if (since !== undefined) query = query.where('d.created_at', '>=', since);
  return query.orderBy('d.id', 'desc').limit(limit).execute();
}

/** One entry of the workspace's log, with the names it is shown with. */
export function reviewEntry(db: Kysely<Database>, workspaceId: number, id: number) {
  return selectLog(db, workspaceId).where('d.id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Changes whose renewal date has come (on or before `latestToday`) and that wait for the sweep, oldest first, each
 * with the workspace its subscription is in now.
 */
export function pendingChangesBy(db: Kysely<Database>, latestToday: string, limit: number) {
  return db
    .selectFrom('review_decisions as d')
    .innerJoin('expenses as e', 'e.id', 'd.expense_id')
    .selectAll('d')
    .select('e.workspace_id as expense_workspace_id')
    .where('d.applied_at', 'is', null)
    .where('d.effective_on', '<=', latestToday)
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

/** Of these subscriptions, those with a cancellation decided and not yet applied (their reminders stop). */
export async function pendingCancellations(db: Kysely<Database>, expenseIds: readonly number[]): Promise<Set<number>> {
  const ids = new Set<number>();
  for (let i = 0; i < expenseIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('review_decisions')
      .select('expense_id')
      .where('expense_id', 'in', expenseIds.slice(i, i + CHUNK))
      .where('action', '=', 'cancel')
      .where('applied_at', 'is', null)
      .where('effective_on', 'is not', null)
      .execute();
    for (const row of rows) ids.add(row.expense_id);
  }
  return ids;
}

/**
 * Of these subscriptions, the follow-up dates of negotiations that are still their review's latest entry, on or after
 * `from` (a later decision, reopen or "renewed without review" of the same renewal ends them): expense id -> date.
 */
export async function openFollowUps(db: Kysely<Database>, expenseIds: readonly number[], from: string): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < expenseIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('review_decisions as d')
      .select(['d.expense_id', 'd.follow_up_on'])
      .where('d.expense_id', 'in', expenseIds.slice(i, i + CHUNK))
      .where('d.action', '=', 'negotiate')
      .where('d.follow_up_on', '>=', from)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('review_decisions as later').select('later.id').whereRef('later.expense_id', '=', 'd.expense_id').whereRef('later.renewal_date', '=', 'd.renewal_date').whereRef('later.id', '>', 'd.id'))),
      )
      .orderBy('d.id')
      .execute();
    for (const row of rows) if (row.follow_up_on !== null) out.set(row.expense_id, row.follow_up_on);
  }
  return out;
}

export async function markDecisionsApplied(db: Kysely<Database>, ids: readonly number[], appliedAt: string): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) await db.updateTable('review_decisions').set({ applied_at: appliedAt }).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
}

/** A reopened decision no longer waits to be applied: its change will not happen. */
export async function withdrawDecision(db: Kysely<Database>, id: number, at: string): Promise<void> {
  await db.updateTable('review_decisions').set({ effective_on: null, applied_at: at }).where('id', '=', id).execute();
}

/** Every log entry of the workspace's subscriptions, oldest first, with who decided as a username (a backup's). */
export async function decisionsOfWorkspace(db: Kysely<Database>, workspaceId: number): Promise<(ReviewDecisionRow & { decided_by: string | null })[]> {
  const rows = await selectLog(db, workspaceId).orderBy('d.id').execute();
  return rows.map(({ expense_name: _name, user_name, ...row }) => ({ ...row, decided_by: user_name }));
}

/** Writes these entries as they are (a restore's), in statements of CHUNK rows. */
export async function insertReviewDecisions(db: Kysely<Database>, rows: readonly NewReviewDecisionRow[]): Promise<void> {
  for (let at = 0; at < rows.length; at += CHUNK) await db.insertInto('review_decisions').values(rows.slice(at, at + CHUNK)).execute();
}

export interface PendingDowngrade {
  currency: string;
  cycle_unit: ExpenseRow['cycle_unit'];
  cycle_every: number;
  effective_on: string;
  /** amount after − amount now, minor units, as text. */
  delta: string;
}

/**
 * The workspace's downgrades decided and not applied yet, on plans that will charge again: from `effective_on`
 * (a renewal date of the plan) on, each charge is `delta` minor units of the plan's currency off (or on) its amount.
 * Only a renewal's latest entry counts (a later decision replaces a downgrade; a reopen withdraws it). The
 * changes waiting anywhere are few (the pending index), so they are read first and the plans by id after.
 */
export async function pendingDowngrades(db: Kysely<Database>, workspaceId: number): Promise<PendingDowngrade[]> {
  const pending = await db
    .selectFrom('review_decisions as d')
    .select(['d.expense_id', 'd.effective_on', 'd.currency', 'd.amount_after_minor'])
    .where('d.applied_at', 'is', null)
    .where('d.effective_on', 'is not', null)
    .where('d.action', '=', 'downgrade')
    .where((eb) => eb('d.id', '=', eb.selectFrom('review_decisions as l').select((l) => l.fn.max('l.id').as('id')).whereRef('l.expense_id', '=', 'd.expense_id').whereRef('l.renewal_date', '=', 'd.renewal_date')))
    .execute();
  if (pending.length === 0) return [];
  const plans = new Map<number, Pick<ExpenseRow, 'currency' | 'cycle_unit' | 'cycle_every' | 'amount_minor'>>();
  const ids = [...new Set(pending.map((d) => d.expense_id))];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('expenses')
      .select(['id', 'currency', 'cycle_unit', 'cycle_every', 'amount_minor'])
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
      .where('status', 'in', ['active', 'trial'])
      .where('auto_renew', '=', 1)
      .execute();
    for (const row of rows) plans.set(row.id, row);
  }
  return pending.flatMap((d) => {
    const plan = plans.get(d.expense_id);
    if (!plan || plan.currency !== d.currency) return [];
    return [{ currency: plan.currency, cycle_unit: plan.cycle_unit, cycle_every: plan.cycle_every, effective_on: d.effective_on!, delta: String(BigInt(d.amount_after_minor) - BigInt(plan.amount_minor)) }];
  });
}

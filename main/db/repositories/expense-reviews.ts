import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { BillingCycle } from '../../../common/domain/billing-cycles';
import { addDays } from '../../../common/domain/calendar-date';
import type { Database } from '../schema';

// What renewal reviews read of the expenses table (the sweep's part, main/services/review-sweep.ts).

/** What deciding whether a passed renewal was reviewed needs of these subscriptions of one workspace. */
export function expensesForReviewLog(db: Kysely<Database>, workspaceId: number, ids: readonly number[]) {
  return db
    .selectFrom('expenses')
    .select(['id', 'user_id', 'renewal_date', 'amount_minor', 'currency', 'cycle_unit', 'cycle_every', 'notice_period_days', 'reminder_days', 'seats'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', [...ids])
    .execute();
}

/** Whether a subscription is still there and runs, before a decided change is applied to it. */
export function expenseStateOf(db: Kysely<Database>, workspaceId: number, id: number) {
  return db.selectFrom('expenses').select(['id', 'status', 'auto_renew', 'deleted_at', 'currency', 'amount_minor', 'seats', 'cycle_unit', 'cycle_every']).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

/**
 * Notice periods up to each bound, and how far ahead a renewal with such a notice may lie for its review to be
 * open (bound + the week before the last day, + 1 for "the day before" without a notice).
 */
const NOTICE_WINDOWS = [7, 30, 90, 365] as const;
const REVIEW_WEEK = 8;

/** Cycles that renew once a year or less often: their renewals are reviewed whatever they cost. */
const YEARLY_OR_LONGER: [unit: BillingCycle['unit'], every: number][] = [['year', 1], ['month', 12], ['week', 52], ['day', 365]];

type ExpenseWhere = ExpressionBuilder<Database, 'expenses'>;

/** Plans under a contract not ended yet: their review may be of the contract's end (the service tells), never grouped. */
const underContract = (eb: ExpenseWhere) => eb.selectFrom('contracts').select('expense_id').where('ended_on', 'is', null);

/**
 * The workspace's running plans whose review may be open on `today`: a renewal no further ahead than its notice
 * period and a week (by buckets of notice periods; the service checks each exactly), and every row whose renewal
 * passed before the sweep reached it (its current cycle is later). Of those, only the ones that matter: a
 * yearly-or-longer cycle, or an amount of at least `minAmounts` of its currency (the least that reaches the review
 * threshold in the base currency; currencies not in it have no rate, so only the cycle can tell).
 */
function upForReview(db: Kysely<Database>, workspaceId: number, today: string, minAmounts: ReadonlyMap<string, number>) {
  return db
    .selectFrom('expenses')
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where('auto_renew', '=', 1)
    .where('status', 'in', ['active', 'trial'])
    .where((eb) => {
      const matters = YEARLY_OR_LONGER.map(([unit, every]) => eb.and([eb('cycle_unit', '=', unit), eb('cycle_every', '>=', every)]));
      if (minAmounts.size > 0) {
        const [first, ...rest] = [...minAmounts];
        let least = eb.case('currency').when(first![0]).then(first![1]);
        for (const [currency, min] of rest) least = least.when(currency).then(min);
        matters.push(eb('amount_minor', '>=', least.end()));
      }
      // A contract's end matters whatever it costs.
      matters.push(eb('id', 'in', underContract(eb)));
      return eb.or(matters);
    })
    .where((eb) =>
      eb.or([
        eb('renewal_date', '<', today),
        // Under a contract the review is of its end, which may lie beyond the next renewal (issue 13).
        eb('id', 'in', eb.selectFrom('contracts').select('expense_id').where('ended_on', 'is', null).where('end_date', '<=', addDays(today, NOTICE_WINDOWS.at(-1)! + REVIEW_WEEK))),
        ...NOTICE_WINDOWS.map((bound, i) =>
          eb.and([
            i === 0 ? eb.or([eb('notice_period_days', 'is', null), eb('notice_period_days', '<=', bound)]) : eb.and([eb('notice_period_days', '>', NOTICE_WINDOWS[i - 1]!), eb('notice_period_days', '<=', bound)]),
            eb('renewal_date', '<=', addDays(today, bound + REVIEW_WEEK)),
          ]),
        ),
      ]),
    );
}

/**
 * Rows on their current renewal (not passed) with nothing logged for it and no contract: for those, whether the
 * review is due follows from their notice period, lead days and renewal date alone, so they can be counted by group.
 * (A trial that has ended is on the same renewal: every row up for review renews by itself, so the trial's end only
 * makes it active.)
 */
function storedAndUndecided(eb: ExpenseWhere, today: string) {
  return eb.and([
    eb('renewal_date', '>=', today),
    eb('id', 'not in', underContract(eb)),
    eb.not(eb.exists(eb.selectFrom('review_decisions as d').select('d.id').whereRef('d.expense_id', '=', 'expenses.id').whereRef('d.renewal_date', '=', 'expenses.renewal_date'))),
  ]);
}

const REVIEW_COLUMNS = ['id', 'user_id', 'name', 'amount_minor', 'currency', 'cycle_unit', 'cycle_every', 'anchor_day', 'renewal_date', 'status', 'trial_ends_on', 'auto_renew', 'notice_period_days', 'reminder_days', 'reminder_sent', 'cancelled_at', 'deleted_at', 'seats', 'seat_price_minor', 'url'] as const;

/** The plans whose review may be open on `today` (see upForReview), with what deciding and listing them needs. */
export function expensesUpForReview(db: Kysely<Database>, workspaceId: number, today: string, minAmounts: ReadonlyMap<string, number>) {
  return upForReview(db, workspaceId, today, minAmounts).select(REVIEW_COLUMNS).execute();
}

/**
 * Of the plans up for review, those that cannot be counted by group (see storedAndUndecided), looked at one by one:
 * renewals the sweep has not rolled, and renewals with a log entry or under a contract, found from the workspace's
 * log and the contracts (short beside its subscriptions) rather than by a probe per plan.
 */
export async function expensesUpForReviewOneByOne(db: Kysely<Database>, workspaceId: number, today: string, minAmounts: ReadonlyMap<string, number>) {
  const [behind, decided] = await Promise.all([
    upForReview(db, workspaceId, today, minAmounts).where('renewal_date', '<', today).select(REVIEW_COLUMNS).execute(),
    upForReview(db, workspaceId, today, minAmounts)
      .where('renewal_date', '>=', today)
      .where((eb) => eb.or([eb('id', 'in', eb.selectFrom('review_decisions').select('expense_id').where('workspace_id', '=', workspaceId).where('renewal_date', '>=', today)), eb('id', 'in', underContract(eb))]))
      .where((eb) => eb.not(storedAndUndecided(eb, today)))
      .select(REVIEW_COLUMNS)
      .execute(),
  ]);
  return [...behind, ...decided];
}

/**
 * The rest of the plans up for review, counted and summed by what decides whether their review is due (notice
 * period, lead days, renewal date) and what converts their cost (currency, cycle). Sums as text: exact at any size.
 */
export async function reviewGroups(db: Kysely<Database>, workspaceId: number, today: string, minAmounts: ReadonlyMap<string, number>) {
  const rows = await upForReview(db, workspaceId, today, minAmounts)
    .where((eb) => storedAndUndecided(eb, today))
    .select((eb) => ['notice_period_days', 'reminder_days', 'renewal_date', 'currency', 'cycle_unit', 'cycle_every', eb.fn.countAll<number | string>().as('n'), sql<string>`cast(sum(amount_minor) as text)`.as('total')])
    .groupBy(['notice_period_days', 'reminder_days', 'renewal_date', 'currency', 'cycle_unit', 'cycle_every'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n), total: BigInt(r.total) }));
}

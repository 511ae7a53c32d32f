import type { Kysely } from 'kysely';
import type { RenewalReview, ReviewLogEntry } from '../../common/contract/reviews';
import { bigMinorToMajor, minorToMajor, parseMajorAmount } from '../../common/domain/money';
import { type Rational, roundToInteger } from '../../common/domain/rational';
import type { BillingCycle } from '../../common/domain/billing-cycles';
import { DEFAULT_REVIEW_THRESHOLD, type ReviewTiming, renewalMatters, reviewOpensAt, reviewTiming } from '../../common/domain/renewal-review';
import { daysLeft } from '../../common/domain/reminder-plan';
import { expensesUpForReview, expensesUpForReviewOneByOne, reviewGroups } from '../db/repositories/expense-reviews';
import { usernamesOf } from '../db/repositories/users';
import { type NewReviewDecisionRow, type ReviewDecisionRow, latestDecisionsOf } from '../db/repositories/review-decisions';
import { reviewThresholdOf } from '../db/repositories/review-settings';
import { contractsOf } from '../db/repositories/contracts';
import type { Database } from '../db/schema';
import { type ContractTerms, contractOn, isRunning } from '../../common/domain/contracts';
import { type AccountContext, parseLeadDays } from './account-settings';
import { currentCycle } from './current-cycle';
import { cycleOf } from './expense-rows';
import { ExactSum } from './exact-sum';
import { times } from './money-view';
import { rollsForward } from './renewals';

// Where each renewal review stands, read without writing (ARCHITECTURE rule 9): a review is open from its opening
// instant through its last day to cancel, unless the latest log entry of that renewal decided it.

/** Entries after which a renewal's review is still open. */
const STILL_OPEN = new Set<ReviewDecisionRow['action']>(['reopen', 'negotiate']);

/** The workspace's threshold in minor units of the base currency (the default: 100 of it). */
export async function thresholdMinor(db: Kysely<Database>, account: Pick<AccountContext, 'workspaceId' | 'baseCurrency'>): Promise<number> {
  const stored = await reviewThresholdOf(db, account.workspaceId);
  if (stored !== null) return stored;
  const parsed = parseMajorAmount(DEFAULT_REVIEW_THRESHOLD, account.baseCurrency);
  return parsed.ok ? parsed.minor : DEFAULT_REVIEW_THRESHOLD;
}

/** What a review needs of its subscription (a stored row with its owner's name has it all). */
export type ReviewRow = Awaited<ReturnType<typeof expensesUpForReview>>[number] & { owner_name: string };

/** A subscription in its current cycle with its review's dates, when that renewal matters. */
export interface Reviewable {
  row: ReviewRow;
  timing: ReviewTiming;
}

/** Opening instants by day, time of day and zone: many reviews open on the same day, and zone arithmetic is slow. */
const openings = new Map<string, Date>();
const MAX_OPENINGS = 2000;

/** The instant the review opens. */
export function opensAtOf(item: Pick<Reviewable, 'timing'>, account: AccountContext): Date {
  const key = `${item.timing.opens_on}|${account.timeOfDay}|${account.timeZone}`;
  let at = openings.get(key);
  if (at === undefined) {
    if (openings.size >= MAX_OPENINGS) openings.clear();
    openings.set(key, (at = reviewOpensAt(item.timing, account.timeOfDay, account.timeZone)));
  }
  return at;
}

/** Whether today lies within the review's days (its opening day, up to its last day to cancel). */
function withinDays(item: Pick<Reviewable, 'timing'>, account: AccountContext): boolean {
  return item.timing.opens_on <= account.today && account.today <= item.timing.last_day;
}

/** Whether the review is open now, decided or not: within its days, and on its opening day from the reminders' time. */
function isOpen(timing: ReviewTiming, account: AccountContext): boolean {
  if (!withinDays({ timing }, account)) return false;
  return timing.opens_on !== account.today || account.now.getTime() >= opensAtOf({ timing }, account).getTime();
}

/**
 * The review of this subscription's current renewal, if it is one that matters; null otherwise. Under a running
 * contract the renewal to decide is the contract's end (every one matters: it commits to another term), and a
 * contract that ends by itself leaves nothing to decide.
 */
export function reviewableOf(stored: ReviewRow, account: AccountContext, threshold: number, contract?: ContractTerms): Reviewable | null {
  const row = currentCycle(stored, account.today, account.now.toISOString());
  if (row.deleted_at !== null || !rollsForward(row.status, row.auto_renew === 1)) return null;
  const binding = contract === undefined ? null : contractOn(contract, account.today);
  if (binding !== null && isRunning(binding, account.today)) {
    if (binding.end_action === 'end') return null;
    const timing = reviewTiming(binding.end_date, row.notice_period_days, parseLeadDays(row.reminder_days) ?? account.defaultDays);
    return timing === null ? null : { row, timing };
  }
  if (!renewalMatters(cycleOf(row), account.money.baseMinor(row.amount_minor, row.currency), threshold)) return null;
  const timing = reviewTiming(row.renewal_date, row.notice_period_days, parseLeadDays(row.reminder_days) ?? account.defaultDays);
  if (timing === null) return null;
  return { row, timing };
}

/** Whether the review is open now: opened, its last day not passed, and not decided. */
export function isDue(item: Reviewable, latest: ReviewDecisionRow | undefined, account: AccountContext): boolean {
  return isOpen(item.timing, account) && (latest === undefined || STILL_OPEN.has(latest.action));
}

export const cycleKey = (expenseId: number, renewalDate: string) => `${expenseId}|${renewalDate}`;

export interface DueReview extends Reviewable {
  latest: ReviewDecisionRow | undefined;
}

/**
 * For each currency with a rate, the least amount in its minor units whose charge reaches the threshold in the base
 * currency as reviewableOf rounds it (rounding is monotone in the amount). a × rate rounds to at least the threshold
 * only when a × rate ≥ threshold − ½, so no amount under (threshold − 1) / rate does; the least one lies within
 * 2 / rate above that, found by bisection. Past any amount JavaScript holds exactly: no charge matters by amount.
 */
export function minimumAmounts(account: Pick<AccountContext, 'rates' | 'money'>, threshold: number): Map<string, number> {
  const least = new Map<string, number>();
  const reaches = (amount: bigint, factor: Rational) => roundToInteger(times(amount, factor)) >= BigInt(threshold);
  for (const currency of account.rates.keys()) {
    const factor = account.money.toBaseFactor(currency);
    if (factor === null || factor.num <= 0n) continue;
    let lo = threshold <= 1 ? 0n : (BigInt(threshold - 1) * factor.den) / factor.num;
    let hi = lo + (2n * factor.den) / factor.num + 2n;
    while (hi - lo > 0n) {
      const mid = (lo + hi) / 2n;
      if (reaches(mid, factor)) hi = mid;
      else lo = mid + 1n;
    }
    least.set(currency, lo > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(lo));
  }
  return least;
}

/** Of these candidates, the reviews open now, with their latest log entries; owners' names only when asked. */
async function dueOf(db: Kysely<Database>, account: AccountContext, threshold: number, rows: readonly Omit<ReviewRow, 'owner_name'>[], withOwners: boolean): Promise<DueReview[]> {
  const contracts = await contractsOf(db, account.workspaceId, rows.map((row) => row.id));
  const candidates = rows.map((row) => reviewableOf({ ...row, owner_name: '' }, account, threshold, contracts.get(row.id))).filter((r): r is Reviewable => r !== null && withinDays(r, account));
  const [latest, owners] = await Promise.all([latestDecisionsOf(db, candidates.map((c) => c.row.id)), withOwners ? usernamesOf(db, [...new Set(candidates.map((c) => c.row.user_id))]) : new Map<number, string>()]);
  for (const c of candidates) c.row.owner_name = owners.get(c.row.user_id) ?? '';
  return candidates.map((c) => ({ ...c, latest: latest.get(cycleKey(c.row.id, c.timing.renewal_date)) })).filter((c) => isDue(c, c.latest, account));
}

/** The workspace's renewals due for a decision now, by last day to act (then name). */
export async function dueReviews(db: Kysely<Database>, account: AccountContext): Promise<DueReview[]> {
  const threshold = await thresholdMinor(db, account);
  const rows = await expensesUpForReview(db, account.workspaceId, account.today, minimumAmounts(account, threshold));
  return (await dueOf(db, account, threshold, rows, true)).sort((a, b) => a.timing.last_day.localeCompare(b.timing.last_day) || a.row.name.localeCompare(b.row.name) || a.row.id - b.row.id);
}

/** One renewal's yearly cost in minor units of its own currency (exact, rounded once). */
function yearlyMinor(row: ReviewRow, account: AccountContext): bigint {
  return roundToInteger(times(row.amount_minor * 12, account.money.monthlyFactor(cycleOf(row))));
}

export function reviewJson(item: DueReview, account: AccountContext, canDecide: boolean): RenewalReview {
  const { row, timing, latest } = item;
  const cycle = cycleOf(row);
  const monthlyBase = account.money.monthlyBaseFactor(row.currency, cycle);
  const negotiating = latest?.action === 'negotiate';
  return {
    expense_id: row.id,
    name: row.name,
    owner_id: row.user_id,
    owner_name: row.owner_name,
    renewal_date: timing.renewal_date,
    last_day: timing.last_day,
    opens_on: timing.opens_on,
    opens_at: opensAtOf(item, account).toISOString(),
    days_left: daysLeft(timing.last_day, account.today),
    amount: minorToMajor(row.amount_minor, row.currency),
    currency: row.currency,
    billing_cycle: cycle,
    seats: row.seats,
    seat_price: row.seat_price_minor === null ? null : minorToMajor(row.seat_price_minor, row.currency),
    yearly_cost: bigMinorToMajor(yearlyMinor(row, account), row.currency),
    yearly_cost_base: monthlyBase === null ? null : bigMinorToMajor(roundToInteger(times(row.amount_minor * 12, monthlyBase)), account.baseCurrency),
    url: row.url,
    state: negotiating ? 'negotiating' : 'open',
    note: negotiating ? latest.note : null,
    follow_up_on: negotiating ? latest.follow_up_on : null,
    can_decide: canDecide,
  };
}

export interface DueSummary {
  count: number;
  /** The due reviews' yearly cost in the base currency, summed exactly and rounded once. */
  total: number;
  /** Due reviews whose currency has no rate (not in the total). */
  unconverted: number;
}

/**
 * How many reviews are due and their yearly cost, as dueReviews would list them, without loading every
 * due plan: the plans that stand as stored with nothing logged for their renewal are read as groups (all of a group
 * is due or none is), the rest one by one.
 */
export async function dueSummary(db: Kysely<Database>, account: AccountContext): Promise<DueSummary> {
  const threshold = await thresholdMinor(db, account);
  const least = minimumAmounts(account, threshold);
  const [groups, oneByOne] = await Promise.all([
    reviewGroups(db, account.workspaceId, account.today, least),
    expensesUpForReviewOneByOne(db, account.workspaceId, account.today, least).then((rows) => dueOf(db, account, threshold, rows, false)),
  ]);
  const stake = new StakeSum(account);
  for (const { row } of oneByOne) stake.add(BigInt(row.amount_minor), row.currency, cycleOf(row), 1);
  for (const g of groups) {
    const timing = reviewTiming(g.renewal_date, g.notice_period_days, parseLeadDays(g.reminder_days) ?? account.defaultDays);
    if (timing !== null && isOpen(timing, account)) stake.add(g.total, g.currency, { unit: g.cycle_unit, every: g.cycle_every }, g.n);
  }
  return stake.result();
}

/** Yearly costs in the base currency, summed exactly and rounded once, and how many had no rate. */
class StakeSum {
  private readonly sum = new ExactSum();
  private unconverted = 0;
  private count = 0;
  constructor(private readonly account: AccountContext) {}

  /** `n` reviews whose charges add up to `amountMinor` of `currency`, every `cycle`. */
  add(amountMinor: bigint, currency: string, cycle: BillingCycle, n: number): void {
    this.count += n;
    const factor = this.account.money.monthlyBaseFactor(currency, cycle);
    if (factor === null) this.unconverted += n;
    else this.sum.add(amountMinor, `${currency}:${cycle.unit}:${cycle.every}`, factor);
  }

  result(): DueSummary {
    return { count: this.count, total: bigMinorToMajor(roundToInteger(this.sum.times(12)), this.account.baseCurrency), unconverted: this.unconverted };
  }
}

export type LogRow = ReviewDecisionRow & { expense_name: string; user_name: string | null };

export function logEntryJson(row: LogRow, current: boolean, account: AccountContext): ReviewLogEntry {
  const savingBase = account.money.baseMinor(row.saving_minor, row.currency);
  return {
    id: row.id,
    expense_id: row.expense_id,
    name: row.expense_name,
    renewal_date: row.renewal_date,
    last_day: row.last_day,
    action: row.action,
    user_id: row.user_id,
    user_name: row.user_name,
    note: row.note,
    follow_up_on: row.follow_up_on,
    amount_before: minorToMajor(row.amount_before_minor, row.currency),
    amount_after: minorToMajor(row.amount_after_minor, row.currency),
    seats_before: row.seats_before,
    seats_after: row.seats_after,
    currency: row.currency,
    saving: minorToMajor(row.saving_minor, row.currency),
    saving_base: savingBase === null ? null : bigMinorToMajor(savingBase, account.baseCurrency),
    effective_on: row.effective_on,
    applied: row.applied_at !== null && row.effective_on !== null,
    current,
    created_at: row.created_at,
  };
}

/** A log entry that changes no price (a reopen, a renewal nobody reviewed): the amount and seats as they stand. */
export function unchangedEntry(
  at: Pick<NewReviewDecisionRow, 'workspace_id' | 'renewal_date' | 'last_day' | 'user_id' | 'action' | 'created_at'>,
  row: { id: number; currency: string; amount_minor: number; seats: number | null },
): NewReviewDecisionRow {
  return {
    ...at,
    expense_id: row.id,
    note: null,
    follow_up_on: null,
    currency: row.currency,
    amount_before_minor: row.amount_minor,
    amount_after_minor: row.amount_minor,
    seats_before: row.seats,
    seats_after: row.seats,
    seat_price_after_minor: null,
    effective_on: null,
    applied_at: null,
  };
}

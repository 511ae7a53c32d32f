import type { Kysely } from 'kysely';
import type { ReviewDecideInput } from '../../common/contract/reviews';
import { bigMinorToMajor, minorToMajor, minorToMajorString } from '../../common/domain/money';
import { realisedSaving } from '../../common/domain/renewal-review';
import { zonedTimeToInstant } from '../../common/domain/zoned-time';
import { AppError, type FieldErrors } from '../../common/errors';
import { summarize } from '../../common/contract/validate';
import type { Ports, SignedInContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { type ExpenseWithCategory, findLiveExpense, mayChangeExpense, updateExpense } from '../db/repositories/expenses';
import { type NewReviewDecisionRow, insertReviewDecision, latestDecisionsOf, reviewEntry, reviewLog, withdrawDecision } from '../db/repositories/review-decisions';
import { setReviewThreshold } from '../db/repositories/review-settings';
import { contractsOf } from '../db/repositories/contracts';
import { contractOn } from '../../common/domain/contracts';
import type { Database } from '../db/schema';
import { type AccountContext, loadAccount } from './account-settings';
import { moneyFor } from './expense-changes';
import { cycleOf, notFound } from './expense-rows';
import { type DueReview, type LogRow, cycleKey, dueReviews, dueSummary, isDue, logEntryJson, opensAtOf, reviewJson, reviewableOf, thresholdMinor, unchangedEntry } from './review-state';

// Renewal reviews (issue 13): the list of renewals due for a decision, the decisions themselves and their log. The
// door lets members in; a member decides only the subscriptions they own, admins and owners any (the repository's
// member-owns-the-row rule), viewers read.

const DEFAULT_LOG_LIMIT = 200;

function fail(fields: FieldErrors): never {
  throw new AppError('validation', summarize(fields), fields);
}

const money = (minor: number, currency: string) => `${currency} ${minorToMajorString(minor, currency)}`;

/** The subscription (404 when this workspace has none such), once the caller may decide its review (403). */
async function mustDecide(db: Kysely<Database>, ctx: SignedInContext, id: number): Promise<ExpenseWithCategory> {
  const row = await findLiveExpense(db, ctx.workspaceId, id);
  if (!row) throw notFound(id);
  if (!(await mayChangeExpense(db, ctx, ctx.workspaceId, id))) {
    throw new AppError('forbidden', `Only the owner of subscription ${id} or an admin can decide its renewal review; you are a member who does not own it`);
  }
  return row;
}

/** The open review of this subscription's renewal on `renewalDate`, or the reason there is none, in words. */
async function openReview(trx: Kysely<Database>, account: AccountContext, row: ExpenseWithCategory, renewalDate: string): Promise<DueReview> {
  const id = row.id;
  const item = reviewableOf(row, account, await thresholdMinor(trx, account), (await contractsOf(trx, account.workspaceId, [id])).get(id));
  if (item === null) throw new AppError('conflict', `"${row.name}" has no renewal up for review: only active plans that renew by themselves, yearly or from the review amount, are reviewed`);
  if (item.timing.renewal_date !== renewalDate) {
    throw new AppError('conflict', `"${row.name}" renews on ${item.timing.renewal_date} now, not on ${renewalDate}: reload the review`, { renewal_date: `The review is of the renewal on ${item.timing.renewal_date}` });
  }
  const latest = (await latestDecisionsOf(trx, [id])).get(cycleKey(id, renewalDate));
  if (!isDue(item, latest, account)) {
    if (account.today > item.timing.last_day) throw new AppError('conflict', `The last day to cancel "${row.name}" before its renewal on ${renewalDate} was ${item.timing.last_day}: it can no longer be reviewed`);
    if (account.now.getTime() < opensAtOf(item, account).getTime()) throw new AppError('conflict', `The review of "${row.name}" opens on ${item.timing.opens_on}`);
    throw new AppError('conflict', `The review of "${row.name}" for ${renewalDate} was already decided (${latest!.action}): reopen it to decide again`);
  }
  return { ...item, latest };
}

interface Change {
  amountAfter: number;
  seatsAfter: number | null;
  seatPriceAfter: number | null;
}

/** A downgrade's new price: the amount and/or seats asked for, priced the subscription's way. */
function downgradeOf(item: DueReview, input: ReviewDecideInput, account: AccountContext): Change {
  const { row } = item;
  const fields: FieldErrors = {};
  if (input.amount === undefined && input.seats === undefined) fail({ amount: 'A downgrade needs a new amount or a new number of seats' });
  const amount = input.amount === undefined ? undefined : moneyFor(input.amount, row.currency, account, fields, 'amount');
  if (fields.amount) fail({ amount: fields.amount.replace(/^Amount/, 'New amount') });
  const perSeat = row.seats !== null && row.seat_price_minor !== null;
  if (!perSeat) {
    if (input.seats !== undefined) fail({ seats: `"${row.name}" is not priced per seat: give its new amount instead` });
    return check(row, { amountAfter: amount!, seatsAfter: null, seatPriceAfter: null });
  }
  const seats = input.seats ?? row.seats!;
  let seatPrice = row.seat_price_minor!;
  if (amount !== undefined) {
    if (amount % seats !== 0) fail({ amount: `New amount must split evenly over ${seats} seats (it is priced per seat)` });
    seatPrice = amount / seats;
  }
  return check(row, { amountAfter: seats * seatPrice, seatsAfter: seats, seatPriceAfter: seatPrice });
}

function check(row: DueReview['row'], change: Change): Change {
  if (change.amountAfter >= row.amount_minor) {
    fail({ [change.seatsAfter !== null && change.amountAfter !== row.amount_minor ? 'seats' : 'amount']: `A downgrade must cost less than today's ${money(row.amount_minor, row.currency)} per renewal (it would be ${money(change.amountAfter, row.currency)})` });
  }
  return change;
}

/** Fields the action does not take are refused, not ignored. */
function refuseExtra(input: ReviewDecideInput): void {
  const fields: FieldErrors = {};
  if (input.action !== 'downgrade') {
    if (input.amount !== undefined) fields.amount = 'Only a downgrade takes a new amount';
    if (input.seats !== undefined) fields.seats = 'Only a downgrade takes a number of seats';
  }
  if (input.action !== 'negotiate' && input.follow_up_on !== undefined) fields.follow_up_on = 'Only a negotiation takes a follow-up date';
  if (input.action === 'negotiate') {
    if (input.note === null) fields.note = 'Note is required: what are you negotiating?';
    if (input.follow_up_on === undefined) fields.follow_up_on = 'Follow-up date is required (YYYY-MM-DD)';
  }
  if (Object.keys(fields).length > 0) fail(fields);
}

export function reviewHandlers(ports: Ports): HandlersFor<'reviews'> {
  const { db, clock, reminders } = ports;
  const account = (ctx: SignedInContext) => loadAccount(db, clock, ctx);

  /** Log rows as JSON, each told whether it is still its renewal's latest entry. */
  async function entriesJson(rows: LogRow[], acc: AccountContext) {
    const latest = await latestDecisionsOf(db, [...new Set(rows.map((r) => r.expense_id))]);
    return rows.map((r) => logEntryJson(r, latest.get(cycleKey(r.expense_id, r.renewal_date))?.id === r.id, acc));
  }

  /** The entry just written (the latest of its renewal). */
  async function entryOf(trx: Kysely<Database>, acc: AccountContext, id: number) {
    return logEntryJson(await reviewEntry(trx, acc.workspaceId, id), true, acc);
  }

  return {
    async 'reviews.list'(ctx) {
      const acc = await account(ctx);
      const due = await dueReviews(db, acc);
      const mine = new Set(ctx.role === 'member' ? due.filter((d) => d.row.user_id === ctx.userId).map((d) => d.row.id) : []);
      const canDecide = (d: DueReview) => ctx.role === 'admin' || ctx.role === 'owner' || mine.has(d.row.id);
      return { reviews: due.map((d) => reviewJson(d, acc, canDecide(d))), base_currency: acc.baseCurrency };
    },

    async 'reviews.summary'(ctx) {
      const acc = await account(ctx);
      const due = await dueSummary(db, acc);
      const year = Number(acc.today.slice(0, 4));
      const since = zonedTimeToInstant(`${acc.today.slice(0, 4)}-01-01`, '00:00', acc.timeZone).toISOString();
      const logRows = await reviewLog(db, acc.workspaceId, Number.MAX_SAFE_INTEGER, since);
      const decisions = (await entriesJson(logRows, acc)).filter((e) => e.current && (e.action === 'cancel' || e.action === 'downgrade'));
      const counted = new Set(decisions.map((d) => d.id));
      let savedMinor = 0n;
      for (const row of logRows) if (counted.has(row.id)) savedMinor += acc.money.baseMinor(row.saving_minor, row.currency) ?? 0n;
      return {
        base_currency: acc.baseCurrency,
        due_count: due.count,
        yearly_at_stake: due.total,
        unconverted_count: due.unconverted,
        year,
        saved_this_year: bigMinorToMajor(savedMinor, acc.baseCurrency),
        decisions,
        threshold: minorToMajor(await thresholdMinor(db, acc), acc.baseCurrency),
      };
    },

    async 'reviews.log'(ctx, input) {
      const acc = await account(ctx);
      return { entries: await entriesJson(await reviewLog(db, acc.workspaceId, input.limit ?? DEFAULT_LOG_LIMIT), acc) };
    },

    async 'reviews.decide'(ctx, input) {
      const acc = await account(ctx);
      refuseExtra(input);
      const now = acc.now.toISOString();
      const entry = await db.transaction().execute(async (trx) => {
        const item = await openReview(trx, acc, await mustDecide(trx, ctx, input.id), input.renewal_date);
        const { row, timing } = item;
        if (input.action === 'negotiate' && (input.follow_up_on! < acc.today || input.follow_up_on! > timing.last_day)) {
          fail({ follow_up_on: `Follow-up date must be between today (${acc.today}) and the last day to cancel (${timing.last_day})` });
        }
        const change: Change =
          input.action === 'downgrade'
            ? downgradeOf(item, input, acc)
            : { amountAfter: input.action === 'cancel' ? 0 : row.amount_minor, seatsAfter: input.action === 'cancel' ? null : row.seats, seatPriceAfter: null };
        const changes = input.action === 'cancel' || input.action === 'downgrade';
        const decision: NewReviewDecisionRow = {
          workspace_id: ctx.workspaceId,
          expense_id: row.id,
          renewal_date: timing.renewal_date,
          last_day: timing.last_day,
          user_id: ctx.userId,
          action: input.action,
          note: input.note,
          follow_up_on: input.action === 'negotiate' ? input.follow_up_on! : null,
          currency: row.currency,
          amount_before_minor: row.amount_minor,
          amount_after_minor: change.amountAfter,
          seats_before: row.seats,
          seats_after: change.seatsAfter,
          seat_price_after_minor: change.seatPriceAfter,
          saving_minor: realisedSaving({
            action: input.action,
            renewal_date: timing.renewal_date,
            cycle: cycleOf(row),
            anchor_day: row.anchor_day,
            decided_on: acc.today,
            amount_before_minor: row.amount_minor,
            amount_after_minor: change.amountAfter,
          }),
          effective_on: changes ? timing.renewal_date : null,
          applied_at: null,
          created_at: now,
        };
        const id = await insertReviewDecision(trx, decision);
        // Cancelled: it will not renew (the sweep marks it cancelled on the renewal date), and its reminders stop. Under
        // a contract the renewals of its term still happen: it keeps renewing until the contract's end, cancelled there.
        const contract = (await contractsOf(trx, ctx.workspaceId, [row.id])).get(row.id);
        const atContractEnd = contract !== undefined && contract.ended_on === null && contractOn(contract, acc.today).end_date === timing.renewal_date;
        if (input.action === 'cancel' && !atContractEnd) await updateExpense(trx, ctx.workspaceId, row.id, { auto_renew: 0, updated_at: now });
        // Replanned on every decision: a negotiation's follow-up gets its reminder, any later decision takes it away.
        await reminders.expensesChanged(trx, ctx.workspaceId, [row.id]);
        return entryOf(trx, acc, id);
      });
      reminders.rearm();
      return { entry };
    },

    async 'reviews.setThreshold'(ctx, input) {
      const acc = await account(ctx);
      let minor: number | null = null;
      if (input.threshold !== null) {
        const fields: FieldErrors = {};
        const parsed = moneyFor(input.threshold, acc.baseCurrency, acc, fields, 'amount');
        if (parsed === undefined) fail({ threshold: (fields.amount ?? 'Review amount must be a number').replace(/^Amount/, 'Review amount') });
        minor = parsed;
      }
      await setReviewThreshold(db, ctx.workspaceId, minor, acc.now.toISOString());
      return { threshold: minorToMajor(await thresholdMinor(db, acc), acc.baseCurrency), base_currency: acc.baseCurrency };
    },

    async 'reviews.reopen'(ctx, input) {
      const acc = await account(ctx);
      const now = acc.now.toISOString();
      let cancelled = false;
      const entry = await db.transaction().execute(async (trx) => {
        const row = await mustDecide(trx, ctx, input.id);
        const latest = (await latestDecisionsOf(trx, [row.id])).get(cycleKey(row.id, input.renewal_date));
        if (!latest || !['keep', 'downgrade', 'cancel'].includes(latest.action)) {
          throw new AppError('conflict', `The review of "${row.name}" for ${input.renewal_date} has no decision to reopen`);
        }
        if (latest.applied_at !== null || acc.today > latest.last_day) {
          throw new AppError('conflict', `The decision on "${row.name}" can no longer be reopened: its last day to cancel (${latest.last_day}) has passed`);
        }
        await withdrawDecision(trx, latest.id, now);
        cancelled = latest.action === 'cancel';
        if (cancelled) {
          await updateExpense(trx, ctx.workspaceId, row.id, { auto_renew: 1, updated_at: now });
          await reminders.expensesChanged(trx, ctx.workspaceId, [row.id]);
        }
        const id = await insertReviewDecision(
          trx,
          unchangedEntry({ workspace_id: ctx.workspaceId, renewal_date: latest.renewal_date, last_day: latest.last_day, user_id: ctx.userId, action: 'reopen', created_at: now }, row),
        );
        return entryOf(trx, acc, id);
      });
      if (cancelled) reminders.rearm();
      return { entry };
    },
  };
}

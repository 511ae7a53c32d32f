import type { Kysely } from 'kysely';
import type { BillingCycle } from '../../common/domain/billing-cycles';
import { type IsoDate, todayIn } from '../../common/domain/calendar-date';
import { contractOn } from '../../common/domain/contracts';
import { roundMinor } from '../../common/domain/money';
import { monthlyEquivalent } from '../../common/domain/monthly-equivalent';
import { renewalsPassed } from '../../common/domain/payments';
import { cycleOnOrAfter } from '../../common/domain/reminder-plan';
import type { Ports } from '../core/context';
import { contractsEndedBy, updateContract, workspacesWithContractsEndedBy } from '../db/repositories/contracts';
import { updateExpense } from '../db/repositories/expenses';
import { type NewPaymentRow, insertPayments } from '../db/repositories/payments';
import { insertPriceChanges, priceChangeOf } from '../db/repositories/price-changes';
import { tryLockWorkspaceSweep } from '../db/repositories/sweep-locks';
import { insertReviewDecision, latestDecisionsOf } from '../db/repositories/review-decisions';
import { lastDayToCancel } from '../../common/domain/renewal-review';
import { cycleKey, unchangedEntry } from './review-state';
import { sweepScopes } from '../db/repositories/workspaces';
import type { Database } from '../db/schema';
import { type JobOptions, createTimeSlice, SLICE_MS } from '../jobs/chunks';
import { loadAccountSettings } from './account-settings';

// The sweep's part of fixed-term contracts (issue 13; ARCHITECTURE rule 9: written here, never on a read). On its end
// date a contract does what it said: renews (the end moves on by its renewal months, with a new last day to cancel),
// becomes monthly (the plan charges monthly from the end, a price-history entry when the cycle changes) or ends (the
// plan is cancelled at the end of its paid period and its reminders stop). Each end is applied once: a renewed
// contract's end lies after today, an ended one carries the day it ended.

/** No place's date is later than this zone's: an end date not reached there is reached nowhere yet. */
const EARLIEST_ZONE = 'Pacific/Kiritimati';

type SweepPorts = Pick<Ports, 'db' | 'clock' | 'reminders'>;
type Ended = Awaited<ReturnType<typeof contractsEndedBy>>[number];

const running = (c: Ended) => c.deleted_at === null && (c.status === 'active' || c.status === 'trial' || c.status === 'paused');
const charging = (c: Ended) => c.deleted_at === null && c.auto_renew === 1 && (c.status === 'active' || c.status === 'trial');

/** The payments of the renewals a plan went through before `until` (the sweep had not rolled them yet). */
function paymentsBefore(c: Ended, workspaceId: number, until: IsoDate, at: string): NewPaymentRow[] {
  if (c.status === 'trial' || c.renewal_date >= until) return [];
  return renewalsPassed(c.renewal_date, { unit: c.cycle_unit, every: c.cycle_every }, c.expense_anchor_day, until).map((date) => ({
    workspace_id: workspaceId,
    expense_id: c.expense_id,
    renewal_date: date,
    currency: c.currency,
    expected_minor: c.amount_minor,
    actual_minor: c.amount_minor,
    paid_on: date,
    transaction_id: null,
    recorded_by: null,
    recorded_at: null,
    created_at: at,
    updated_at: at,
  }));
}

/** A contract that renews with its review never decided (nothing, a reopen or a negotiation last) is logged "renewed without review". */
async function logUndecidedEnd(trx: Kysely<Database>, workspaceId: number, c: Ended, at: string): Promise<void> {
  if (!charging(c)) return;
  const lastDay = lastDayToCancel(c.end_date, c.notice_period_days);
  if (lastDay === null) return;
  const last = (await latestDecisionsOf(trx, [c.expense_id])).get(cycleKey(c.expense_id, c.end_date));
  if (last !== undefined && last.action !== 'reopen' && last.action !== 'negotiate') return;
  await insertReviewDecision(trx, unchangedEntry({ workspace_id: workspaceId, renewal_date: c.end_date, last_day: lastDay, user_id: null, action: 'renewed_without_review', created_at: at }, { id: c.expense_id, currency: c.currency, amount_minor: c.amount_minor, seats: c.seats }));
}

/** Applies one contract's end; returns whether the subscription itself changed (its reminders are replanned). */
async function applyEnd(trx: Kysely<Database>, workspaceId: number, c: Ended, today: IsoDate, at: string): Promise<boolean> {
  if (c.end_action === 'renew') {
    // A cancelled or deleted plan's contract is over; a running one binds for another term.
    if (!running(c)) {
      await updateContract(trx, c.expense_id, { ended_on: c.end_date, updated_at: at });
      return false;
    }
    await logUndecidedEnd(trx, workspaceId, c, at);
    await updateContract(trx, c.expense_id, { end_date: contractOn(c, today).end_date, updated_at: at });
    return true;
  }
  await updateContract(trx, c.expense_id, { ended_on: c.end_date, updated_at: at });
  if (!charging(c)) return false;
  const cycle: BillingCycle = { unit: c.cycle_unit, every: c.cycle_every };
  await insertPayments(trx, paymentsBefore(c, workspaceId, c.end_date, at));
  if (c.end_action === 'end') {
    // Paid up to the first renewal on or after the end: that one is not charged.
    const paidUntil = cycleOnOrAfter(c.renewal_date, cycle, c.expense_anchor_day, c.end_date) ?? c.renewal_date;
    await updateExpense(trx, workspaceId, c.expense_id, { status: 'cancelled', trial_ends_on: null, renewal_date: paidUntil, cancelled_at: at, reminder_sent: 0, updated_at: at });
    return true;
  }
  if (c.cycle_unit === 'month' && c.cycle_every === 1) {
    // Already monthly: it simply goes on renewing, now without a minimum term.
    const next = c.renewal_date < c.end_date ? cycleOnOrAfter(c.renewal_date, cycle, c.expense_anchor_day, c.end_date) : null;
    if (next !== null && next !== c.renewal_date) await updateExpense(trx, workspaceId, c.expense_id, { renewal_date: next, reminder_sent: 0, updated_at: at });
    return true;
  }
  // Monthly from the end (or from the renewal already paid for past it), at the plan's monthly equivalent.
  const from = c.renewal_date > c.end_date ? c.renewal_date : c.end_date;
  const perSeat = c.seats !== null && c.seat_price_minor !== null;
  const seatPrice = perSeat ? roundMinor(monthlyEquivalent(c.seat_price_minor!, cycle)) : null;
  const amount = perSeat ? c.seats! * seatPrice! : roundMinor(monthlyEquivalent(c.amount_minor, cycle));
  await updateExpense(trx, workspaceId, c.expense_id, {
    cycle_unit: 'month',
    cycle_every: 1,
    anchor_day: from === c.end_date ? c.anchor_day : c.expense_anchor_day,
    renewal_date: from,
    amount_minor: amount,
    ...(perSeat ? { seat_price_minor: seatPrice } : {}),
    reminder_sent: 0,
    updated_at: at,
  });
  const change = priceChangeOf(c, { ...c, amount_minor: amount, cycle_unit: 'month', cycle_every: 1 }, { workspace_id: workspaceId, expense_id: c.expense_id, effective_on: from, source: 'update', user_id: null, created_at: at });
  if (change) await insertPriceChanges(trx, [change]);
  return true;
}

/** Applies this workspace's contract ends that have come by `today`, in one transaction; returns the subscriptions changed. */
export async function applyContractEndsIn(ports: SweepPorts, workspaceId: number, today: IsoDate, now: Date): Promise<number[]> {
  return ports.db.transaction().execute(async (trx) => {
    // Another server is sweeping this workspace right now: it applies them.
    if (!(await tryLockWorkspaceSweep(trx, workspaceId))) return [];
    const at = now.toISOString();
    const changed: number[] = [];
    for (const c of await contractsEndedBy(trx, workspaceId, today)) if (await applyEnd(trx, workspaceId, c, today, at)) changed.push(c.expense_id);
    if (changed.length > 0) await ports.reminders.expensesChanged(trx, workspaceId, changed);
    return changed;
  });
}

/** Applies every contract end that has come in its workspace's zone (before renewals roll); returns how many subscriptions changed. */
export async function applyContractEnds(ports: SweepPorts, options: JobOptions = {}): Promise<number> {
  const now = ports.clock.now();
  const workspaces = await workspacesWithContractsEndedBy(ports.db, todayIn(EARLIEST_ZONE, now));
  if (workspaces.length === 0) return 0;
  const owners = new Map((await sweepScopes(ports.db)).map((s) => [s.workspace_id, s.user_id]));
  const slice = createTimeSlice(SLICE_MS, options.clock);
  let changed = 0;
  for (const workspaceId of workspaces) {
    await slice.pause();
    if (options.stopped?.()) break;
    const ownerId = owners.get(workspaceId);
    if (ownerId === undefined) continue;
    const { timeZone } = await loadAccountSettings(ports.db, ports.clock, { workspaceId, userId: ownerId });
    changed += (await applyContractEndsIn(ports, workspaceId, todayIn(timeZone, now), now)).length;
  }
  if (changed > 0) ports.reminders.rearm();
  return changed;
}

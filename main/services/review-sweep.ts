import type { Kysely } from 'kysely';
import { todayIn } from '../../common/domain/calendar-date';
import { renewalMatters, reviewTiming } from '../../common/domain/renewal-review';
import type { Ports } from '../core/context';
import { expenseStateOf, expensesForReviewLog } from '../db/repositories/expense-reviews';
import { updateExpense } from '../db/repositories/expenses';
import { insertPriceChanges, priceChangeOf } from '../db/repositories/price-changes';
import { insertReviewDecision, latestDecisionsOf, markDecisionsApplied, pendingChangesBy } from '../db/repositories/review-decisions';
import { sweepScopes } from '../db/repositories/workspaces';
import { contractsOf } from '../db/repositories/contracts';
import type { Database } from '../db/schema';
import type { Clock } from '../ports';
import { loadAccount, loadAccountSettings, parseLeadDays } from './account-settings';
import { cycleOf } from './expense-rows';
import { type JobOptions, createTimeSlice, SLICE_MS } from '../jobs/chunks';
import { cycleKey, thresholdMinor, unchangedEntry } from './review-state';

// The sweep's part of renewal reviews (ARCHITECTURE rule 9: written here, never on a read). On its renewal date a
// downgrade takes effect and a cancelled plan ends; a renewal that passes with its review undecided is logged
// "renewed without review".

/** No place's date is later than this zone's: a renewal date not reached there is reached nowhere yet. */
const EARLIEST_ZONE = 'Pacific/Kiritimati';
/** Decisions applied per transaction. */
const APPLY_CHUNK = 100;

type SweepPorts = Pick<Ports, 'db' | 'clock' | 'reminders'>;

/** Applies every downgrade and cancellation whose renewal date has come in its workspace's zone; returns how many. */
export async function applyReviewChanges(ports: SweepPorts, options: JobOptions = {}): Promise<number> {
  const now = ports.clock.now();
  const pending = await pendingChangesBy(ports.db, todayIn(EARLIEST_ZONE, now), Number.MAX_SAFE_INTEGER);
  if (pending.length === 0) return 0;
  const owners = new Map((await sweepScopes(ports.db)).map((s) => [s.workspace_id, s.user_id]));
  const slice = createTimeSlice(SLICE_MS, options.clock);
  let applied = 0;
  for (const workspaceId of new Set(pending.map((d) => d.expense_workspace_id))) {
    await slice.pause();
    if (options.stopped?.()) break;
    const ownerId = owners.get(workspaceId);
    if (ownerId === undefined) continue;
    const { timeZone } = await loadAccountSettings(ports.db, ports.clock, { workspaceId, userId: ownerId });
    const today = todayIn(timeZone, now);
    const due = pending.filter((d) => d.expense_workspace_id === workspaceId && d.effective_on !== null && d.effective_on <= today);
    for (let i = 0; i < due.length; i += APPLY_CHUNK) {
      const chunk = due.slice(i, i + APPLY_CHUNK);
      await ports.db.transaction().execute(async (trx) => {
        const updatedAt = now.toISOString();
        const changed: number[] = [];
        for (const d of chunk) {
          const row = await expenseStateOf(trx, workspaceId, d.expense_id);
          if (!row || row.deleted_at !== null) continue;
          // A plan turned back on by hand since (auto-renew on again) is left as the user set it; a contract's end
          // cancelled kept renewing through the term (auto-renew on) and ends now.
          const contract = d.action === 'cancel' ? (await contractsOf(trx, workspaceId, [row.id])).get(row.id) : undefined;
          const contractEnds = contract !== undefined && contract.ended_on === null && contract.end_date === d.renewal_date;
          if (d.action === 'cancel' && (row.auto_renew === 0 || contractEnds) && (row.status === 'active' || row.status === 'trial')) {
            await updateExpense(trx, workspaceId, row.id, { status: 'cancelled', trial_ends_on: null, cancelled_at: updatedAt, updated_at: updatedAt });
            changed.push(row.id);
          }
          if (d.action === 'downgrade') {
            const priced = d.seats_after !== null && d.seat_price_after_minor !== null ? { seats: d.seats_after, seat_price_minor: d.seat_price_after_minor } : {};
            await updateExpense(trx, workspaceId, row.id, { amount_minor: d.amount_after_minor, ...priced, updated_at: updatedAt });
            // In the price history from its renewal date, by whoever decided it.
            const change = priceChangeOf(row, { ...row, amount_minor: d.amount_after_minor, seats: d.seats_after ?? row.seats }, { workspace_id: workspaceId, expense_id: row.id, effective_on: d.effective_on!, source: 'downgrade', user_id: d.user_id, created_at: updatedAt });
            if (change) await insertPriceChanges(trx, [change]);
            changed.push(row.id);
          }
        }
        await markDecisionsApplied(trx, chunk.map((d) => d.id), updatedAt);
        if (changed.length > 0) await ports.reminders.expensesChanged(trx, workspaceId, changed);
      });
      applied += chunk.length;
    }
  }
  if (applied > 0) ports.reminders.rearm();
  return applied;
}

/**
 * Inside the sweep's transaction, before these subscriptions' passed renewals roll forward: each renewal that
 * mattered and whose review was never decided (nothing, a reopen or a negotiation last) is logged "renewed
 * without review".
 */
export async function logUnreviewedRenewals(trx: Kysely<Database>, clock: Clock, workspaceId: number, expenseIds: readonly number[]): Promise<void> {
  if (expenseIds.length === 0) return;
  const rows = await expensesForReviewLog(trx, workspaceId, expenseIds);
  if (rows.length === 0) return;
  const account = await loadAccount(trx, clock, { workspaceId, userId: rows[0]!.user_id });
  const threshold = await thresholdMinor(trx, account);
  const latest = await latestDecisionsOf(trx, rows.map((r) => r.id));
  // Under a running contract a renewal is no decision point: the contract's end is (contract-sweep.ts logs that one).
  const contracts = await contractsOf(trx, workspaceId, rows.map((r) => r.id));
  const createdAt = clock.now().toISOString();
  for (const row of rows) {
    if (contracts.get(row.id)?.ended_on === null) continue;
    if (!renewalMatters(cycleOf(row), account.money.baseMinor(row.amount_minor, row.currency), threshold)) continue;
    const timing = reviewTiming(row.renewal_date, row.notice_period_days, parseLeadDays(row.reminder_days) ?? account.defaultDays);
    if (timing === null) continue;
    const last = latest.get(cycleKey(row.id, row.renewal_date));
    if (last !== undefined && last.action !== 'reopen' && last.action !== 'negotiate') continue;
    await insertReviewDecision(trx, unchangedEntry({ workspace_id: workspaceId, renewal_date: row.renewal_date, last_day: timing.last_day, user_id: null, action: 'renewed_without_review', created_at: createdAt }, row));
  }
}

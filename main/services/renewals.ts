import type { Kysely } from 'kysely';
import { rollForward } from '../../common/domain/billing-cycles';
import { type IsoDate, todayIn } from '../../common/domain/calendar-date';
import { renewalsPassed } from '../../common/domain/payments';
import type { Ports } from '../core/context';
import { workspacesBehind, workspacesWithDeletionsBefore, behindOn, expiredDeletions, purgeDeletions, renewalsPassedAfter, setCycleColumns, trialsEndedAfter } from '../db/repositories/expense-cycles';
import type { ExpenseRow } from '../db/repositories/expenses';
import { type NewPaymentRow, insertPayments } from '../db/repositories/payments';
import { deleteExpiredSessions } from '../db/repositories/sessions';
import { tryLockWorkspaceSweep } from '../db/repositories/sweep-locks';
import { sweepScopes } from '../db/repositories/workspaces';
import type { Database } from '../db/schema';
import { type JobOptions, createTimeSlice, realJobClock, runInChunks, SLICE_MS } from '../jobs/chunks';
import { loadAccountSettings } from './account-settings';
import { cycleOf } from './expense-rows';
import { applyContractEnds } from './contract-sweep';
import { applyReviewChanges, logUnreviewedRenewals } from './review-sweep';

// The sweep (ARCHITECTURE rule 9): renewals that have passed move to their next date, ended trials
// end, deleted rows past the restore window go for good, expired sessions too. It runs at start and
// before every reminder sweep (at least hourly), never on a read: until it reaches a row, reads show
// the row's current cycle (current-cycle.ts). Each account's work runs in bounded chunks (one
// transaction each, the event loop free between them): after weeks away an account can have
// thousands of renewals to roll, each replanned.

/** How long a deleted subscription can be restored before it is purged. */
export const RESTORE_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;
/**
 * Subscriptions purged per transaction (a delete each, their reminders going with them): at most this
 * many, fewer when they cost more than a chunk's time (runInChunks sizes each chunk by the last ones).
 */
export const SWEEP_CHUNK = 25;
/** Subscriptions purged in the first chunk, before anything is known of their cost. */
const SWEEP_FIRST = 8;
/**
 * Subscriptions rolled and replanned per transaction, at most: each replans its reminders (~0.5–1.5 ms
 * of CPU, more for a workspace with many recipients), and a transaction cannot give the event loop
 * back (the connection holds it), so the chunk is sized by time, from ROLL_FIRST up to this.
 */
export const ROLL_CHUNK = 32;
const ROLL_FIRST = 2;
/** No place's date is later than this zone's (UTC+14): a renewal not passed there has passed nowhere yet. */
const EARLIEST_ZONE = 'Pacific/Kiritimati';

type SweepPorts = Pick<Ports, 'db' | 'clock' | 'reminders'>;

/** Only live plans that renew by themselves move forward; paused, cancelled or ending ones keep their date. */
export function rollsForward(status: ExpenseRow['status'], autoRenew: boolean): boolean {
  return autoRenew && (status === 'active' || status === 'trial');
}

/**
 * A trial whose end date has passed is over: it becomes active when it renews by itself, and stops
 * (cancelled) when it does not. The end date goes with the trial. On the end date itself it is still a trial.
 */
export function afterTrial(status: ExpenseRow['status'], trialEndsOn: IsoDate | null, autoRenew: boolean, today: IsoDate): { status: ExpenseRow['status']; trial_ends_on: IsoDate | null } {
  if (status !== 'trial' || trialEndsOn === null || trialEndsOn >= today) return { status, trial_ends_on: trialEndsOn };
  return { status: autoRenew ? 'active' : 'cancelled', trial_ends_on: null };
}

/** Ends this workspace's passed trials after the cursor (see afterTrial); returns the ids changed. Call inside a transaction. */
async function endTrials(trx: Kysely<Database>, workspaceId: number, today: IsoDate, now: Date, after: number, limit: number): Promise<number[]> {
  const ended = await trialsEndedAfter(trx, workspaceId, today, after, limit);
  const updatedAt = now.toISOString();
  for (const renews of [true, false]) {
    const ids = ended.filter((r) => (r.auto_renew === 1) === renews).map((r) => r.id);
    await setCycleColumns(trx, ids, renews ? { status: 'active', trial_ends_on: null, updated_at: updatedAt } : { status: 'cancelled', trial_ends_on: null, cancelled_at: updatedAt, updated_at: updatedAt });
  }
  return ended.map((r) => r.id);
}

/** Where a sweep of one workspace stands: the highest ids looked at (a renewal that cannot move is passed over). */
interface SweepCursor {
  trials: number;
  renewals: number;
}

/**
 * One chunk of the sweep: ends up to `limit` passed trials, then rolls up to `limit` passed renewals to
 * the first date on or after `today`, and replans them, in one transaction. Returns the ids changed
 * and whether more may be left; moves the cursor.
 */
async function sweepChunk(ports: SweepPorts, workspaceId: number, today: IsoDate, now: Date, cursor: SweepCursor, limit: number): Promise<{ ids: number[]; more: boolean }> {
  return ports.db.transaction().execute(async (trx) => {
    // Another server is rolling this workspace right now: it carries on, this one moves to the next workspace.
    if (!(await tryLockWorkspaceSweep(trx, workspaceId))) return { ids: [], more: false };
    const trialIds = await endTrials(trx, workspaceId, today, now, cursor.trials, limit);
    const due = await renewalsPassedAfter(trx, workspaceId, today, cursor.renewals, limit);
    cursor.trials = trialIds.at(-1) ?? cursor.trials;
    cursor.renewals = due.at(-1)?.id ?? cursor.renewals;
    const byDate = new Map<IsoDate, number[]>();
    const updatedAt = now.toISOString();
    const payments: NewPaymentRow[] = [];
    for (const row of due) {
      const next = rollForward(row.renewal_date, cycleOf(row), row.anchor_day, today);
      // No renewal left before the calendar's end (9999-12-31): the date stays.
      if (next === null) continue;
      byDate.set(next, [...(byDate.get(next) ?? []), row.id]);
      // Each renewal rolled past was charged at the plan's price (a downgrade due that day was applied before the roll).
      for (const date of renewalsPassed(row.renewal_date, cycleOf(row), row.anchor_day, next)) {
        payments.push({ workspace_id: workspaceId, expense_id: row.id, renewal_date: date, currency: row.currency, expected_minor: row.amount_minor, actual_minor: row.amount_minor, paid_on: date, transaction_id: null, recorded_by: null, recorded_at: null, created_at: updatedAt, updated_at: updatedAt });
      }
    }
    await insertPayments(trx, payments);
    await logUnreviewedRenewals(trx, ports.clock, workspaceId, [...byDate.values()].flat());
    // A new cycle: its reminder has not gone out yet.
    for (const [date, ids] of byDate) await setCycleColumns(trx, ids, { renewal_date: date, reminder_sent: 0, updated_at: updatedAt });
    const ids = [...new Set([...trialIds, ...[...byDate.values()].flat()])];
    if (ids.length > 0) await ports.reminders.expensesChanged(trx, workspaceId, ids);
    return { ids, more: trialIds.length === limit || due.length === limit };
  });
}

/**
 * Ends this workspace's passed trials, then rolls its passed renewals to the first date on or after
 * `today`; returns the ids changed. Chunk by chunk: the event loop turns between them.
 */
export async function sweepAccount(ports: SweepPorts, workspaceId: number, today: IsoDate, now: Date, options: JobOptions = {}): Promise<number[]> {
  // Read-only probes first, so the common case (nothing due) opens no write transaction.
  const behind = await behindOn(ports.db, workspaceId, today);
  if (!behind.renewals && !behind.trials) return [];

  const moved = new Set<number>();
  const cursor: SweepCursor = { trials: 0, renewals: 0 };
  await runInChunks(
    async (limit) => {
      const chunk = await sweepChunk(ports, workspaceId, today, now, cursor, limit);
      for (const id of chunk.ids) moved.add(id);
      return chunk.more;
    },
    { ...options, sizes: { initial: ROLL_FIRST, max: ROLL_CHUNK } },
  );
  if (moved.size > 0) ports.reminders.rearm();
  return [...moved];
}

/** Deletes for good this workspace's subscriptions deleted more than the restore window ago, a chunk at a time. */
export async function purgeAccount(db: Kysely<Database>, workspaceId: number, now: Date, options: JobOptions = {}): Promise<number> {
  const cutoff = restoreCutoff(now);
  let purged = 0;
  await runInChunks(
    async (limit) => {
      const ids = await expiredDeletions(db, workspaceId, cutoff, limit);
      if (ids.length === 0) return false;
      purged += await purgeDeletions(db, workspaceId, ids, cutoff);
      return ids.length === limit;
    },
    { ...options, sizes: { initial: SWEEP_FIRST, max: SWEEP_CHUNK } },
  );
  return purged;
}

function restoreCutoff(now: Date): string {
  return new Date(now.getTime() - RESTORE_WINDOW_DAYS * DAY_MS).toISOString();
}

type SweepScope = { workspace_id: number; user_id: number };

/**
 * Rolls passed renewals forward for one workspace, or for every workspace (each in its first owner's zone),
 * e.g. from a daily job. Returns how many subscriptions moved.
 */
export async function rollForwardDue(ports: SweepPorts, workspaceId?: number, options: JobOptions = {}): Promise<number> {
  const scopes = (await scopesBehind(ports)).filter((s) => workspaceId === undefined || s.workspace_id === workspaceId);
  return rollForwardWorkspaces(ports, scopes, options);
}

/** Only the workspaces with a row behind on the latest date anywhere; each is then checked in its owner's zone. */
async function scopesBehind(ports: SweepPorts): Promise<SweepScope[]> {
  const behind = new Set(await workspacesBehind(ports.db, todayIn(EARLIEST_ZONE, ports.clock.now())));
  if (behind.size === 0) return [];
  return (await sweepScopes(ports.db)).filter((s) => behind.has(s.workspace_id));
}

async function rollForwardWorkspaces(ports: SweepPorts, scopes: SweepScope[], options: JobOptions): Promise<number> {
  let moved = 0;
  // Many workspaces with a little to do each add up too: one slice spans them all.
  const slice = createTimeSlice(SLICE_MS, options.clock);
  for (const { workspace_id: id, user_id: ownerId } of scopes) {
    await slice.pause();
    if (options.stopped?.()) break;
    // The owner's zone is all the roll needs: its "today" (rates and money are for reads).
    const { timeZone } = await loadAccountSettings(ports.db, ports.clock, { workspaceId: id, userId: ownerId });
    const now = ports.clock.now();
    moved += (await sweepAccount(ports, id, todayIn(timeZone, now), now, options)).length;
  }
  return moved;
}

/** Purges, for every workspace, subscriptions deleted more than the restore window ago (run at startup). */
export async function purgeDeletedExpenses(ports: Pick<Ports, 'db' | 'clock'>, options: JobOptions = {}): Promise<number> {
  const now = ports.clock.now();
  let purged = 0;
  const slice = createTimeSlice(SLICE_MS, options.clock);
  // One probe for every workspace: only those with something to purge are visited.
  for (const id of await workspacesWithDeletionsBefore(ports.db, restoreCutoff(now))) {
    await slice.pause();
    if (options.stopped?.()) break;
    purged += await purgeAccount(ports.db, id, now, options);
  }
  return purged;
}

/**
 * The whole sweep, for every workspace: roll renewals forward, end trials, purge expired deletions and
 * expired sessions. The one place any of it is written (at start and before every reminder sweep).
 */
export async function sweepAccounts(ports: SweepPorts, options: JobOptions = {}): Promise<void> {
  const clock = options.clock ?? realJobClock;
  // Each probe reads every workspace's rows once (a few ms at 100k): each gets a turn of its own.
  await clock.yield();
  // Decided downgrades and cancellations first: a plan cancelled for its renewal date must not roll past it.
  await applyReviewChanges(ports, options);
  await clock.yield();
  // Contract ends next, before renewals roll: an ended contract's plan must not roll past its end.
  await applyContractEnds(ports, options);
  await clock.yield();
  const scopes = await scopesBehind(ports);
  await clock.yield();
  await rollForwardWorkspaces(ports, scopes, options);
  await clock.yield();
  await purgeDeletedExpenses(ports, options);
  await clock.yield();
  if (!options.stopped?.()) await deleteExpiredSessions(ports.db, ports.clock.now().toISOString());
}

import type { Kysely } from 'kysely';
import { expenseIdsReceivedBy } from '../db/repositories/expenses';
import {
  type ReminderPlanRow,
  findReplanCursor,
  insertReminderPlans,
  moveReplanCursor,
  pendingReplans,
  plannedZones,
  upsertReminderPlan,
} from '../db/repositories/reminder-plans';
import type { Database } from '../db/schema';
import { type JobClock, createTimeSlice, runInChunks, SLICE_MS } from '../jobs/chunks';
import type { Clock, Logger } from '../ports';
import { effectiveTimeZone } from '../services/account-settings';
import { replanExpenses, type PlanReport } from './planner';

// Replanning the reminders one member receives (new reminder defaults or time of day in a workspace of
// theirs, a new zone; the OS zone moved under a member who follows it) runs in chunks of subscriptions, one transaction each, with the event
// loop free between them. Where it stands lives in reminder_plans, so a replan cut short by a quit
// goes on at the next start; until it is done, that account's reminders wait (see the claim).

/**
 * Subscriptions replanned per transaction, at most: the save that asked for a replan does this many itself
 * (a typical account entirely); the rest go in chunks sized by time (from REPLAN_FIRST up to this).
 */
export const REPLAN_CHUNK = 100;
const REPLAN_FIRST = 8;

export type ReplanReason = NonNullable<ReminderPlanRow['replan_reason']>;

/** Thrown inside a chunk's transaction when another change restarted the replan: the chunk is rolled back. */
export class ReplanRestarted extends Error {
  constructor(userId: number) {
    super(`The replan of account ${userId} was restarted by a newer change`);
  }
}

/** Starts (or restarts from the first subscription) a replan of the account; call inside the transaction that made it necessary. */
export async function requestReplan(trx: Kysely<Database>, userId: number, timeZone: string, reason: ReplanReason, now: Date): Promise<void> {
  await upsertReminderPlan(trx, userId, { time_zone: timeZone, replan_after: 0, replan_reason: reason, updated_at: now.toISOString() });
}

/**
 * Replans the next chunk of the account's replan under way (subscriptions after the cursor, by id).
 * Returns true while more remain. Call inside a transaction: the cursor moves with the rows.
 */
export async function replanNextChunk(trx: Kysely<Database>, clock: Clock, userId: number, report?: PlanReport, limit = REPLAN_CHUNK): Promise<boolean> {
  const after = await findReplanCursor(trx, userId);
  if (after === null || after === undefined) return false;
  const ids = await expenseIdsReceivedBy(trx, userId, after, limit);
  const done = ids.length < limit;
  if (ids.length > 0) {
    const chunk = await replanExpenses(trx, clock, null, ids);
    if (report) for (const key of Object.keys(chunk) as (keyof PlanReport)[]) report[key] += chunk[key];
  }
  const moved = await moveReplanCursor(trx, userId, after, done ? { replan_after: null, replan_reason: null, updated_at: clock.now().toISOString() } : { replan_after: ids.at(-1)!, updated_at: clock.now().toISOString() });
  // Another change restarted the replan meanwhile (another connection): this chunk's work is rolled back.
  if (!moved) throw new ReplanRestarted(userId);
  return !done;
}

export interface PlanKeeperOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  /** Asked between chunks: a stopping scheduler leaves the rest for the next start. */
  stopped: () => boolean;
  /** The clock chunks are timed on (tests); default the real one. */
  jobClock?: JobClock;
}

/**
 * Keeps every account's pending reminders planned for what they should be: notices when the OS zone
 * moved under an account that follows it, then finishes every replan under way, chunk by chunk.
 */
export function createPlanKeeper(options: PlanKeeperOptions) {
  const { db, clock, logger } = options;

  /** An account that follows the OS zone gets a replan when that zone is not the one its reminders were planned in. */
  async function checkTimeZones(): Promise<void> {
    const rows = await plannedZones(db);
    const now = clock.now();
    const firstSeen: { user_id: number; time_zone: string; replan_after: null; replan_reason: null; updated_at: string }[] = [];
    for (const row of rows) {
      const zone = effectiveTimeZone({ time_zone: row.chosen }, clock);
      if (row.planned === zone) continue;
      if (row.planned === null) {
        // First sight (an account made before 0009, or just now): its reminders were planned in this zone.
        firstSeen.push({ user_id: row.user_id, time_zone: zone, replan_after: null, replan_reason: null, updated_at: now.toISOString() });
        continue;
      }
      logger.info('time zone changed; replanning reminders', { account: row.user_id, from: row.planned, to: zone });
      await db.transaction().execute((trx) => requestReplan(trx, row.user_id, zone, 'time zone', now));
    }
    await insertReminderPlans(db, firstSeen);
  }

  async function finishReplans(): Promise<void> {
    const pending = await pendingReplans(db);
    const slice = createTimeSlice(SLICE_MS, options.jobClock);
    for (const { user_id: userId, replan_reason: reason } of pending) {
      await slice.pause();
      const report: PlanReport = { inserted: 0, updated: 0, removed: 0, missed: 0 };
      const step = (limit: number) =>
        db
          .transaction()
          .execute((trx) => replanNextChunk(trx, clock, userId, report, limit))
          // Restarted by a newer change on another connection: the next chunk reads the new cursor.
          .catch((error: unknown) => (error instanceof ReplanRestarted ? true : Promise.reject(error)));
      const run = await runInChunks(step, { stopped: options.stopped, clock: options.jobClock, sizes: { initial: REPLAN_FIRST, max: REPLAN_CHUNK } });
      if (!run.finished) return;
      logger.info('reminders replanned', { account: userId, reason, chunks: run.chunks, ...report });
    }
  }

  return {
    /** At start, on resume, before every sweep: zone check, then every replan under way to its end. */
    async bringUpToDate(): Promise<void> {
      await checkTimeZones();
      await finishReplans();
    },
  };
}

export type PlanKeeper = ReturnType<typeof createPlanKeeper>;

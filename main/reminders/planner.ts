import type { Kysely } from 'kysely';
import { addDays, todayIn, type IsoDate } from '../../common/domain/calendar-date';
import { planFollowUp, planReminders, type PlannedReminder, type ReminderKind } from '../../common/domain/reminder-plan';
import { expenseIdsOf, expensesForPlan } from '../db/repositories/expenses';
import { deleteUnsentReminders, insertReminders, markRemindersMissed, openRemindersOf, plannedOccurrences, updateReminder } from '../db/repositories/reminders';
import { openFollowUps, pendingCancellations } from '../db/repositories/review-decisions';
import { remindAllMembers } from '../db/repositories/workspace-members';
import { type ContractRow, contractsByExpense } from '../db/repositories/contracts';
import { contractOn, isRunning } from '../../common/domain/contracts';
import type { Database, NewReminderRow } from '../db/schema';
import type { Clock } from '../ports';
import { type AccountSettings, loadAccountSettings, parseLeadDays } from '../services/account-settings';

// Turns subscriptions into reminder rows. Only rows that never went out (pending, snoozed) are
// ever changed or removed; sent, missed, failed and dismissed rows are history and stay.

/** Why a reminder never went out: its date passed first. */
export const MISSED_REASON = 'Its date passed before it could go out (Spend Manager was closed or reminders were paused)';

/** Subscriptions planned per round trip: keeps `in (...)` lists well under SQLite's variable limit. */
const CHUNK = 1000;
/** Rows per multi-row insert (22 columns × 200 < 32,766 variables). */
const INSERT_CHUNK = 1000;

export interface PlanReport {
  inserted: number;
  updated: number;
  removed: number;
  missed: number;
}

interface ExpenseForPlan {
  id: number;
  /** The owner: always a recipient. */
  user_id: number;
  workspace_id: number;
  status: 'active' | 'trial' | 'paused' | 'cancelled';
  renewal_date: string;
  cycle_unit: 'day' | 'week' | 'month' | 'year';
  cycle_every: number;
  anchor_day: number;
  auto_renew: number;
  trial_ends_on: string | null;
  notice_period_days: number | null;
  reminder_days: string | null;
  deleted_at: string | null;
}

interface OpenRow {
  id: number;
  user_id: number;
  expense_id: number;
  kind: ReminderKind;
  target_date: string;
  lead_days: number;
  due_at: string;
  state: string;
  attempts: number;
}

const keyOf = (expenseId: number, userId: number, r: { kind: string; target_date: string; lead_days: number }) =>
  `${expenseId}|${userId}|${r.kind}|${r.target_date}|${r.lead_days}`;

function plannedFor(expense: ExpenseForPlan, account: AccountSettings, today: IsoDate, followUpOn: IsoDate | undefined, contract: ContractRow | undefined): PlannedReminder[] {
  if (expense.deleted_at !== null) return [];
  const running = expense.status === 'active' || expense.status === 'trial';
  // Asked for by a decision, so it goes out even when the subscription's own lead days are none.
  const followUp = running && followUpOn !== undefined ? planFollowUp(followUpOn, { timeOfDay: account.timeOfDay, timeZone: account.timeZone }, today) : null;
  const planned = planReminders(
    {
      status: expense.status,
      renewal_date: expense.renewal_date,
      cycle: { unit: expense.cycle_unit, every: expense.cycle_every },
      anchor_day: expense.anchor_day,
      auto_renew: expense.auto_renew === 1,
      trial_ends_on: expense.trial_ends_on,
      notice_period_days: expense.notice_period_days,
      reminder_days: parseLeadDays(expense.reminder_days) ?? account.defaultDays,
      contract: contractSubject(contract, today),
    },
    { timeOfDay: account.timeOfDay, timeZone: account.timeZone },
    today,
  );
  return followUp === null ? planned : [...planned, followUp];
}

/** A running contract as the plan sees it (its end as it stands today), or null. */
function contractSubject(contract: ContractRow | undefined, today: IsoDate): { end_date: IsoDate; ends: boolean } | null {
  if (contract === undefined) return null;
  const current = contractOn(contract, today);
  return isRunning(current, today) ? { end_date: current.end_date, ends: current.end_action === 'end' } : null;
}

/**
 * Which planned occurrences (none has a passed date) get a row: of those already due, only the
 * latest per date — a subscription added 3 days before renewal gets one reminder at once
 * ("renews in 3 days"), not its 7- and 5-day reminders together.
 */
function worthInserting(planned: PlannedReminder[], now: Date): { upcoming: PlannedReminder[]; overdue: PlannedReminder[] } {
  const nowMs = now.getTime();
  const latestDue = new Map<string, PlannedReminder>();
  const upcoming: PlannedReminder[] = [];
  for (const p of planned) {
    if (p.due_at.getTime() > nowMs) {
      upcoming.push(p);
      continue;
    }
    const slot = `${p.kind}|${p.target_date}`;
    const seen = latestDue.get(slot);
    if (!seen || p.lead_days < seen.lead_days) latestDue.set(slot, p);
  }
  return { upcoming, overdue: [...latestDue.values()] };
}

/** Who receives a subscription's reminders: its owner, and the admins and owners of its workspace who asked for all. */
async function recipientsOf(trx: Kysely<Database>, expenses: readonly ExpenseForPlan[]): Promise<(e: ExpenseForPlan) => number[]> {
  const all = await remindAllMembers(trx, [...new Set(expenses.map((e) => e.workspace_id))]);
  const extra = new Map<number, number[]>();
  for (const m of all) extra.set(m.workspace_id, [...(extra.get(m.workspace_id) ?? []), m.user_id]);
  return (e) => [...new Set([e.user_id, ...(extra.get(e.workspace_id) ?? [])])];
}

async function planChunk(trx: Kysely<Database>, clock: Clock, expenses: ExpenseForPlan[], now: Date, report: PlanReport): Promise<void> {
  if (expenses.length === 0) return;
  const nowIso = now.toISOString();
  // Settings per recipient and workspace: the workspace's defaults and time of day, the recipient's zone.
  const settings = new Map<string, Promise<AccountSettings>>();
  const settingsFor = (workspaceId: number, userId: number) => {
    const key = `${workspaceId}|${userId}`;
    let found = settings.get(key);
    if (!found) settings.set(key, (found = loadAccountSettings(trx, clock, { workspaceId, userId })));
    return found;
  };
  const recipients = await recipientsOf(trx, expenses);
  // Only ids just read as the caller's: scoping by them keeps SQLite on the (expense_id, ...) unique index.
  const ownIds = expenses.map((e) => e.id);
  const open: OpenRow[] = await openRemindersOf(trx, ownIds);
  // A renewal review decided to cancel: nothing more to remind of (the plan ends on its renewal date).
  const ending = await pendingCancellations(trx, ownIds);
  // Negotiations still open: their follow-up day gets a reminder. The UTC day before is on or before every zone's today.
  const followUps = await openFollowUps(trx, ownIds, addDays(now.toISOString().slice(0, 10), -1));
  // Fixed-term contracts: their notice date replaces the renewals' own.
  const contracts = await contractsByExpense(trx, ownIds);

  const planned = new Map<string, PlannedReminder>();
  const todays = new Map<string, IsoDate>();
  const toInsert: { expense: ExpenseForPlan; userId: number; p: PlannedReminder }[] = [];
  const overdue: { expense: ExpenseForPlan; userId: number; p: PlannedReminder }[] = [];
  // One "today" per time zone: the zone arithmetic costs more than planning a subscription.
  const todayByZone = new Map<string, IsoDate>();
  const todayOf = (zone: string): IsoDate => {
    let today = todayByZone.get(zone);
    if (today === undefined) todayByZone.set(zone, (today = todayIn(zone, now)));
    return today;
  };
  for (const expense of expenses) {
    for (const userId of recipients(expense)) {
      const account = await settingsFor(expense.workspace_id, userId);
      const today = todayOf(account.timeZone);
      todays.set(`${expense.id}|${userId}`, today);
      const all = ending.has(expense.id) ? [] : plannedFor(expense, account, today, followUps.get(expense.id), contracts.get(expense.id));
      for (const p of all) planned.set(keyOf(expense.id, userId, p), p);
      const chosen = worthInserting(all, now);
      for (const p of chosen.upcoming) toInsert.push({ expense, userId, p });
      for (const p of chosen.overdue) overdue.push({ expense, userId, p });
    }
  }
  // The earliest "today" of any recipient: the rows of other recipients are left out by the key.
  const earliestToday = [...todays.values()].sort()[0] ?? todayIn(clock.timeZone(), now);
  if (overdue.length > 0) {
    // An overdue occurrence is only worth sending when nothing was planned yet for that date
    // (new subscription, new date); otherwise lead days added late would remind twice.
    const covered = new Set(
      (await plannedOccurrences(trx, [...new Set(overdue.map((o) => o.expense.id))], earliestToday)).map((r) => `${r.expense_id}|${r.user_id}|${r.kind}|${r.target_date}`),
    );
    for (const o of overdue) if (!covered.has(`${o.expense.id}|${o.userId}|${o.p.kind}|${o.p.target_date}`)) toInsert.push(o);
  }

  const inserts: NewReminderRow[] = [];
  for (const { expense, userId, p } of toInsert) {
    const due = p.due_at.toISOString();
    inserts.push({
      user_id: userId,
      workspace_id: expense.workspace_id,
      expense_id: expense.id,
      kind: p.kind,
      target_date: p.target_date,
      lead_days: p.lead_days,
      due_at: due,
      next_attempt_at: due,
      claimed_at: null,
      last_error: null,
      message_id: null,
      notification: null,
      notified_at: null,
      email: null,
      email_to: null,
      emailed_at: null,
      snoozed_until: null,
      sent_at: null,
      created_at: nowIso,
      updated_at: nowIso,
    });
  }

  const removeIds: number[] = [];
  const missedIds: number[] = [];
  for (const row of open) {
    // A recipient who no longer receives this subscription's reminders (owner changed, opted out) has no plan.
    const p = planned.get(keyOf(row.expense_id, row.user_id, row));
    if (!p) {
      // Gone from the plan: if its date already passed it was never delivered, and the log says so.
      if (row.target_date < (todays.get(`${row.expense_id}|${row.user_id}`) ?? earliestToday)) missedIds.push(row.id);
      else removeIds.push(row.id);
      continue;
    }
    const due = p.due_at.toISOString();
    if (due === row.due_at) continue;
    // A new time of day or zone moves an untouched reminder; a retry or snooze keeps its own time.
    const moveNext = row.state === 'pending' && row.attempts === 0;
    await updateReminder(trx, row.id, moveNext ? { due_at: due, next_attempt_at: due, updated_at: nowIso } : { due_at: due, updated_at: nowIso });
    report.updated += 1;
  }

  if (removeIds.length > 0) {
    await deleteUnsentReminders(trx, removeIds);
    report.removed += removeIds.length;
  }
  if (missedIds.length > 0) {
    await markRemindersMissed(trx, missedIds, MISSED_REASON, nowIso);
    report.missed += missedIds.length;
  }
  for (let i = 0; i < inserts.length; i += INSERT_CHUNK) {
    report.inserted += await insertReminders(trx, inserts.slice(i, i + INSERT_CHUNK));
  }
}

/**
 * Replans the given subscriptions, each for its recipients in its workspace's settings. Call inside the
 * transaction that changed them. `workspaceId` keeps a service's ids to its own workspace; a replan of a
 * recipient's reminders (their zone changed) covers every workspace.
 */
export async function replanExpenses(trx: Kysely<Database>, clock: Clock, workspaceId: number | null, expenseIds: readonly number[]): Promise<PlanReport> {
  const report: PlanReport = { inserted: 0, updated: 0, removed: 0, missed: 0 };
  const ids = [...new Set(expenseIds)];
  if (ids.length === 0) return report;
  const now = clock.now();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const expenses: ExpenseForPlan[] = await expensesForPlan(trx, workspaceId, ids.slice(i, i + CHUNK));
    await planChunk(trx, clock, expenses, now, report);
  }
  return report;
}

/** Replans every subscription of one workspace (its reminder defaults or time of day changed). */
export async function replanWorkspace(trx: Kysely<Database>, clock: Clock, workspaceId: number): Promise<PlanReport> {
  return replanExpenses(trx, clock, workspaceId, await expenseIdsOf(trx, workspaceId));
}

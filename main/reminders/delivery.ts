import type { Kysely } from 'kysely';
import { todayIn } from '../../common/domain/calendar-date';
import { compareKinds, daysLeft, isDateReminderKind, lastDayToSend } from '../../common/domain/reminder-plan';
import type { Database, ReminderRow, ReminderState } from '../db/schema';
import type { Clock, Logger, Mailer, Notifier, Secrets } from '../ports';
import { type AccountSettings, accountSettingsOf } from '../services/account-settings';
import { MISSED_REASON } from './planner';
import { createTimeSlice, yieldToEventLoop } from '../jobs/chunks';
import { isDigestMessageId, priceChangeMessage, reminderDigest, reminderDigestId, reminderMessage, reminderMessageId, type DigestOccurrence, type ToldOccurrence } from './reminder-message';
import { findAlertPayment } from '../db/repositories/payments';
import { isPriceChange } from '../../common/domain/price-change';
import { claimReminders, deleteClaimed, deliveryDetails, holdDueReminders, recipientDetails, renewClaim, selectDueReminders, settleClaimed, skippingClaimed } from '../db/repositories/reminder-claims';
import { markCycleReminded } from '../db/repositories/expenses';
import { settingsOfMembers } from '../db/repositories/member-settings';
import { pausedWorkspaces } from '../db/repositories/settings';
import { SmtpError } from './mailer';
import { accountSmtp, type SmtpTransport } from './smtp-account';
import type { SmtpSettings } from './smtp-config';
import { explainSmtpError } from './smtp-errors';

// Claim (pending → sending, in a transaction) → OS notification + email → sent, or a retry time.
// At-least-once: a crash after the SMTP server accepted the mail resends it with the same Message-ID.
// Rows of one subscription due at the same moment (a trial ending on its renewal date) share one
// Message-ID from their first claim and go out as one message; each row still records its own outcome.
// More than DIGEST_THRESHOLD of one account's reminders due at once (a catch-up after days away) go
// out the same way as one digest: one email and one notification listing them all, one Message-ID.
// A sweep works batch by batch, each claim one short transaction, and gives the event loop back
// between batches and between messages: a catch-up never freezes the window or browser mode.
// A price-change alert is news of one payment, not a day ahead: it always goes out as a message of its own, told
// from the payment as it stands when it goes out (a payment since set back within 2 % has nothing left to say).

/** Minutes to wait after the 1st, 2nd, 3rd failed email; hourly after that, until the target date ends. */
export const RETRY_MINUTES: readonly number[] = [1, 5, 30];
const HOURLY_MS = 60 * 60 * 1000;
/** A row still `sending` after this long was abandoned (crash, kill, power loss) and is claimed again. */
export const SENDING_TIMEOUT_MS = 5 * 60 * 1000;

/** More than this many of one account's reminders due at once go out as one digest. */
export const DIGEST_THRESHOLD = 5;
/**
 * The most reminders one digest lists (one claim, one short transaction); more due go out in the next.
 * 25: a claim of a whole digest, its details and its rendering each stay within a short turn.
 */
export const DIGEST_MAX = 25;

/**
 * Rows claimed per transaction (whole accounts: one account's digest may bring up to DIGEST_MAX). Small:
 * the claim cannot give the event loop back, and the last of its rows waits for the others' sends.
 */
export const CLAIM_BATCH = 25;

export function retryDelayMs(failures: number): number {
  const minutes = RETRY_MINUTES[failures - 1];
  return minutes === undefined ? HOURLY_MS : minutes * 60 * 1000;
}

export interface DeliveryOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  secrets: Secrets;
  smtp: SmtpTransport;
  sendingTimeoutMs?: number;
  /** Rows claimed per transaction (an account's rows come together, up to DIGEST_MAX). */
  batchSize?: number;
  /** Mails in flight at once. */
  concurrency?: number;
}

export interface SweepReport {
  sent: number;
  retrying: number;
  failed: number;
  missed: number;
  deferred: number;
}

interface Claimed extends ReminderRow {
  message_id: string;
  /** Another due row for the same date with fewer days left goes out instead (catch-up). */
  superseded: boolean;
}

// Per recipient: two recipients of one subscription due at the same moment each get their own reminder.
const slotOf = (row: Pick<ReminderRow, 'user_id' | 'expense_id' | 'kind' | 'target_date'>) => `${row.user_id}|${row.expense_id}|${row.kind}|${row.target_date}`;

/** The order one message tells its occurrences in: the deadline, the trial end, then the charge. */
function tellingOrder(a: ReminderRow, b: ReminderRow): number {
  return compareKinds(a.kind, b.kind) || a.target_date.localeCompare(b.target_date) || a.lead_days - b.lead_days || a.id - b.id;
}

/**
 * The Message-ID each claimed row carries. A row claimed before keeps its own (a resend is the same
 * mail). Of the rows that will be told now (date ahead, not superseded), an account's go out as one
 * digest when there are more than DIGEST_THRESHOLD; otherwise one subscription's share the first one's
 * id, so they become one message. The others (to be marked missed) get their own.
 */
function messageIdsFor(rows: readonly ReminderRow[], superseded: ReadonlySet<number>, todayOf: (userId: number) => string): Map<number, string> {
  const ids = new Map<number, string>();
  const fresh = new Map<number, ReminderRow[]>();
  for (const row of rows) {
    if (row.message_id !== null) ids.set(row.id, row.message_id);
    else if (superseded.has(row.id) || row.target_date < todayOf(row.user_id) || !isDateReminderKind(row.kind)) ids.set(row.id, reminderMessageId(row));
    else fresh.set(row.user_id, [...(fresh.get(row.user_id) ?? []), row]);
  }
  for (const [userId, account] of fresh) {
    if (account.length > DIGEST_THRESHOLD) {
      const digest = reminderDigestId(userId, account);
      for (const row of account) ids.set(row.id, digest);
      continue;
    }
    const bySubscription = new Map<number, ReminderRow[]>();
    for (const row of account) bySubscription.set(row.expense_id, [...(bySubscription.get(row.expense_id) ?? []), row]);
    for (const group of bySubscription.values()) {
      const shared = reminderMessageId([...group].sort(tellingOrder)[0]!);
      for (const row of group) ids.set(row.id, shared);
    }
  }
  return ids;
}

/** Of one recipient's several due rows for one date (catch-up), only the one with the fewest days left goes out. */
function supersededAmong(rows: readonly ReminderRow[]): Set<number> {
  const best = new Map<string, ReminderRow>();
  for (const row of rows) {
    const seen = best.get(slotOf(row));
    if (!seen || row.lead_days < seen.lead_days) best.set(slotOf(row), row);
  }
  return new Set(rows.filter((row) => best.get(slotOf(row)) !== row).map((row) => row.id));
}

/** A claimed row's context: one per subscription and recipient. */
function contextKey(row: Pick<ReminderRow, 'expense_id' | 'user_id'>): string {
  return `${row.expense_id}|${row.user_id}`;
}

interface DeliveryContext {
  expense: {
    id: number;
    name: string;
    amount_minor: number;
    currency: string;
    cycle_unit: 'day' | 'week' | 'month' | 'year';
    cycle_every: number;
    url: string | null;
    renewal_date: string;
    status: string;
    deleted_at: string | null;
  };
  account: AccountSettings;
  email: string | null;
  companyName: string | null;
}

function describeError(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim() || 'Unknown error';
}

/** A failed attempt as the log keeps it: the exact words, and what they mean when that can be said. */
interface Failure {
  text: string;
  summary: string | null;
}

function failureOf(error: unknown, settings: SmtpSettings, to: string): Failure {
  return { text: describeError(error), summary: error instanceof SmtpError ? explainSmtpError(error, { settings, to }) : null };
}

export function createDelivery(options: DeliveryOptions) {
  const { db, clock, logger } = options;
  const timeoutMs = options.sendingTimeoutMs ?? SENDING_TIMEOUT_MS;
  const batchSize = options.batchSize ?? CLAIM_BATCH;
  const concurrency = Math.max(1, options.concurrency ?? 8);

  /** Due rows of paused workspaces wait for the end of the pause (their date is checked then). */
  async function deferPaused(nowIso: string): Promise<number> {
    // The paused workspaces first (few, often none): the update then only touches their own rows.
    const paused = await pausedWorkspaces(db, nowIso);
    let deferred = 0;
    for (const { workspace_id: workspaceId, reminders_paused_until: until } of paused) deferred += await holdDueReminders(db, workspaceId, until!, nowIso);
    return deferred;
  }

  /** The zone's today for each recipient, for the claim's digest rule (rows whose date passed are not told). */
  async function todaysOf(trx: Kysely<Database>, userIds: number[], now: Date): Promise<(userId: number) => string> {
    const rows = await settingsOfMembers(trx, userIds);
    const zones = new Map(rows.map((r) => [r.user_id, accountSettingsOf(r, clock).timeZone]));
    const fallback = accountSettingsOf(undefined, clock).timeZone;
    return (userId) => todayIn(zones.get(userId) ?? fallback, now);
  }

  /**
   * pending/snoozed rows that are due, and sending rows whose sender vanished → sending, atomically.
   * Whole accounts at a time (up to DIGEST_MAX rows each), so a digest holds all that is due at once;
   * an account whose replan is under way waits for it. `seen` counts the due rows read: with several
   * servers, rows seen can all be taken by another before this claim gets them (nothing claimed, yet
   * the sweep is not done).
   */
  async function claim(now: Date): Promise<{ claimed: Claimed[]; seen: number }> {
    const nowIso = now.toISOString();
    const until = new Date(now.getTime() + timeoutMs).toISOString();
    return db.transaction().execute(async (trx) => {
      const dueRows = () => selectDueReminders(trx, nowIso);
      const first = await skippingClaimed(trx, dueRows().orderBy('next_attempt_at').orderBy('id').limit(batchSize)).execute();
      if (first.length === 0) return { claimed: [], seen: 0 };
      const picked = new Map<number, ReminderRow>();
      for (const userId of new Set(first.map((r) => r.user_id))) {
        const rows = await skippingClaimed(trx, dueRows().where('user_id', '=', userId).orderBy('next_attempt_at').orderBy('id').limit(DIGEST_MAX)).execute();
        for (const row of rows) picked.set(row.id, row);
        if (picked.size >= batchSize) break;
      }
      // Read again statement by statement (PostgreSQL's read committed): another server may have taken them all meanwhile.
      if (picked.size === 0) return { claimed: [], seen: first.length };
      // The other due rows of these subscriptions and messages come along, so a message is never split across batches.
      const chosen = [...picked.values()];
      const messages = [...new Set(chosen.map((r) => r.message_id).filter((m): m is string => m !== null))];
      const more = await skippingClaimed(
        trx,
        dueRows()
          .where((eb) =>
            eb.or([eb('expense_id', 'in', [...new Set(chosen.map((r) => r.expense_id))]), ...(messages.length > 0 ? [eb('message_id', 'in', messages)] : [])]),
          )
          .where('id', 'not in', [...picked.keys()]),
      ).execute();
      const due = [...chosen, ...more];
      const superseded = supersededAmong(due);
      const todayOf = await todaysOf(trx, [...new Set(due.map((r) => r.user_id))], now);
      const messageIds = messageIdsFor(due, superseded, todayOf);
      // Compare-and-set, a statement per message and read state: a row another process claimed first is left alone.
      const sets = new Map<string, ReminderRow[]>();
      for (const row of due) {
        const key = JSON.stringify([messageIds.get(row.id)!, row.state, row.next_attempt_at]);
        sets.set(key, [...(sets.get(key) ?? []), row]);
      }
      const claimed: Claimed[] = [];
      for (const rows of sets.values()) {
        const { state, next_attempt_at: readNext } = rows[0]!;
        const messageId = messageIds.get(rows[0]!.id)!;
        const change = { state: 'sending', claimed_at: nowIso, next_attempt_at: until, message_id: messageId, updated_at: nowIso } as const;
        const taken = new Set(await claimReminders(trx, rows.map((r) => r.id), { state, next_attempt_at: readNext }, change));
        for (const row of rows) {
          if (!taken.has(row.id)) continue;
          if (row.state === 'sending') logger.warn('reminder send timed out; sending again', { reminder: row.id, messageId });
          claimed.push({ ...row, state: 'sending', claimed_at: nowIso, next_attempt_at: until, message_id: messageId, superseded: superseded.has(row.id) });
        }
      }
      return { claimed, seen: first.length };
    });
  }

  /** What each claimed row needs: its subscription with the workspace's settings, and its recipient (contextKey). */
  async function contexts(rows: Claimed[]): Promise<Map<string, DeliveryContext>> {
    const [expenses, recipients] = await Promise.all([
      deliveryDetails(db, [...new Set(rows.map((r) => r.expense_id))]),
      recipientDetails(db, [...new Set(rows.map((r) => r.user_id))]),
    ]);
    const byId = new Map(expenses.map((e) => [e.id, e]));
    const people = new Map(recipients.map((p) => [p.id, p]));
    const out = new Map<string, DeliveryContext>();
    for (const row of rows) {
      const e = byId.get(row.expense_id);
      const person = people.get(row.user_id);
      if (!e || !person) continue;
      const settingsRow = {
        time_zone: person.time_zone,
        locale: person.locale,
        ...(e.reminder_time === null
          ? {}
          : { reminder_time: e.reminder_time, reminder_days_default: e.reminder_days_default ?? '[7]', reminders_paused_until: e.reminders_paused_until }),
      };
      out.set(contextKey(row), { expense: e, account: accountSettingsOf(settingsRow, clock), email: person.email || null, companyName: person.company_name });
    }
    return out;
  }

  async function settle(row: Claimed, change: Partial<Record<keyof ReminderRow, unknown>> & { state: ReminderState }): Promise<void> {
    await settleAll([row], change);
  }

  /** Rows of one claim that end the same way, in one statement. */
  async function settleAll(rows: readonly Claimed[], change: Partial<Record<keyof ReminderRow, unknown>> & { state: ReminderState }): Promise<void> {
    if (rows.length === 0) return;
    // Only the claim that is still ours may settle the row (a timed-out claim may have been taken over).
    await settleClaimed(db, rows.map((r) => r.id), rows[0]!.claimed_at, { ...change, claimed_at: null, updated_at: clock.now().toISOString() } as never);
  }

  /**
   * One mailer (an SMTP connection pool) per SMTP identity for the whole sweep: each account's own
   * settings, or SMTP_URL's, which every account then shares (a team server would otherwise open a
   * pool per account and keep them all open until the sweep ends).
   */
  function createMailerCache() {
    type Channel = { mailer: Mailer; to: string; settings: SmtpSettings } | { error: string } | null;
    const channels = new Map<number, Promise<Channel>>();
    const mailers = new Map<string, Mailer>();
    const mailerFor = (key: string, settings: SmtpSettings, password: string | null): Mailer => {
      let mailer = mailers.get(key);
      if (!mailer) {
        mailer = options.smtp.createMailer(settings, password);
        mailers.set(key, mailer);
      }
      return mailer;
    };
    return {
      forUser(userId: number, to: string | null): Promise<Channel> {
        let entry = channels.get(userId);
        if (!entry) {
          entry = (async (): Promise<Channel> => {
            const smtp = await accountSmtp(db, options.secrets, options.smtp, userId);
            if (!smtp) return null;
            if (!to) return { error: 'no_address' };
            const key = smtp.source === 'environment' ? 'environment' : `account:${userId}`;
            return { mailer: mailerFor(key, smtp.settings, smtp.password), to, settings: smtp.settings };
          })().catch((error: unknown) => ({ error: describeError(error) }));
          channels.set(userId, entry);
        }
        return entry;
      },
      async closeAll() {
        await Promise.allSettled(channels.values());
        for (const mailer of mailers.values()) mailer.close();
      },
    };
  }

  /** Delivers the rows that share one Message-ID: one notification, one email, an outcome per row. */
  async function deliverGroup(rows: Claimed[], contexts: ReadonlyMap<string, DeliveryContext>, mailers: ReturnType<typeof createMailerCache>, report: SweepReport): Promise<void> {
    const now = clock.now();
    const nowIso = now.toISOString();
    const gone: Claimed[] = [];
    const passed: Claimed[] = [];
    const supersededRows: Claimed[] = [];
    const live: { row: Claimed; ctx: DeliveryContext }[] = [];
    for (const row of rows) {
      const ctx = contexts.get(contextKey(row));
      const expense = ctx?.expense;
      // A payment's price stays news when its subscription was cancelled or paused since; a deleted one's does not.
      const running = expense?.status === 'active' || expense?.status === 'trial' || row.kind === 'price_change';
      if (!ctx || !expense || expense.deleted_at !== null || !running) gone.push(row);
      else if (lastDayToSend(row) < todayIn(ctx.account.timeZone, now)) passed.push(row);
      else if (row.superseded) supersededRows.push(row);
      else live.push({ row, ctx });
    }
    await settleAll(passed, { state: 'missed', next_attempt_at: null, last_error: MISSED_REASON, last_error_summary: null });
    await settleAll(supersededRows, { state: 'missed', next_attempt_at: null, last_error: 'A later reminder for the same date went out instead', last_error_summary: null });
    report.missed += passed.length + supersededRows.length;
    if (gone.length > 0) {
      // The subscription went away between planning and sending: the reminder has nothing to say.
      await deleteClaimed(db, gone.map((r) => r.id));
    }
    if (live.length === 0) return;
    // The claim may have timed out while earlier messages went out: send only what is still ours, and hold it for another timeout.
    const ours = new Set(await renewClaim(db, live.map((l) => l.row.id), live[0]!.row.claimed_at, new Date(now.getTime() + timeoutMs).toISOString()));
    if (ours.size < live.length) {
      logger.warn('reminder claim timed out before its turn; another sweep sends it', { reminders: live.filter((l) => !ours.has(l.row.id)).map((l) => l.row.id) });
      live.splice(0, live.length, ...live.filter((l) => ours.has(l.row.id)));
      if (live.length === 0) return;
    }
    live.sort((a, b) => tellingOrder(a.row, b.row) || a.ctx.expense.name.localeCompare(b.ctx.expense.name));
    const first = live[0]!;
    const account = first.ctx;
    const today = todayIn(account.account.timeZone, now);
    const ids = live.map((l) => l.row.id);
    const messageId = first.row.message_id;
    const digest = isDigestMessageId(messageId);
    const context = { locale: account.account.emailLocale, companyName: account.companyName };
    let message;
    if (first.row.kind === 'price_change') {
      const payment = await findAlertPayment(db, first.row.expense_id, first.row.target_date);
      if (!payment || !isPriceChange(payment.expected_minor, payment.actual_minor)) {
        // Set back within 2 % (or gone) since it was raised: nothing left to tell.
        await deleteClaimed(db, ids);
        return;
      }
      message = priceChangeMessage(payment, first.ctx.expense, context);
    } else if (digest) {
      // Soonest first, then as one message tells a subscription's days.
      live.sort((a, b) => a.row.target_date.localeCompare(b.row.target_date) || tellingOrder(a.row, b.row) || a.ctx.expense.name.localeCompare(b.ctx.expense.name));
      const told = live.filter((l) => isDateReminderKind(l.row.kind)).map((l): DigestOccurrence => ({ kind: l.row.kind as DigestOccurrence['kind'], target_date: l.row.target_date, daysLeft: daysLeft(l.row.target_date, today), expense: l.ctx.expense }));
      message = reminderDigest(told as [DigestOccurrence, ...DigestOccurrence[]], context);
      logger.info('reminders told in a digest', { account: first.row.user_id, reminders: ids.length, messageId });
    } else {
      const told = live.filter((l) => isDateReminderKind(l.row.kind)).map((l): ToldOccurrence => ({ kind: l.row.kind as ToldOccurrence['kind'], target_date: l.row.target_date, daysLeft: daysLeft(l.row.target_date, today) }));
      message = reminderMessage(told as [ToldOccurrence, ...ToldOccurrence[]], first.ctx.expense, context);
      if (live.length > 1) logger.info('reminders told in one message', { reminders: ids, messageId });
    }
    const liveRows = live.map((l) => l.row);

    const change: Partial<Record<keyof ReminderRow, unknown>> = {};
    // Rows of one message move together, so the first one says whether the notification was shown.
    if (first.row.notification === null) {
      let shown = false;
      try {
        shown = options.notifier.notify(message.notification);
      } catch (error) {
        logger.warn('OS notification failed', { reminders: ids, error: describeError(error) });
      }
      change.notification = shown ? 'shown' : 'unavailable';
      change.notified_at = shown ? nowIso : null;
    }

    const channel = await mailers.forUser(first.row.user_id, account.email);
    if (channel === null || 'error' in channel) {
      const email = channel === null ? 'not_configured' : channel.error === 'no_address' ? 'no_address' : null;
      if (email !== null) {
        await finishSent(live, { ...change, email, last_error: null, last_error_summary: null }, nowIso);
        report.sent += live.length;
        return;
      }
      const failure: Failure = { text: (channel as { error: string }).error, summary: null };
      for (const row of liveRows) await failOrRetry(row, account, change, failure, now, report);
      return;
    }
    try {
      await channel.mailer.send({
        to: channel.to,
        subject: message.email.subject,
        text: message.email.text,
        html: message.email.html,
        messageId: messageId!,
        headers: { 'X-Spend-Manager-Reminder': ids.join(', ') },
      });
    } catch (error) {
      const failure = failureOf(error, channel.settings, channel.to);
      for (const row of liveRows) await failOrRetry(row, account, change, failure, now, report);
      return;
    }
    await finishSent(live, { ...change, email: 'sent', email_to: channel.to, emailed_at: clock.now().toISOString(), last_error: null, last_error_summary: null }, nowIso);
    report.sent += live.length;
  }

  /** Every row of one message is settled in one transaction, so a crash never leaves half of it to be sent again. */
  async function finishSent(live: readonly { row: Claimed; ctx: DeliveryContext }[], change: Partial<Record<keyof ReminderRow, unknown>>, nowIso: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await settleClaimed(trx, live.map((l) => l.row.id), live[0]!.row.claimed_at, { ...change, state: 'sent', sent_at: nowIso, next_attempt_at: null, claimed_at: null, updated_at: nowIso } as never);
      // The cycle's reminder went out (the original app's reminder_sent): by renewal date, a statement each.
      const cycles = new Map<string, number[]>();
      for (const { row, ctx } of live) {
        if (row.kind === 'renewal' && row.target_date === ctx.expense.renewal_date) cycles.set(row.target_date, [...(cycles.get(row.target_date) ?? []), ctx.expense.id]);
      }
      for (const [date, ids] of cycles) {
        await markCycleReminded(trx, ids, date);
      }
    });
  }

  async function failOrRetry(
    row: Claimed,
    ctx: DeliveryContext,
    change: Partial<Record<keyof ReminderRow, unknown>>,
    failure: Failure,
    now: Date,
    report: SweepReport,
  ): Promise<void> {
    const failures = row.attempts + 1;
    const retryAt = new Date(now.getTime() + retryDelayMs(failures));
    const tooLate = todayIn(ctx.account.timeZone, retryAt) > lastDayToSend(row);
    logger.warn(tooLate ? 'reminder email failed; giving up' : 'reminder email failed; will retry', {
      reminder: row.id,
      attempt: failures,
      error: failure.text,
      ...(failure.summary !== null ? { meaning: failure.summary } : {}),
      ...(tooLate ? {} : { retryAt: retryAt.toISOString() }),
    });
    await settle(row, {
      ...change,
      state: tooLate ? 'failed' : 'pending',
      email: tooLate ? 'failed' : 'retrying',
      attempts: failures,
      last_error: failure.text,
      last_error_summary: failure.summary,
      next_attempt_at: tooLate ? null : retryAt.toISOString(),
    });
    if (tooLate) report.failed += 1;
    else report.retrying += 1;
  }

  /**
   * Delivers everything due now, batch by batch, until nothing is due (or `stopped` says the app is
   * quitting: what is left stays due for the next start). The event loop turns between batches and
   * between messages, so requests, IPC and timers are answered while a catch-up runs.
   */
  async function sweep(sweepOptions: { stopped?: () => boolean } = {}): Promise<SweepReport> {
    const report: SweepReport = { sent: 0, retrying: 0, failed: 0, missed: 0, deferred: 0 };
    const mailers = createMailerCache();
    const slice = createTimeSlice();
    try {
      for (;;) {
        if (sweepOptions.stopped?.()) break;
        const now = clock.now();
        report.deferred += await deferPaused(now.toISOString());
        const { claimed, seen } = await claim(now);
        if (claimed.length === 0) {
          if (seen === 0) break;
          // Another server claimed what this one saw: more may be due, so look again.
          await yieldToEventLoop();
          continue;
        }
        // The claim's transaction, the details read and the sends each get a turn of their own.
        await yieldToEventLoop();
        const ctx = await contexts(claimed);
        await yieldToEventLoop();
        const groups = new Map<string, Claimed[]>();
        for (const row of claimed) groups.set(row.message_id, [...(groups.get(row.message_id) ?? []), row]);
        const queue = [...groups.values()];
        let next = 0;
        const worker = async () => {
          while (next < queue.length) {
            const group = queue[next++]!;
            try {
              await deliverGroup(group, ctx, mailers, report);
            } catch (error) {
              // Left `sending`: the timeout hands it to a later sweep, so it is never silently dropped.
              logger.error('reminder delivery failed', { reminders: group.map((r) => r.id), error: describeError(error) });
            }
            await slice.pause();
          }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
        await yieldToEventLoop();
      }
    } finally {
      await mailers.closeAll();
    }
    if (report.sent + report.retrying + report.failed + report.missed > 0) logger.info('reminders delivered', { ...report });
    return report;
  }

  return { sweep };
}

export type Delivery = ReturnType<typeof createDelivery>;

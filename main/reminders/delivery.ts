import type { Kysely } from 'kysely';
import { todayIn } from '../../common/domain/calendar-date';
import { compareKinds, daysLeft } from '../../common/domain/reminder-plan';
import type { Database, ReminderRow, ReminderState } from '../db/schema';
import type { Clock, Logger, Mailer, Notifier, Secrets } from '../ports';
import { reminderSettingsOf, type ReminderAccountSettings } from './account-settings';
import { MISSED_REASON } from './planner';
import { reminderMessage, reminderMessageId, type ToldOccurrence } from './reminder-message';
import { ARMED_STATES } from './scheduler';
import { SmtpError } from './mailer';
import { accountSmtp, type SmtpTransport } from './smtp-account';
import type { SmtpSettings } from './smtp-config';
import { explainSmtpError } from './smtp-errors';

// Claim (pending → sending, in a transaction) → OS notification + email → sent, or a retry time.
// At-least-once: a crash after the SMTP server accepted the mail resends it with the same Message-ID.
// Rows of one subscription due at the same moment (a trial ending on its renewal date) share one
// Message-ID from their first claim and go out as one message; each row still records its own outcome.

/** Minutes to wait after the 1st, 2nd, 3rd failed email; hourly after that, until the target date ends. */
export const RETRY_MINUTES: readonly number[] = [1, 5, 30];
const HOURLY_MS = 60 * 60 * 1000;
/** A row still `sending` after this long was abandoned (crash, kill, power loss) and is claimed again. */
export const SENDING_TIMEOUT_MS = 5 * 60 * 1000;

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
  /** Rows claimed per transaction. */
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

const slotOf = (row: Pick<ReminderRow, 'expense_id' | 'kind' | 'target_date'>) => `${row.expense_id}|${row.kind}|${row.target_date}`;

/** The order one message tells its occurrences in: the deadline, the trial end, then the charge. */
function tellingOrder(a: ReminderRow, b: ReminderRow): number {
  return compareKinds(a.kind, b.kind) || a.target_date.localeCompare(b.target_date) || a.lead_days - b.lead_days || a.id - b.id;
}

/**
 * The Message-ID each claimed row carries. A row claimed before keeps its own (a resend is the same
 * mail); the other rows of one subscription share the first one's, so they become one message.
 */
function messageIdsFor(rows: readonly ReminderRow[], superseded: ReadonlySet<number>): Map<number, string> {
  const ids = new Map<number, string>();
  const fresh = new Map<number, ReminderRow[]>();
  for (const row of rows) {
    if (row.message_id !== null) ids.set(row.id, row.message_id);
    else if (superseded.has(row.id)) ids.set(row.id, reminderMessageId(row));
    else fresh.set(row.expense_id, [...(fresh.get(row.expense_id) ?? []), row]);
  }
  for (const group of fresh.values()) {
    const shared = reminderMessageId([...group].sort(tellingOrder)[0]!);
    for (const row of group) ids.set(row.id, shared);
  }
  return ids;
}

/** Of several due rows for one date (catch-up), only the one with the fewest days left goes out. */
function supersededAmong(rows: readonly ReminderRow[]): Set<number> {
  const best = new Map<string, ReminderRow>();
  for (const row of rows) {
    const seen = best.get(slotOf(row));
    if (!seen || row.lead_days < seen.lead_days) best.set(slotOf(row), row);
  }
  return new Set(rows.filter((row) => best.get(slotOf(row)) !== row).map((row) => row.id));
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
  account: ReminderAccountSettings;
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
  const batchSize = options.batchSize ?? 50;
  const concurrency = Math.max(1, options.concurrency ?? 8);

  /** Due rows of paused accounts wait for the end of the pause (their date is checked then). */
  async function deferPaused(nowIso: string): Promise<number> {
    const result = await db
      .updateTable('reminders')
      .set({
        next_attempt_at: (eb) =>
          eb.selectFrom('settings').select('settings.reminders_paused_until').whereRef('settings.user_id', '=', 'reminders.user_id'),
        updated_at: nowIso,
      })
      .where(ARMED_STATES.$castTo<boolean>())
      .where('next_attempt_at', '<=', nowIso)
      .where('user_id', 'in', (eb) => eb.selectFrom('settings').select('user_id').where('reminders_paused_until', '>', nowIso))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** pending/snoozed rows that are due, and sending rows whose sender vanished → sending, atomically. */
  async function claim(now: Date): Promise<Claimed[]> {
    const nowIso = now.toISOString();
    const until = new Date(now.getTime() + timeoutMs).toISOString();
    return db.transaction().execute(async (trx) => {
      const dueRows = () => trx.selectFrom('reminders').selectAll().where(ARMED_STATES.$castTo<boolean>()).where('next_attempt_at', '<=', nowIso);
      const first = await dueRows().orderBy('next_attempt_at').limit(batchSize).execute();
      if (first.length === 0) return [];
      // The other due rows of these subscriptions come along, so one message is never split across batches.
      const more = await dueRows()
        .where('expense_id', 'in', [...new Set(first.map((r) => r.expense_id))])
        .where('id', 'not in', first.map((r) => r.id))
        .execute();
      const due = [...first, ...more];
      const superseded = supersededAmong(due);
      const messageIds = messageIdsFor(due, superseded);
      const claimed: Claimed[] = [];
      for (const row of due) {
        const messageId = messageIds.get(row.id)!;
        // Compare-and-set: another process that claimed the row first leaves it unchanged.
        const result = await trx
          .updateTable('reminders')
          .set({ state: 'sending', claimed_at: nowIso, next_attempt_at: until, message_id: messageId, updated_at: nowIso })
          .where('id', '=', row.id)
          .where('state', '=', row.state)
          .where('next_attempt_at', '=', row.next_attempt_at)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) {
          if (row.state === 'sending') logger.warn('reminder send timed out; sending again', { reminder: row.id, messageId });
          claimed.push({ ...row, state: 'sending', claimed_at: nowIso, next_attempt_at: until, message_id: messageId, superseded: superseded.has(row.id) });
        }
      }
      return claimed;
    });
  }

  async function contexts(rows: Claimed[]): Promise<Map<number, DeliveryContext>> {
    const expenseIds = [...new Set(rows.map((r) => r.expense_id))];
    const expenses = await db
      .selectFrom('expenses')
      .innerJoin('users', 'users.id', 'expenses.user_id')
      .leftJoin('settings', 'settings.user_id', 'expenses.user_id')
      .select([
        'expenses.id',
        'expenses.name',
        'expenses.amount_minor',
        'expenses.currency',
        'expenses.cycle_unit',
        'expenses.cycle_every',
        'expenses.url',
        'expenses.renewal_date',
        'expenses.status',
        'expenses.deleted_at',
        'users.email',
        'users.company_name',
        'settings.time_zone',
        'settings.reminder_time',
        'settings.reminder_days_default',
        'settings.locale',
        'settings.reminders_paused_until',
      ])
      .where('expenses.id', 'in', expenseIds)
      .execute();
    const out = new Map<number, DeliveryContext>();
    for (const e of expenses) {
      const settingsRow =
        e.reminder_time === null
          ? undefined
          : {
              time_zone: e.time_zone,
              reminder_time: e.reminder_time,
              reminder_days_default: e.reminder_days_default ?? '[7]',
              locale: e.locale,
              reminders_paused_until: e.reminders_paused_until,
            };
      out.set(e.id, {
        expense: e,
        account: reminderSettingsOf(settingsRow, clock),
        email: e.email || null,
        companyName: e.company_name,
      });
    }
    return out;
  }

  async function settle(row: Claimed, change: Partial<Record<keyof ReminderRow, unknown>> & { state: ReminderState }): Promise<void> {
    // Only the claim that is still ours may settle the row (a timed-out claim may have been taken over).
    await db
      .updateTable('reminders')
      .set({ ...change, claimed_at: null, updated_at: clock.now().toISOString() } as never)
      .where('id', '=', row.id)
      .where('state', '=', 'sending')
      .where('claimed_at', '=', row.claimed_at)
      .execute();
  }

  function createMailerCache() {
    const mailers = new Map<number, Promise<{ mailer: Mailer; to: string; settings: SmtpSettings } | { error: string } | null>>();
    return {
      forUser(userId: number, to: string | null) {
        let entry = mailers.get(userId);
        if (!entry) {
          entry = (async () => {
            const smtp = await accountSmtp(db, options.secrets, options.smtp, userId);
            if (!smtp) return null;
            if (!to) return { error: 'no_address' };
            return { mailer: options.smtp.createMailer(smtp.settings, smtp.password), to, settings: smtp.settings };
          })().catch((error: unknown) => ({ error: describeError(error) }));
          mailers.set(userId, entry);
        }
        return entry;
      },
      async closeAll() {
        for (const entry of mailers.values()) {
          const value = await entry;
          if (value && 'mailer' in value) value.mailer.close();
        }
      },
    };
  }

  /** Delivers the rows that share one Message-ID: one notification, one email, an outcome per row. */
  async function deliverGroup(rows: Claimed[], ctx: DeliveryContext | undefined, mailers: ReturnType<typeof createMailerCache>, report: SweepReport): Promise<void> {
    const now = clock.now();
    const nowIso = now.toISOString();
    const expense = ctx?.expense;
    if (!ctx || !expense || expense.deleted_at !== null || (expense.status !== 'active' && expense.status !== 'trial')) {
      // The subscription went away between planning and sending: the reminder has nothing to say.
      await db.deleteFrom('reminders').where('id', 'in', rows.map((r) => r.id)).where('state', '=', 'sending').execute();
      return;
    }
    const today = todayIn(ctx.account.timeZone, now);
    const live: Claimed[] = [];
    for (const row of rows) {
      if (row.target_date < today) {
        await settle(row, { state: 'missed', next_attempt_at: null, last_error: MISSED_REASON, last_error_summary: null });
        report.missed += 1;
      } else if (row.superseded) {
        await settle(row, { state: 'missed', next_attempt_at: null, last_error: 'A later reminder for the same date went out instead', last_error_summary: null });
        report.missed += 1;
      } else {
        live.push(row);
      }
    }
    if (live.length === 0) return;
    live.sort(tellingOrder);
    const told = live.map((r): ToldOccurrence => ({ kind: r.kind, target_date: r.target_date, daysLeft: daysLeft(r.target_date, today) }));
    const message = reminderMessage(told as [ToldOccurrence, ...ToldOccurrence[]], expense, { locale: ctx.account.locale, companyName: ctx.companyName });
    const ids = live.map((r) => r.id);
    const messageId = live[0]!.message_id;
    if (live.length > 1) logger.info('reminders told in one message', { reminders: ids, messageId });

    const change: Partial<Record<keyof ReminderRow, unknown>> = {};
    // Rows of one message move together, so the first one says whether the notification was shown.
    if (live[0]!.notification === null) {
      let shown = false;
      try {
        shown = options.notifier.notify(message.notification);
      } catch (error) {
        logger.warn('OS notification failed', { reminders: ids, error: describeError(error) });
      }
      change.notification = shown ? 'shown' : 'unavailable';
      change.notified_at = shown ? nowIso : null;
    }

    const channel = await mailers.forUser(live[0]!.user_id, ctx.email);
    if (channel === null || 'error' in channel) {
      const email = channel === null ? 'not_configured' : channel.error === 'no_address' ? 'no_address' : null;
      if (email !== null) {
        await finishSent(live, expense, { ...change, email, last_error: null, last_error_summary: null }, nowIso);
        report.sent += live.length;
        return;
      }
      const failure: Failure = { text: (channel as { error: string }).error, summary: null };
      for (const row of live) await failOrRetry(row, ctx, change, failure, now, report);
      return;
    }
    try {
      await channel.mailer.send({
        to: channel.to,
        subject: message.email.subject,
        text: message.email.text,
        html: message.email.html,
        messageId,
        headers: { 'X-Spend-Manager-Reminder': ids.join(', ') },
      });
    } catch (error) {
      const failure = failureOf(error, channel.settings, channel.to);
      for (const row of live) await failOrRetry(row, ctx, change, failure, now, report);
      return;
    }
    await finishSent(live, expense, { ...change, email: 'sent', email_to: channel.to, emailed_at: clock.now().toISOString(), last_error: null, last_error_summary: null }, nowIso);
    report.sent += live.length;
  }

  /** Every row of one message is settled in one transaction, so a crash never leaves half of it to be sent again. */
  async function finishSent(rows: Claimed[], expense: DeliveryContext['expense'], change: Partial<Record<keyof ReminderRow, unknown>>, nowIso: string): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('reminders')
        .set({ ...change, state: 'sent', sent_at: nowIso, next_attempt_at: null, claimed_at: null, updated_at: nowIso } as never)
        .where('id', 'in', rows.map((r) => r.id))
        .where('state', '=', 'sending')
        .where('claimed_at', '=', rows[0]!.claimed_at)
        .execute();
      if (rows.some((row) => row.kind === 'renewal' && row.target_date === expense.renewal_date)) {
        // The cycle's reminder went out (the original app's reminder_sent).
        await trx.updateTable('expenses').set({ reminder_sent: 1 }).where('id', '=', expense.id).where('renewal_date', '=', expense.renewal_date).execute();
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
    const tooLate = todayIn(ctx.account.timeZone, retryAt) > row.target_date;
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

  /** Delivers everything due now, batch by batch, until nothing is due. */
  async function sweep(): Promise<SweepReport> {
    const report: SweepReport = { sent: 0, retrying: 0, failed: 0, missed: 0, deferred: 0 };
    const mailers = createMailerCache();
    try {
      for (;;) {
        const now = clock.now();
        report.deferred += await deferPaused(now.toISOString());
        const claimed = await claim(now);
        if (claimed.length === 0) break;
        const ctx = await contexts(claimed);
        const groups = new Map<string, Claimed[]>();
        for (const row of claimed) groups.set(row.message_id, [...(groups.get(row.message_id) ?? []), row]);
        const queue = [...groups.values()];
        let next = 0;
        const worker = async () => {
          while (next < queue.length) {
            const group = queue[next++]!;
            try {
              await deliverGroup(group, ctx.get(group[0]!.expense_id), mailers, report);
            } catch (error) {
              // Left `sending`: the timeout hands it to a later sweep, so it is never silently dropped.
              logger.error('reminder delivery failed', { reminders: group.map((r) => r.id), error: describeError(error) });
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
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

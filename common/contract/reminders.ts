import { z } from 'zod';
import type { IsoDate } from '../domain/calendar-date';
import { MAX_LEAD_DAYS, type ReminderKind } from '../domain/reminder-plan';
import { operation } from './define';
import { isoDateField } from './expenses';
import { idParam, intQuery } from './fields';

export const REMINDER_STATES = ['pending', 'sending', 'sent', 'failed', 'missed', 'snoozed', 'dismissed'] as const;
/**
 * pending: waits for its time (or a retry); sending: being delivered now; sent: delivered;
 * failed: email kept failing until its date; missed: its date passed before it could go out;
 * snoozed: waits until snoozed_until; dismissed: the user does not want it.
 */
export type ReminderState = (typeof REMINDER_STATES)[number];
/** States that still lie ahead (the "upcoming" list). */
export const UPCOMING_REMINDER_STATES = ['pending', 'snoozed', 'sending'] as const satisfies readonly ReminderState[];
export const PAST_REMINDER_STATES = ['sent', 'failed', 'missed', 'dismissed'] as const satisfies readonly ReminderState[];

export interface ReminderChannels {
  /** The OS notification: shown, or unavailable (browser mode, no notification support); null before delivery. */
  notification: 'shown' | 'unavailable' | null;
  notified_at: string | null;
  /** sent; retrying (last attempt failed, see last_error); failed (gave up); not_configured (no SMTP); no_address. */
  email: 'sent' | 'retrying' | 'failed' | 'not_configured' | 'no_address' | null;
  email_to: string | null;
  emailed_at: string | null;
}

/** The payment a price-change alert is about, in its own currency (major units). */
export interface PriceChangeAlert {
  currency: string;
  expected_amount: number;
  actual_amount: number;
  paid_on: IsoDate;
  /** "+10 %", "-3.5 %"; null when nothing was expected. */
  percent: string | null;
}

/** One reminder occurrence: a subscription, a date it is about, and how many days ahead it goes out. */
export interface Reminder {
  id: number;
  expense_id: number;
  /** The subscription's name. */
  expense_name: string;
  /** The subscription's amount, major units of `currency`. */
  amount: number;
  currency: string;
  /**
   * renewal: the charge date; notice: the last day to cancel; trial: the day the trial ends; follow_up: a negotiation's
   * follow-up day; price_change: a payment more than 2 % off its expected amount (target_date: the renewal paid).
   */
  kind: ReminderKind;
  target_date: IsoDate;
  /** The last day it may still go out (missed after it; a snooze stops there): target_date, or for a price change a week after it was raised. */
  last_day: IsoDate;
  /** A price_change alert: the payment it tells of, as it stands now; null for the other kinds. */
  price_change: PriceChangeAlert | null;
  lead_days: number;
  /** Days from today (account's zone) to target_date; negative once passed. */
  days_left: number;
  /** The planned instant (the account's reminder time, lead_days before target_date). */
  due_at: string;
  /** When it is tried next (due time, retry, snooze or end of a pause); null once settled. */
  next_attempt_at: string | null;
  state: ReminderState;
  /** Failed email attempts so far. */
  attempts: number;
  /** The SMTP server's exact error of the last attempt, or why it was missed. */
  last_error: string | null;
  /** What last_error means, in words ("Could not reach 127.0.0.1 on port 2526: nothing is listening there"); null when last_error says it itself. */
  last_error_summary: string | null;
  channels: ReminderChannels;
  /** The email's Message-ID (the same for a resend of the same delivery). */
  message_id: string | null;
  snoozed_until: string | null;
  sent_at: string | null;
  /** For a dismissed reminder, the state reminders.restore puts it back in; null otherwise. */
  dismissed_from: Exclude<ReminderState, 'sending' | 'dismissed'> | null;
  /** A dismissed reminder that restore would schedule again (it had not gone out, and its date is still ahead). */
  restorable: boolean;
  /** Ids of the other reminders told in the same email and notification (same subscription, same moment, or one digest). */
  sent_with: number[];
  /** Told in a digest: one email and notification for many of the account's reminders due at once (a catch-up). */
  sent_in_digest: boolean;
  created_at: string;
  updated_at: string;
}

const stateList = z
  .union([z.string(), z.array(z.string())], { error: `State must be one or more of: ${REMINDER_STATES.join(', ')}` })
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(REMINDER_STATES, { error: `State must be one or more of: ${REMINDER_STATES.join(', ')}` })));

export const REMINDER_PAGE_MAX = 1000;

export const reminderListInput = z.strictObject({
  /** One state, a comma-separated list, or the parameter repeated. */
  state: stateList.optional(),
  /** upcoming: pending, snoozed, sending (soonest first); past: sent, failed, missed, dismissed (latest first). */
  when: z.enum(['upcoming', 'past'], { error: 'When must be upcoming or past' }).optional(),
  expense_id: idParam.optional(),
  limit: intQuery('Limit', 1, REMINDER_PAGE_MAX).optional(),
  offset: intQuery('Offset', 0, Number.MAX_SAFE_INTEGER).optional(),
});
export type ReminderListInput = z.output<typeof reminderListInput>;

export const reminderSnoozeInput = z
  .strictObject({
    id: idParam,
    /** Same time of day, this many days later. */
    days: z
      .number({ error: 'Days must be a whole number of days' })
      .int('Days must be a whole number of days')
      .min(1, 'Days must be at least 1')
      .max(MAX_LEAD_DAYS, `Days must be at most ${MAX_LEAD_DAYS}`)
      .optional(),
    /** The account's reminder time on this date. */
    until: isoDateField('Until').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.days === undefined && v.until === undefined) {
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'Say how long to snooze: days (like 1) or until (a date like 2027-03-20)' });
    } else if (v.days !== undefined && v.until !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'Give either days or until, not both' });
    }
  });
export type ReminderSnoozeInput = z.output<typeof reminderSnoozeInput>;

export const reminderPauseInput = z.strictObject({
  /** Hold every reminder of the account until this instant; null resumes now. */
  until: z
    .iso.datetime({ offset: true, error: 'Until must be a date and time like 2027-03-20T15:00:00Z, or null to resume' })
    .nullable(),
});

const byId = z.strictObject({ id: idParam });

/** One reminder of the feed: where it belongs, and the reminder as the list shows it. */
export interface ReminderFeedItem extends Reminder {
  workspace_id: number;
  workspace_name: string;
}

export const REMINDER_FEED_MAX = 200;
/** A feed position: the sent time (ms since 1970) and the id of the last item seen; opaque to clients. */
export const FEED_CURSOR = /^(\d{1,15})-(\d{1,15})$/;
const FEED_CURSOR_MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const FEED_CURSOR_WORDS = 'After must be a cursor the feed answered (its "next"), like 1773532800000-42';

export const reminderFeedInput = z.strictObject({
  /** Absent: no items, and the cursor of where the feed stands now (a new device starts there, not in the past). */
  after: z
    .string({ error: FEED_CURSOR_WORDS })
    .regex(FEED_CURSOR, FEED_CURSOR_WORDS)
    // Past the year 9999 an ISO time is no longer fixed-width text, and no reminder is sent there.
    .refine((v) => Number(FEED_CURSOR.exec(v)?.[1] ?? 0) <= FEED_CURSOR_MAX_MS, FEED_CURSOR_WORDS)
    .optional(),
  limit: intQuery('Limit', 1, REMINDER_FEED_MAX).optional(),
});

export const reminderOperations = {
  'reminders.list': operation<{ reminders: Reminder[]; total: number; limit: number; offset: number }>()({
    method: 'GET',
    path: '/api/reminders',
    auth: true,
    role: 'viewer',
    input: reminderListInput,
    summary: 'Upcoming and past reminders with state and channel results (default 200 per page)',
  }),
  'reminders.feed': operation<{ items: ReminderFeedItem[]; next: string; more: boolean }>()({
    method: 'GET',
    path: '/api/reminders/feed',
    auth: true,
    // The member's own reminders in every workspace they belong to (those requiring two-factor only with it on),
    // whichever one the session is in; the door's two-factor rule holds for the current one.
    role: 'viewer',
    input: reminderFeedInput,
    summary: "The signed-in member's reminders sent since a cursor, oldest first, in every workspace they belong to (for a device's notifications)",
  }),
  'reminders.snooze': operation<{ reminder: Reminder }>()({
    method: 'POST',
    path: '/api/reminders/:id/snooze',
    auth: true,
    role: 'member',
    input: reminderSnoozeInput,
    summary: 'Remind again later: { days: 1 } or { until: "YYYY-MM-DD" } (on or before its date)',
  }),
  'reminders.dismiss': operation<{ reminder: Reminder }>()({
    method: 'POST',
    path: '/api/reminders/:id/dismiss',
    auth: true,
    role: 'member',
    input: byId,
    summary: 'Do not send this reminder (or acknowledge one that went out)',
  }),
  'reminders.restore': operation<{ reminder: Reminder }>()({
    method: 'POST',
    path: '/api/reminders/:id/restore',
    auth: true,
    role: 'member',
    input: byId,
    summary: 'Undo a dismiss: the reminder is what it was again (one that had not gone out is scheduled again, if its date is still ahead)',
  }),
  'reminders.pause': operation<{ paused_until: string | null }>()({
    method: 'POST',
    path: '/api/reminders/pause',
    auth: true,
    role: 'admin',
    input: reminderPauseInput,
    summary: 'Hold all reminders until an instant (tray: pause 1 hour / until tomorrow); null resumes',
  }),
};

import type { Kysely } from 'kysely';
import type { Reminder } from '../../common/contract';
import type { PriceChangeAlert } from '../../common/contract/reminders';
import { percentChangeText } from '../../common/domain/price-change';
import type { ReminderKind } from '../../common/domain/reminder-plan';
import { minorToMajor } from '../../common/domain/money';
import { daysLeft, lastDayToSend } from '../../common/domain/reminder-plan';
import { type ReminderRow, type ReminderWithExpense, remindersByMessageId } from '../db/repositories/reminders';
import type { Database } from '../db/schema';
import { isDigestMessageId } from '../reminders/reminder-message';

// A reminders row as the contract shows it, and what a dismissed one goes back to.

export type { ReminderWithExpense };

export type RestoredState = NonNullable<ReminderRow['dismissed_from']>;

/** What restore puts a dismissed row back to; rows dismissed before the state was kept went back by what they show. */
export function restoredStateOf(row: Pick<ReminderRow, 'dismissed_from' | 'sent_at'>): RestoredState {
  return row.dismissed_from ?? (row.sent_at !== null ? 'sent' : 'pending');
}

/** A dismissed reminder that never went out and whose day is still ahead: restore schedules it again. */
export function isRestorable(row: Pick<ReminderRow, 'state' | 'dismissed_from' | 'sent_at' | 'target_date' | 'kind' | 'due_at'>, today: string): boolean {
  if (row.state !== 'dismissed') return false;
  const back = restoredStateOf(row);
  return (back === 'pending' || back === 'snoozed') && lastDayToSend(row) >= today;
}

/** The day a reminder may go out until, in words (lastDayToSend). */
export function dateWordOf(kind: ReminderKind): string {
  switch (kind) {
    case 'renewal':
      return 'renewal date';
    case 'notice':
      return 'last day to cancel';
    case 'trial':
      return 'trial end';
    case 'follow_up':
      return 'follow-up date';
    case 'price_change':
      return 'last day to send the price alert';
  }
}

/** For each row told in a merged email, the ids of the other rows of that email. */
export async function sentWithOf(db: Kysely<Database>, rows: readonly ReminderRow[]): Promise<Map<number, number[]>> {
  const ids = [...new Set(rows.map((r) => r.message_id).filter((m): m is string => m !== null))];
  const out = new Map<number, number[]>();
  if (ids.length === 0) return out;
  const together = new Map<string, number[]>();
  for (const f of await remindersByMessageId(db, ids)) together.set(f.message_id!, [...(together.get(f.message_id!) ?? []), f.id]);
  for (const r of rows) {
    const others = (r.message_id ? together.get(r.message_id) : undefined)?.filter((id) => id !== r.id) ?? [];
    if (others.length > 0) out.set(r.id, others.sort((a, b) => a - b));
  }
  return out;
}

function priceChangeOf(row: ReminderWithExpense): PriceChangeAlert | null {
  if (row.kind !== 'price_change' || row.payment_currency === null || row.payment_expected_minor === null || row.payment_actual_minor === null || row.payment_paid_on === null) return null;
  return {
    currency: row.payment_currency,
    expected_amount: minorToMajor(row.payment_expected_minor, row.payment_currency),
    actual_amount: minorToMajor(row.payment_actual_minor, row.payment_currency),
    paid_on: row.payment_paid_on,
    percent: percentChangeText(row.payment_expected_minor, row.payment_actual_minor),
  };
}

export function toReminder(row: ReminderWithExpense, today: string, sentWith: readonly number[] = []): Reminder {
  return {
    id: row.id,
    expense_id: row.expense_id,
    expense_name: row.expense_name,
    amount: minorToMajor(row.amount_minor, row.currency),
    currency: row.currency,
    kind: row.kind,
    target_date: row.target_date,
    last_day: lastDayToSend(row),
    price_change: priceChangeOf(row),
    lead_days: row.lead_days,
    days_left: daysLeft(row.target_date, today),
    due_at: row.due_at,
    next_attempt_at: row.next_attempt_at,
    state: row.state,
    attempts: row.attempts,
    last_error: row.last_error,
    last_error_summary: row.last_error_summary,
    channels: {
      notification: row.notification,
      notified_at: row.notified_at,
      email: row.email,
      email_to: row.email_to,
      emailed_at: row.emailed_at,
    },
    message_id: row.message_id,
    snoozed_until: row.snoozed_until,
    sent_at: row.sent_at,
    dismissed_from: row.state === 'dismissed' ? restoredStateOf(row) : null,
    restorable: isRestorable(row, today),
    sent_with: [...sentWith],
    sent_in_digest: isDigestMessageId(row.message_id),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

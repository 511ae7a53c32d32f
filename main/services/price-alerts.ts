import type { Kysely } from 'kysely';
import { isPriceChange } from '../../common/domain/price-change';
import { cancelPriceAlerts, insertReminders } from '../db/repositories/reminders';
import { remindAllMembers } from '../db/repositories/workspace-members';
import type { Database, NewReminderRow } from '../db/schema';
import type { Clock } from '../ports';

// Price-change alerts (issue 13): a payment whose actual amount is more than 2 % off its expected one tells the
// subscription's recipients (its owner, and the admins and owners who asked for every reminder) once, by OS
// notification and email, through the reminder pipeline (claims, retries, one Message-ID across servers).
// Every path that sets a payment's actual amount calls alertPriceChange in its transaction, then re-arms:
// recording it by hand today, a matched statement line later.
//   - more than 2 % off: one alert per payment and recipient, due now. Recording again, even another amount more
//     than 2 % off, raises no second one: an alert not sent yet tells the amount as it stands when it goes out, and
//     once one went out the payment's list shows any later correction (one payment, one alert).
//   - within 2 % (exactly 2 % included): an alert that has not gone out is taken back.
// An alert's target date is the renewal paid (so the occurrence key is one alert per payment and recipient); it may
// go out until PRICE_ALERT_DAYS after it was raised (lastDayToSend), after that it is missed.

export interface AlertedPayment {
  workspace_id: number;
  expense_id: number;
  /** The renewal paid: with the subscription, names the payment. */
  renewal_date: string;
  /** The subscription's owner, always a recipient. */
  owner_id: number;
  expected_minor: number;
  actual_minor: number;
}

/** Raises or takes back the payment's price-change alert; returns whether any new alert is now due (re-arm after commit). */
export async function alertPriceChange(trx: Kysely<Database>, clock: Clock, payment: AlertedPayment): Promise<boolean> {
  if (!isPriceChange(payment.expected_minor, payment.actual_minor)) {
    await cancelPriceAlerts(trx, payment);
    return false;
  }
  const now = clock.now();
  const nowIso = now.toISOString();
  const extra = (await remindAllMembers(trx, [payment.workspace_id])).map((m) => m.user_id);
  const rows: NewReminderRow[] = [];
  for (const userId of new Set([payment.owner_id, ...extra])) {
    rows.push({
      user_id: userId,
      workspace_id: payment.workspace_id,
      expense_id: payment.expense_id,
      kind: 'price_change',
      target_date: payment.renewal_date,
      lead_days: 0,
      due_at: nowIso,
      next_attempt_at: nowIso,
      claimed_at: null,
      last_error: null,
      last_error_summary: null,
      message_id: null,
      notification: null,
      notified_at: null,
      email: null,
      email_to: null,
      emailed_at: null,
      snoozed_until: null,
      sent_at: null,
      dismissed_from: null,
      created_at: nowIso,
      updated_at: nowIso,
    });
  }
  return (await insertReminders(trx, rows)) > 0;
}

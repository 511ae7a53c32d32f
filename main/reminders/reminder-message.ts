import { createHash } from 'node:crypto';
import { describeCycle, type BillingCycle } from '../../common/domain/billing-cycles';
import { currencyExponent } from '../../common/domain/currencies';
import { roundMinor } from '../../common/domain/money';
import { yearlyEquivalent } from '../../common/domain/monthly-equivalent';
import { reminderKey, type ReminderKind } from '../../common/domain/reminder-plan';
import type { DesktopNotification } from '../ports';
import { renderReminderEmail, type ReminderEmail } from './reminder-email';

// What one occurrence says, by email and as an OS notification; and the Message-ID that names it.

export const MESSAGE_ID_DOMAIN = 'spend-manager.local';

export interface OccurrenceIdentity {
  id: number;
  expense_id: number;
  kind: ReminderKind;
  target_date: string;
  lead_days: number;
  snoozed_until: string | null;
}

/**
 * `<reminder-<id>-<hash of the occurrence key>@spend-manager.local>`: the same for every attempt at
 * one delivery (a resend after a crash is recognisably the same mail); a snoozed reminder is a new
 * mail and gets a suffix for its snooze.
 */
export function reminderMessageId(r: OccurrenceIdentity): string {
  const hash = createHash('sha256').update(reminderKey(r.expense_id, r)).digest('hex').slice(0, 16);
  const snooze = r.snoozed_until ? `-s${Math.floor(Date.parse(r.snoozed_until) / 1000)}` : '';
  return `<reminder-${r.id}-${hash}${snooze}@${MESSAGE_ID_DOMAIN}>`;
}

export interface MessageSubject {
  name: string;
  amount_minor: number;
  currency: string;
  cycle_unit: BillingCycle['unit'];
  cycle_every: number;
  url: string | null;
}

export interface ReminderMessage {
  email: ReminderEmail;
  notification: DesktopNotification;
}

/** One day a message tells about, with the days left until it. */
export interface ToldOccurrence {
  kind: ReminderKind;
  target_date: string;
  daysLeft: number;
}

/**
 * What one message says: one occurrence, or several of one subscription going out at the same
 * moment (a trial ending on its renewal date), told together in the order given.
 */
export function reminderMessage(
  occurrences: readonly [ToldOccurrence, ...ToldOccurrence[]],
  expense: MessageSubject & { id: number },
  context: { locale: string; companyName: string | null },
): ReminderMessage {
  const cycle: BillingCycle = { unit: expense.cycle_unit, every: expense.cycle_every };
  const [first, ...rest] = occurrences;
  const email = renderReminderEmail({
    expenseName: expense.name,
    kind: first.kind,
    targetDate: first.target_date,
    daysLeft: first.daysLeft,
    alongside: rest.map((o) => ({ kind: o.kind, targetDate: o.target_date, daysLeft: o.daysLeft })),
    amountMinor: expense.amount_minor,
    currency: expense.currency,
    currencyExponent: currencyExponent(expense.currency),
    cycleLabel: describeCycle(cycle),
    yearlyCostMinor: roundMinor(yearlyEquivalent(expense.amount_minor, cycle)),
    url: expense.url,
    locale: context.locale,
    companyName: context.companyName,
  });
  // "Figma renews in 7 days — $45.00" / "Still need it? …": the headline the email opens with.
  const headline = email.text.split('\n', 1)[0] ?? email.subject;
  return {
    email,
    notification: { title: email.subject, body: `${headline} Still need it?`, expenseId: expense.id },
  };
}

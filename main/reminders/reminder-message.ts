import { createHash } from 'node:crypto';
import { describeCycle, type BillingCycle } from '../../common/domain/billing-cycles';
import { currencyExponent } from '../../common/domain/currencies';
import { roundMinor } from '../../common/domain/money';
import { yearlyEquivalent } from '../../common/domain/monthly-equivalent';
import { type DateReminderKind, type ReminderKind, reminderKey } from '../../common/domain/reminder-plan';
import type { DesktopNotification } from '../ports';
import { renderDigestEmail, type DigestItem } from './digest-email';
import { renderPriceChangeEmail } from './price-change-email';
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

/**
 * `<digest-<account>-<first id>-<hash of every occurrence key>@spend-manager.local>`: one per digest,
 * fixed on its rows at their claim, so a resend after a crash is the same mail.
 */
export function reminderDigestId(userId: number, rows: readonly OccurrenceIdentity[]): string {
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  const hash = createHash('sha256')
    .update(sorted.map((r) => `${reminderKey(r.expense_id, r)}${r.snoozed_until ? `@${r.snoozed_until}` : ''}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return `<digest-${userId}-${sorted[0]!.id}-${hash}@${MESSAGE_ID_DOMAIN}>`;
}

/** Whether the message a row went out in was a digest of the account's reminders. */
export function isDigestMessageId(messageId: string | null): boolean {
  return messageId !== null && messageId.startsWith('<digest-');
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
  kind: DateReminderKind;
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

/** One subscription of a digest, with the day it tells of. */
export interface DigestOccurrence extends ToldOccurrence {
  expense: MessageSubject;
}

/** What a digest says: many of one account's reminders at once, by email and as one OS notification. */
export function reminderDigest(
  occurrences: readonly [DigestOccurrence, ...DigestOccurrence[]],
  context: { locale: string; companyName: string | null },
): ReminderMessage {
  const items = occurrences.map(
    (o): DigestItem => ({
      expenseName: o.expense.name,
      kind: o.kind,
      targetDate: o.target_date,
      daysLeft: o.daysLeft,
      amountMinor: o.expense.amount_minor,
      currency: o.expense.currency,
      currencyExponent: currencyExponent(o.expense.currency),
      cycleLabel: describeCycle({ unit: o.expense.cycle_unit, every: o.expense.cycle_every }),
      url: o.expense.url,
    }),
  );
  const email = renderDigestEmail({ items: items as [DigestItem, ...DigestItem[]], locale: context.locale, companyName: context.companyName });
  const names = [...new Set(occurrences.map((o) => o.expense.name.trim() || 'A subscription'))];
  const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  return { email, notification: { title: email.subject, body: `${shown}. Still need them all?` } };
}

/** The payment a price-change alert tells of, as it stands when the alert goes out. */
export interface AlertPayment {
  currency: string;
  expected_minor: number;
  actual_minor: number;
  paid_on: string;
}

/** What a price-change alert says: "Slack went from $87.50 to $96.25 (+10 %) on Mar 3, 2026", by email and as an OS notification. */
export function priceChangeMessage(payment: AlertPayment, expense: Pick<MessageSubject, 'name' | 'url'> & { id: number }, context: { locale: string; companyName: string | null }): ReminderMessage {
  const email = renderPriceChangeEmail({
    expenseName: expense.name,
    currency: payment.currency,
    currencyExponent: currencyExponent(payment.currency),
    expectedMinor: payment.expected_minor,
    actualMinor: payment.actual_minor,
    paidOn: payment.paid_on,
    url: expense.url,
    locale: context.locale,
    companyName: context.companyName,
  });
  const more = payment.actual_minor > payment.expected_minor;
  return {
    email,
    notification: { title: email.subject, body: more ? 'It cost more than its plan says. Check the price before the next renewal.' : 'It cost less than its plan says. Update the subscription if the plan changed.', expenseId: expense.id },
  };
}

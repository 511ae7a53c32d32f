// Every reminder occurrence is decided here, so the scheduler only stores rows and fires them.

import { type BillingCycle, nextCycleDate, rollForward } from './billing-cycles';
import { type IsoDate, addDays, diffDays, formatIsoDate, fromEpochDay, partsOf, toEpochDay } from './calendar-date';
import { PRICE_ALERT_DAYS } from './price-change';
import { zonedTimeToInstant } from './zoned-time';

export type SubscriptionStatus = 'active' | 'trial' | 'paused' | 'cancelled';
/**
 * follow_up: the day a renewal review's negotiation said to come back to it (issue 13). price_change: a payment cost
 * more than 2 % off what was expected (issue 13); raised when it is recorded, never planned (see price-change.ts).
 */
export type ReminderKind = 'renewal' | 'notice' | 'trial' | 'follow_up' | 'price_change';
export const REMINDER_KINDS: readonly ReminderKind[] = ['renewal', 'notice', 'trial', 'follow_up', 'price_change'];
/** The kinds about a day ahead (a charge, a deadline, a trial end, a follow-up): a price change is news of a payment instead. */
export type DateReminderKind = Exclude<ReminderKind, 'price_change'>;

export function isDateReminderKind(kind: ReminderKind): kind is DateReminderKind {
  return kind !== 'price_change';
}

export const MAX_LEAD_DAYS = 365;

/** The calendar ends here: nothing on a later day can be planned, stored or shown. */
export const LAST_DATE: IsoDate = '9999-12-31';
const LAST_EPOCH_DAY = toEpochDay(LAST_DATE);
const FIRST_EPOCH_DAY = toEpochDay('0001-01-01');
/** Instants outside these print with a sign or 5+ digit year in ISO 8601, which no column expects. */
const FIRST_INSTANT_MS = Date.parse('0000-01-01T00:00:00.000Z');
const LAST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

export interface ReminderSubject {
  status: SubscriptionStatus;
  renewal_date: IsoDate;
  cycle: BillingCycle;
  anchor_day: number;
  auto_renew: boolean;
  trial_ends_on: IsoDate | null;
  notice_period_days: number | null;
  reminder_days: readonly number[];
  /**
   * A running fixed-term contract (issue 13): its current end, and whether the plan ends there. Its last day to
   * cancel (the end minus the notice period) replaces the renewals' own; a plan that ends is not reminded of
   * renewals from its end on, nor of any deadline.
   */
  contract?: { end_date: IsoDate; ends: boolean } | null;
}

export interface ReminderDelivery {
  /** 'HH:MM' on the user's wall clock. */
  timeOfDay: string;
  /** IANA zone, e.g. 'Europe/Berlin'. */
  timeZone: string;
}

export interface PlannedReminder {
  kind: DateReminderKind;
  /** The day the reminder is about: renewal, last day to cancel, or trial end. */
  target_date: IsoDate;
  lead_days: number;
  due_at: Date;
}

export function isValidLeadDay(n: unknown): n is number {
  return Number.isInteger(n) && (n as number) >= 0 && (n as number) <= MAX_LEAD_DAYS;
}

const KIND_ORDER: Record<ReminderKind, number> = { price_change: 0, follow_up: 1, notice: 2, trial: 3, renewal: 4 };

/** The order occurrences of one day are told in: news of a price, the follow-up and the deadline first, the charge last. */
export function compareKinds(a: ReminderKind, b: ReminderKind): number {
  return KIND_ORDER[a] - KIND_ORDER[b];
}

/** `date` moved by `days`, or null when that leaves years 0001–9999 (never thrown, never a 5-digit year). */
function shiftWithin(date: IsoDate, days: number): IsoDate | null {
  const day = toEpochDay(date) + days;
  return day < FIRST_EPOCH_DAY || day > LAST_EPOCH_DAY ? null : fromEpochDay(day);
}

// One cycle after `date`, or null past the end of the calendar (nextCycleDate would throw there).
function nextCycleWithin(date: IsoDate, cycle: BillingCycle, anchorDay: number): IsoDate | null {
  if (cycle.unit === 'day' || cycle.unit === 'week') {
    const step = cycle.unit === 'week' ? 7 * cycle.every : cycle.every;
    return toEpochDay(date) + step > LAST_EPOCH_DAY ? null : nextCycleDate(date, cycle, anchorDay);
  }
  const { year, month } = partsOf(date);
  const months = (cycle.unit === 'year' ? 12 : 1) * cycle.every;
  return Math.floor((year * 12 + month - 1 + months) / 12) > 9999 ? null : nextCycleDate(date, cycle, anchorDay);
}

// A day at most one cycle before `from` (so a roll forward to it never passes `from`), or null before year 1.
function oneCycleBefore(from: IsoDate, cycle: BillingCycle): IsoDate | null {
  if (cycle.unit === 'day' || cycle.unit === 'week') return shiftWithin(from, -(cycle.unit === 'week' ? 7 : 1) * cycle.every);
  const { year, month } = partsOf(from);
  const index = year * 12 + month - 1 - (cycle.unit === 'year' ? 12 : 1) * cycle.every;
  return index < 12 ? null : formatIsoDate({ year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 });
}

/**
 * The first charge of the plan started at `renewal` on or after `from`; null when it would fall after
 * 9999-12-31. Steps with billing-cycles' own rules, only where they cannot leave the calendar.
 */
export function cycleOnOrAfter(renewal: IsoDate, cycle: BillingCycle, anchorDay: number, from: IsoDate): IsoDate | null {
  if (renewal >= from) return renewal;
  const back = oneCycleBefore(from, cycle);
  // rollForward lands before `from` here, so it never computes a date past `from`'s year.
  let date: IsoDate | null = back === null || back <= renewal ? renewal : rollForward(renewal, cycle, anchorDay, back);
  while (date !== null && date < from) date = nextCycleWithin(date, cycle, anchorDay);
  return date;
}

export interface NoticeInput {
  status: SubscriptionStatus;
  renewal_date: IsoDate;
  cycle: BillingCycle;
  anchor_day: number;
  auto_renew: boolean;
  notice_period_days: number | null;
}

/** One renewal and the last day to cancel before it. */
export interface CancelDeadline {
  last_day: IsoDate;
  renewal_date: IsoDate;
}

/**
 * The last day to cancel, as planner and form both tell it. `upcoming`: this cycle's is today or later.
 * `passed`: this cycle's went by (the notice is longer than the time left), so this renewal will be
 * charged; `next` is the first later renewal that can still be stopped (null past the calendar's end).
 */
export type NoticeDeadline =
  | ({ state: 'upcoming' } & CancelDeadline)
  /** last_day is null only when it would fall before 0001-01-01. */
  | { state: 'passed'; last_day: IsoDate | null; renewal_date: IsoDate; next: CancelDeadline | null };

/** null when there is nothing to cancel in time for: no notice period, no auto-renew, or not running. */
export function noticeDeadline(subject: NoticeInput, today: IsoDate): NoticeDeadline | null {
  const notice = subject.notice_period_days;
  if (subject.status !== 'active' && subject.status !== 'trial') return null;
  // Without auto-renew nothing will be charged, so there is no cancellation deadline.
  if (!subject.auto_renew || notice === null || notice === 0) return null;
  if (!Number.isInteger(notice) || notice < 0) throw new RangeError(`Invalid notice period: ${notice}`);
  // A renewal date already passed rolls forward before anyone reads it; this cycle is the first one from today.
  const renewal = cycleOnOrAfter(subject.renewal_date, subject.cycle, subject.anchor_day, today);
  if (renewal === null) return null;
  const lastDay = shiftWithin(renewal, -notice);
  if (lastDay !== null && lastDay >= today) return { state: 'upcoming', last_day: lastDay, renewal_date: renewal };
  const earliest = shiftWithin(today, notice);
  const nextRenewal = earliest === null ? null : cycleOnOrAfter(renewal, subject.cycle, subject.anchor_day, earliest);
  const next = nextRenewal === null ? null : { last_day: shiftWithin(nextRenewal, -notice)!, renewal_date: nextRenewal };
  return { state: 'passed', last_day: lastDay, renewal_date: renewal, next };
}

interface Target {
  kind: DateReminderKind;
  date: IsoDate;
  /** Only lead days falling on or before this day (null: every lead day). */
  dueBy: IsoDate | null;
}

// The days a subscription's reminders are about, from `today` on: past ones are never computed.
function targetsOf(subject: ReminderSubject, today: IsoDate, longestLead: number): Target[] {
  if (subject.status !== 'active' && subject.status !== 'trial') return [];
  const targets: Target[] = [];
  const contract = subject.contract ?? null;
  // Kept without auto-renew too: the user still wants to hear that the service ends.
  if (subject.renewal_date >= today && !(contract?.ends && subject.renewal_date >= contract.end_date)) targets.push({ kind: 'renewal', date: subject.renewal_date, dueBy: null });
  targets.push(...(contract === null ? cancelDeadlines(subject, today, longestLead) : contractDeadline(subject, contract, today)));
  if (subject.status === 'trial' && subject.trial_ends_on !== null && subject.trial_ends_on >= today) {
    targets.push({ kind: 'trial', date: subject.trial_ends_on, dueBy: null });
  }
  return targets;
}

/** Under a contract, the one deadline: its end minus the notice period, while it lies ahead (none for a plan that ends). */
function contractDeadline(subject: ReminderSubject, contract: { end_date: IsoDate; ends: boolean }, today: IsoDate): Target[] {
  const notice = subject.notice_period_days;
  if (contract.ends || !subject.auto_renew || notice === null || notice === 0) return [];
  const lastDay = shiftWithin(contract.end_date, -notice);
  return lastDay !== null && lastDay >= today ? [{ kind: 'notice', date: lastDay, dueBy: null }] : [];
}

/**
 * The last days to cancel worth planning now: the first one still ahead (all its lead days), and
 * later ones whose lead days fall before the next replan — the roll forward the day after this
 * cycle's renewal — so a notice period longer than a cycle still warns on time. Nothing past that:
 * a daily plan with a year's notice would otherwise plan a year of deadlines.
 */
function cancelDeadlines(subject: ReminderSubject, today: IsoDate, longestLead: number): Target[] {
  const first = noticeDeadline(subject, today);
  const cancelBy = first?.state === 'upcoming' ? first : (first?.next ?? null);
  if (!first || !cancelBy) return [];
  const targets: Target[] = [{ kind: 'notice', date: cancelBy.last_day, dueBy: null }];
  const replanOn = shiftWithin(first.renewal_date, 1);
  if (replanOn === null) return targets;
  const notice = subject.notice_period_days!;
  for (let renewal = nextCycleWithin(cancelBy.renewal_date, subject.cycle, subject.anchor_day); renewal !== null; ) {
    const lastDay = shiftWithin(renewal, -notice)!;
    if (diffDays(lastDay, replanOn) > longestLead) break;
    targets.push({ kind: 'notice', date: lastDay, dueBy: replanOn });
    renewal = nextCycleWithin(renewal, subject.cycle, subject.anchor_day);
  }
  return targets;
}

/**
 * Every reminder occurrence still ahead for one subscription (its day is `today` or later), earliest
 * first. A lead day that would fall outside the calendar, or at an instant ISO 8601 cannot carry in
 * four digits, cannot happen and is left out.
 */
export function planReminders(subject: ReminderSubject, delivery: ReminderDelivery, today: IsoDate): PlannedReminder[] {
  const invalid = subject.reminder_days.find((d) => !isValidLeadDay(d));
  if (invalid !== undefined) throw new RangeError(`Invalid reminder lead day: ${invalid}`);
  const leads = [...new Set(subject.reminder_days)].sort((a, b) => a - b);
  if (leads.length === 0) return [];

  const planned: PlannedReminder[] = [];
  for (const { kind, date, dueBy } of targetsOf(subject, today, leads[leads.length - 1]!)) {
    for (const lead of leads) {
      const day = shiftWithin(date, -lead);
      if (day === null) continue;
      // A later deadline's lead days that are already due are left to the first deadline's reminders.
      if (dueBy !== null && (day > dueBy || day < today)) continue;
      const due = zonedTimeToInstant(day, delivery.timeOfDay, delivery.timeZone);
      if (due.getTime() < FIRST_INSTANT_MS || due.getTime() > LAST_INSTANT_MS) continue;
      planned.push({ kind, target_date: date, lead_days: lead, due_at: due });
    }
  }
  return planned.sort((a, b) => a.due_at.getTime() - b.due_at.getTime() || compareKinds(a.kind, b.kind) || a.lead_days - b.lead_days);
}

/**
 * The reminder of a negotiation's follow-up date: on the day itself at the time of day reminders go out, or null once
 * that day has passed (or lies outside the calendar's instants). Planned while the negotiation is its review's latest
 * entry; a later decision takes it away.
 */
export function planFollowUp(followUpOn: IsoDate, delivery: ReminderDelivery, today: IsoDate): PlannedReminder | null {
  if (followUpOn < today) return null;
  const due = zonedTimeToInstant(followUpOn, delivery.timeOfDay, delivery.timeZone);
  if (due.getTime() < FIRST_INSTANT_MS || due.getTime() > LAST_INSTANT_MS) return null;
  return { kind: 'follow_up', target_date: followUpOn, lead_days: 0, due_at: due };
}

/**
 * The last day a reminder may still go out (after it, it is missed; retries and snoozes stop there): the day it is
 * about, or for a price-change alert (about a renewal already paid) PRICE_ALERT_DAYS after the UTC day it was raised.
 */
export function lastDayToSend(row: { kind: ReminderKind; target_date: IsoDate; due_at: string }): IsoDate {
  return row.kind === 'price_change' ? addDays(row.due_at.slice(0, 10), PRICE_ALERT_DAYS) : row.target_date;
}

/** Stable identity of one occurrence, for the reminders table's unique key. */
export function reminderKey(
  expenseId: number | string,
  reminder: { kind: ReminderKind; target_date: IsoDate; lead_days: number },
): string {
  return [encodeURIComponent(String(expenseId)), reminder.kind, reminder.target_date, reminder.lead_days].join(':');
}

// The one rule for lists in the app's words: British style, no comma before "and" ("30, 7 and 1").
const AND = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' });

/** "a, b and c". */
export function joinWords(items: readonly string[]): string {
  return AND.format(items);
}

/** Several lead days in one phrase: "30, 7 and 1 day before", "14 days before and on the day". */
export function leadDaysPhrase(days: readonly number[]): string {
  const before = [...new Set(days)].filter((d) => d > 0).sort((a, b) => b - a);
  const parts: string[] = [];
  if (before.length > 0) parts.push(`${joinWords(before.map(String))} ${before.at(-1) === 1 ? 'day' : 'days'} before`);
  if (days.includes(0)) parts.push('on the day');
  return joinWords(parts);
}

/** Whole days from `today` until `target`; 0 on the day itself, negative once passed. */
export function daysLeft(target: IsoDate, today: IsoDate): number {
  return diffDays(target, today);
}

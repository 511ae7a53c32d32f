import ical, { ICalAlarmRelatesTo, ICalAlarmType, ICalEventTransparency, type ICalCalendar, type ICalEvent } from 'ical-generator';
import { type BillingCycle, describeCycle } from '../../common/domain/billing-cycles';
import { type IsoDate, addDaysWithin } from '../../common/domain/calendar-date';
import { currencyExponent } from '../../common/domain/currencies';
import { deadlineRecurrenceOf } from '../../common/domain/deadline-recurrence';
import { type Recurrence, recurrenceOf } from '../../common/domain/recurrence-rule';
import { noticeDeadline } from '../../common/domain/reminder-plan';
import type { ExpenseRow } from '../db/repositories/expenses';
import { formatMoney, safeLink } from '../reminders/reminder-email';
import { parseLeadDays } from './account-settings';
import { currentCycle } from './current-cycle';

// A workspace's subscriptions as an iCalendar file (RFC 5545), written with ical-generator: one all-day event
// per live subscription, recurring like its renewals (recurrence-rule.ts), with VALARMs at its reminder lead days
// and time of day; a trial's end and the last days to cancel are events of their own. UIDs are stable, so a
// calendar app that reads the feed again updates its events instead of adding new ones.

/** What the file is built from: a subscription row with its category's name. */
export type CalendarExpense = Pick<
  ExpenseRow,
  | 'id'
  | 'name'
  | 'amount_minor'
  | 'currency'
  | 'cycle_unit'
  | 'cycle_every'
  | 'anchor_day'
  | 'renewal_date'
  | 'description'
  | 'status'
  | 'trial_ends_on'
  | 'notice_period_days'
  | 'auto_renew'
  | 'url'
  | 'reminder_days'
  | 'reminder_sent'
  | 'cancelled_at'
> & { category_name: string };

export interface CalendarInput {
  /** The calendar's name in the app that subscribes (X-WR-CALNAME): the workspace's name. */
  name: string;
  expenses: readonly CalendarExpense[];
  /** Lead days of subscriptions without their own. */
  defaultDays: readonly number[];
  /** "HH:MM": when on a lead day the alarm goes off (the reminders' time of day). */
  timeOfDay: string;
  /** Amounts in titles are written for this locale. */
  locale: string;
  /** Today in the reader's zone: passed renewals are on their current cycle, passed trials are over. */
  today: IsoDate;
  now: Date;
}

const DOMAIN = 'spend-manager';
/** How often a subscribed calendar should read the feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 12 * 60 * 60;
const DAY_SECONDS = 86_400;

const uid = (id: number, part?: string) => `expense-${id}${part ? `-${part}` : ''}@${DOMAIN}`;
const dayStart = (date: IsoDate) => new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));
const compact = (date: IsoDate) => date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10);

function secondsOfDay(timeOfDay: string): number {
  const [h, m] = timeOfDay.split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60;
}

interface EventSpec {
  id: string;
  date: IsoDate;
  summary: string;
  description: string;
  url: string | null;
  /** A recurrence set (RRULE and/or RDATE) starting on `date`; absent: one day. */
  recurrence?: Recurrence;
}

/**
 * The RRULE and RDATE lines ical-generator writes as they are (an all-day set: VALUE=DATE). It takes a single
 * line for an RRULE value, so a set of listed dates (no RRULE) is split in two RDATE lines.
 */
function recurrenceLines(recurrence: Recurrence): string | null {
  const rdate = (dates: readonly IsoDate[]) => `RDATE;VALUE=DATE:${dates.map(compact).join(',')}`;
  const dates = recurrence.extraDates;
  if (recurrence.rule) return dates.length > 0 ? `RRULE:${recurrence.rule}\n${rdate(dates)}` : `RRULE:${recurrence.rule}`;
  return dates.length > 1 ? `${rdate(dates.slice(0, 1))}\n${rdate(dates.slice(1))}` : null;
}

function addEvent(calendar: ICalCalendar, spec: EventSpec, leads: readonly number[], alarmAt: number, stamp: Date): ICalEvent {
  const end = addDaysWithin(spec.date, 1);
  const event = calendar.createEvent({
    id: spec.id,
    start: dayStart(spec.date),
    ...(end ? { end: dayStart(end) } : {}),
    allDay: true,
    stamp,
    summary: spec.summary,
    description: spec.description,
    ...(spec.url ? { url: spec.url } : {}),
    // Free time: a renewal does not make anyone busy.
    transparency: ICalEventTransparency.TRANSPARENT,
  });
  const lines = spec.recurrence ? recurrenceLines(spec.recurrence) : null;
  if (lines) event.repeating(lines);
  for (const lead of leads) {
    // ical-generator's positive trigger is "before the start": lead days back, then forward to the time of day.
    // RELATED=START said outright: ical-generator would relate a trigger after the start to the end (and its
    // constructor ignores relatesTo, hence the call).
    event.createAlarm({ type: ICalAlarmType.display, trigger: lead * DAY_SECONDS - alarmAt, description: spec.summary }).relatesTo(ICalAlarmRelatesTo.start);
  }
  return event;
}

/**
 * Lines folded at 75 octets (RFC 5545 §3.1) exactly as ical-generator's foldLines folds them, in one pass:
 * its own allocates a TextEncoder per character, 2.5 s for the 1,000-subscription file (npm run bench calendar).
 */
export function foldLines(text: string): string {
  const parts: string[] = [];
  let from = 0;
  let octets = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 && text.charCodeAt(i + 1) === 10) {
      octets = 0;
      i += 1;
      continue;
    }
    // UTF-8 length; a surrogate pair's high half counts the pair (4), its low half is skipped.
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? 4 : 3;
    octets += size;
    if (octets > 74) {
      parts.push(text.slice(from, i));
      from = i;
      octets = size;
    }
    if (size === 4) i += 1;
  }
  parts.push(text.slice(from));
  return parts.join('\r\n ');
}

/** The workspace's live subscriptions as .ics text. */
export function calendarIcs(input: CalendarInput): string {
  const calendar = ical({
    name: input.name,
    prodId: { company: 'Spend Manager', product: 'Spend Manager', language: 'EN' },
    ttl: REFRESH_SECONDS,
  });
  // The calendar's own lines, written before it has events; the events are written by ical-generator and folded here.
  const END = 'END:VCALENDAR';
  const head = calendar.toString().slice(0, -END.length);
  const nowIso = input.now.toISOString();
  const alarmAt = secondsOfDay(input.timeOfDay);
  for (const row of input.expenses) {
    const e = currentCycle(row, input.today, nowIso);
    if (e.status !== 'active' && e.status !== 'trial') continue;
    const leads = [...new Set(parseLeadDays(e.reminder_days) ?? input.defaultDays)].sort((a, b) => b - a);
    const cycle: BillingCycle = { unit: e.cycle_unit, every: e.cycle_every };
    const amount = formatMoney(e.amount_minor, e.currency, currencyExponent(e.currency), input.locale);
    const link = safeLink(e.url);
    const details = [e.description ? `Notes: ${e.description}` : '', link ? `Cancel or manage: ${link}` : ''].filter(Boolean);
    const title = `${e.name} — ${amount}`;
    const add = (spec: Omit<EventSpec, 'url'>) => addEvent(calendar, { ...spec, url: link }, leads, alarmAt, input.now);

    if (e.auto_renew === 1) {
      const recurrence = recurrenceOf(e.renewal_date, cycle, e.anchor_day);
      const description = [`${amount}, ${describeCycle(cycle)} (${e.category_name})`, ...details].join('\n');
      // A first renewal out of step with the anchor is charged once, then the plan returns to its anchor day.
      if (!recurrence || recurrence.once) add({ id: uid(e.id, recurrence ? 'first' : undefined), date: e.renewal_date, summary: title, description });
      if (recurrence) add({ id: uid(e.id), date: recurrence.start, summary: title, description, recurrence });
    } else {
      const description = [`${amount} (${e.category_name}). Auto-renew is off: the subscription ends on this day unless it is renewed by hand.`, ...details].join('\n');
      add({ id: uid(e.id), date: e.renewal_date, summary: `${title} (ends, does not renew)`, description });
    }

    if (e.status === 'trial' && e.trial_ends_on !== null && e.trial_ends_on >= input.today) {
      const then = e.auto_renew === 1 ? `Then ${amount}, ${describeCycle(cycle)}, unless it is cancelled.` : 'Auto-renew is off: nothing is charged after it.';
      add({ id: uid(e.id, 'trial'), date: e.trial_ends_on, summary: `${e.name}: trial ends`, description: [then, ...details].join('\n') });
    }

    const notice = noticeDeadline(
      { status: e.status, renewal_date: e.renewal_date, cycle, anchor_day: e.anchor_day, auto_renew: e.auto_renew === 1, notice_period_days: e.notice_period_days },
      input.today,
    );
    const cancelBy = notice?.state === 'upcoming' ? notice : (notice?.next ?? null);
    const deadlines = cancelBy ? deadlineRecurrenceOf(cancelBy.renewal_date, cycle, e.anchor_day, e.notice_period_days!) : null;
    if (deadlines) {
      const days = e.notice_period_days!;
      const description = [`Cancel by the end of this day to stop the next renewal of ${amount} (${days} ${days === 1 ? "day's" : "days'"} notice).`, ...details].join('\n');
      add({ id: uid(e.id, 'cancel'), date: deadlines.start, summary: `Last day to cancel ${e.name} — ${amount}`, description, recurrence: deadlines });
    }
  }
  return `${head}${foldLines(calendar.events().map((event) => event.toString()).join(''))}${END}`;
}

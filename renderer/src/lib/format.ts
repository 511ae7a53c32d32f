// Money, dates, times and cycles for people: Intl in the account's locale and zone, never hand-built strings.
// The one formatting module of the renderer.
import type { BillingCycle, CycleUnit } from '../../../common/domain/billing-cycles';
import { partsOf, type IsoDate } from '../../../common/domain/calendar-date';

export interface Formatters {
  locale: string;
  /** The account's zone (IANA); undefined until settings have loaded, meaning the OS's. */
  timeZone: string | undefined;
  /** 45.5, "USD" → "$45.50" (major units in, the currency's own decimals out). */
  money(amount: number, currency: string): string;
  /** Axis labels: "$1.2K". */
  moneyCompact(amount: number, currency: string): string;
  number(value: number): string;
  /** A calendar date, "2027-03-31" → "Mar 31, 2027", the same in every zone. */
  date(iso: IsoDate): string;
  /** "2027-03" (or a date in it) → "Mar" / "March 2027". */
  month(isoMonth: string, style?: 'short' | 'long'): string;
  /** 3 → "in 3 days", 1 → "tomorrow", 0 → "today", -2 → "2 days ago". */
  relativeDays(days: number): string;
  /** An instant on the account's wall clock: "Mar 28, 2027, 9:00 AM". */
  dateTime(instant: string | Date): string;
  /** The day an instant falls on, on the account's wall clock: "Mar 28, 2027". */
  dayOf(instant: string | Date): string;
  /** "9:00 AM" for an instant. */
  time(instant: string | Date): string;
  /** From now to an instant: "in 5 hours", "in 2 days", "3 minutes ago". */
  relativeTo(instant: string | Date, now?: number): string;
}

/** A usable BCP 47 tag: the wanted one if Intl knows it, else the browser's, else en-US. */
export function resolveLocale(wanted: string | null | undefined): string {
  for (const candidate of [wanted, typeof navigator !== 'undefined' ? navigator.language : undefined, 'en-US']) {
    if (!candidate) continue;
    try {
      return Intl.getCanonicalLocales(candidate)[0] ?? 'en-US';
    } catch {
      // an invalid tag: try the next one
    }
  }
  return 'en-US';
}

function cached<T>(make: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = make(key);
      cache.set(key, value);
    }
    return value;
  };
}

// Calendar dates carry no zone: format them at UTC midnight so no offset shifts the day.
function utcDate(iso: IsoDate): Date {
  const { year, month, day } = partsOf(iso);
  return new Date(Date.UTC(year, month - 1, day));
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Where the account lives: its locale and zone (from Settings); before those load, the OS's. */
export interface AccountPlace {
  locale: string | null;
  effective_time_zone: string;
}

export function createFormatters(place: AccountPlace | undefined): Formatters {
  const locale = resolveLocale(place?.locale);
  const timeZone = place?.effective_time_zone;
  const currencyFormat = cached((currency) => {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
  });
  const compactFormat = cached((currency) => {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
    } catch {
      return new Intl.NumberFormat(locale, { notation: 'compact' });
    }
  });
  const numberFormat = new Intl.NumberFormat(locale);
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const monthShort = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  const monthLong = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const timeFormat = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });

  return {
    locale,
    timeZone,
    money: (amount, currency) => currencyFormat(currency).format(amount),
    moneyCompact: (amount, currency) => compactFormat(currency).format(amount),
    number: (value) => numberFormat.format(value),
    date: (iso) => dateFormat.format(utcDate(iso)),
    month: (isoMonth, style = 'short') => (style === 'short' ? monthShort : monthLong).format(utcDate(`${isoMonth.slice(0, 7)}-01`)),
    relativeDays: (days) => relative.format(days, 'day'),
    dateTime: (instant) => dateTimeFormat.format(new Date(instant)),
    dayOf: (instant) => dayFormat.format(new Date(instant)),
    time: (instant) => timeFormat.format(new Date(instant)),
    relativeTo(instant, now = Date.now()) {
      const ms = new Date(instant).getTime() - now;
      const abs = Math.abs(ms);
      if (abs < HOUR) return relative.format(Math.round(ms / MINUTE), 'minute');
      // From ~a day on, whole days read better ("tomorrow", "in 3 days") than "in 23 hours".
      if (abs < 22 * HOUR) return relative.format(Math.round(ms / HOUR), 'hour');
      return relative.format(Math.round(ms / DAY), 'day');
    },
  };
}

const UNIT_WORDS: Record<CycleUnit, [one: string, many: string]> = {
  day: ['day', 'days'],
  week: ['week', 'weeks'],
  month: ['month', 'months'],
  year: ['year', 'years'],
};

/** { month, 1 } → "/ month"; { month, 3 } → "every 3 months". */
export function cycleLabel(cycle: BillingCycle): string {
  const [one, many] = UNIT_WORDS[cycle.unit];
  return cycle.every === 1 ? `/ ${one}` : `every ${cycle.every} ${many}`;
}

/** "$45.00 / month" or "$120.00 every 3 months". */
export function amountWithCycle(f: Formatters, amount: number, currency: string, cycle: BillingCycle): string {
  return `${f.money(amount, currency)} ${cycleLabel(cycle)}`;
}

export function unitWord(unit: CycleUnit, every: number): string {
  return UNIT_WORDS[unit][every === 1 ? 0 : 1];
}

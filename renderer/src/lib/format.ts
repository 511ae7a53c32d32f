// Money, dates and cycles for people: Intl in the account's locale, never hand-built strings.
import type { BillingCycle, CycleUnit } from '../../../common/domain/billing-cycles';
import { partsOf, type IsoDate } from '../../../common/domain/calendar-date';

export interface Formatters {
  locale: string;
  /** 45.5, "USD" → "$45.50" (major units in, the currency's own decimals out). */
  money(amount: number, currency: string): string;
  /** Axis labels: "$1.2K". */
  moneyCompact(amount: number, currency: string): string;
  /** "2027-03-31" → "Mar 31, 2027". */
  date(iso: IsoDate): string;
  /** "2027-03" (or a date in it) → "Mar" / "March 2027". */
  month(isoMonth: string, style?: 'short' | 'long'): string;
  /** 3 → "in 3 days", 1 → "tomorrow", 0 → "today", -2 → "2 days ago". */
  relativeDays(days: number): string;
  /** An ISO timestamp → "Mar 31, 2027". */
  timestamp(iso: string): string;
  number(value: number): string;
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

export function createFormatters(wantedLocale: string | null | undefined): Formatters {
  const locale = resolveLocale(wantedLocale);
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
  const dateFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const monthShort = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  const monthLong = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const timestampFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const numberFormat = new Intl.NumberFormat(locale);

  return {
    locale,
    money: (amount, currency) => currencyFormat(currency).format(amount),
    moneyCompact: (amount, currency) => compactFormat(currency).format(amount),
    date: (iso) => dateFormat.format(utcDate(iso)),
    month: (isoMonth, style = 'short') => (style === 'short' ? monthShort : monthLong).format(utcDate(`${isoMonth.slice(0, 7)}-01`)),
    relativeDays: (days) => relative.format(days, 'day'),
    timestamp: (iso) => timestampFormat.format(new Date(iso)),
    number: (value) => numberFormat.format(value),
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

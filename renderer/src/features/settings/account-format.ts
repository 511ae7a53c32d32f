import { useMemo } from 'react';
import type { Settings } from '../../../../common/contract';
import { resolveLocale } from '../../lib/format';
import { useSettings } from './use-settings';

// Intl in the account's locale and zone; the OS locale and zone until settings have loaded.

export interface AccountFormat {
  locale: string;
  timeZone: string | undefined;
  /** "Mar 31, 2027" for a calendar date (YYYY-MM-DD), independent of any zone. */
  date(iso: string): string;
  /** "Mar 28, 2027, 9:00 AM" for an instant, on the account's wall clock. */
  dateTime(instant: string | Date): string;
  /** "Mar 28, 2027" for the day an instant falls on, on the account's wall clock. */
  dayOf(instant: string | Date): string;
  /** "9:00 AM" for an instant. */
  time(instant: string | Date): string;
  /** "in 3 days", "tomorrow", "2 days ago". */
  relativeDays(days: number): string;
  /** "in 5 hours", "in 2 days", "3 minutes ago" from now to an instant. */
  relativeTo(instant: string | Date, now?: number): string;
  money(amount: number, currency: string): string;
  number(value: number): string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function accountFormat(settings: Pick<Settings, 'locale' | 'effective_time_zone'> | undefined): AccountFormat {
  const locale = resolveLocale(settings?.locale);
  const timeZone = settings?.effective_time_zone ?? undefined;
  const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const dayFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const timeFmt = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return {
    locale,
    timeZone,
    date(iso) {
      const [y, m, d] = iso.split('-').map(Number);
      return dateFmt.format(new Date(Date.UTC(y!, m! - 1, d!)));
    },
    dateTime: (instant) => dateTimeFmt.format(new Date(instant)),
    dayOf: (instant) => dayFmt.format(new Date(instant)),
    time: (instant) => timeFmt.format(new Date(instant)),
    relativeDays: (days) => relative.format(days, 'day'),
    relativeTo(instant, now = Date.now()) {
      const ms = new Date(instant).getTime() - now;
      const abs = Math.abs(ms);
      if (abs < HOUR) return relative.format(Math.round(ms / MINUTE), 'minute');
      // From ~a day on, whole days read better ("tomorrow", "in 3 days") than "in 23 hours".
      if (abs < 22 * HOUR) return relative.format(Math.round(ms / HOUR), 'hour');
      return relative.format(Math.round(ms / DAY), 'day');
    },
    money: (amount, currency) => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount),
    number: (value) => new Intl.NumberFormat(locale).format(value),
  };
}

export function useAccountFormat(): AccountFormat {
  const { data } = useSettings();
  const locale = data?.locale;
  const zone = data?.effective_time_zone;
  return useMemo(() => accountFormat(locale === undefined || zone === undefined ? undefined : { locale, effective_time_zone: zone }), [locale, zone]);
}

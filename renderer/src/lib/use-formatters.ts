import { useMemo } from 'react';
import { todayIn, type IsoDate } from '../../../common/domain/calendar-date';
import { createFormatters, type Formatters } from './format';
import { useSettings } from './queries';

/** Formatters in the account's locale (settings.locale, else the browser's). */
export function useFormatters(): Formatters {
  const { data } = useSettings();
  const locale = data?.locale ?? null;
  return useMemo(() => createFormatters(locale), [locale]);
}

/** Today's calendar date where the account lives (its time zone, else the OS's). */
export function useToday(): IsoDate {
  const { data } = useSettings();
  const zone = data?.effective_time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    return todayIn(zone, new Date());
  } catch {
    return todayIn('UTC', new Date());
  }
}

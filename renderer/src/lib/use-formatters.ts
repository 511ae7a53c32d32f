import { useMemo } from 'react';
import { todayIn, type IsoDate } from '../../../common/domain/calendar-date';
import { useSettings } from '../features/settings/queries';
import { createFormatters, type Formatters } from './format';

/** Formatters in the account's locale and zone (from Settings; the OS's until they have loaded). */
export function useFormatters(): Formatters {
  const { data } = useSettings();
  const locale = data?.locale;
  const zone = data?.effective_time_zone;
  return useMemo(() => createFormatters(locale === undefined || zone === undefined ? undefined : { locale, effective_time_zone: zone }), [locale, zone]);
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

import type { Kysely } from 'kysely';
import { type IsoDate, isValidTimeZone, todayIn } from '../../common/domain/calendar-date';
import { isCurrencyCode } from '../../common/domain/currencies';
import { ONE, type Rational, fromDecimalString } from '../../common/domain/rational';
import { isValidLeadDay } from '../../common/domain/reminder-plan';
import { listRates } from '../db/repositories/exchange-rates';
import { type SettingsRow, findSettings } from '../db/repositories/settings';
import type { Database } from '../db/schema';
import type { Clock } from '../ports';
import { type MoneyView, moneyView } from './money-view';

// What every read of an account's money needs once per request: base currency, rates, zone and today.

export const DEFAULT_BASE_CURRENCY = 'USD';
export const DEFAULT_REMINDER_DAYS: readonly number[] = [7];
export const DEFAULT_REMINDER_TIME = '09:00';

export interface StoredRate {
  currency: string;
  rate: string;
  updated_at: string;
}

export interface AccountContext {
  userId: number;
  /** The stored row; undefined only for an account made before settings existed. */
  settings: SettingsRow | undefined;
  baseCurrency: string;
  reminderDaysDefault: number[];
  /** settings.time_zone, or the OS zone when it is unset. */
  timeZone: string;
  /** settings.locale, or the OS locale when it is unset: how typed amounts such as "1,234.50" are read. */
  locale: string;
  now: Date;
  today: IsoDate;
  /** Base units per unit of each currency; the base currency itself is always 1. */
  rates: ReadonlyMap<string, Rational>;
  storedRates: StoredRate[];
  money: MoneyView;
}

/** A stored JSON list of lead days, or null when missing or not a clean list. */
export function parseLeadDays(json: string | null): number[] | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value.every(isValidLeadDay) ? (value as number[]) : null;
  } catch {
    return null;
  }
}

export function effectiveTimeZone(row: Pick<SettingsRow, 'time_zone'> | undefined, clock: Clock): string {
  return row?.time_zone && isValidTimeZone(row.time_zone) ? row.time_zone : clock.timeZone();
}

function usableLocale(wanted: string | null): string {
  try {
    if (wanted) return Intl.getCanonicalLocales(wanted)[0] ?? OS_LOCALE;
  } catch {
    // a tag saved before it was validated: the OS locale instead
  }
  return OS_LOCALE;
}

const OS_LOCALE = new Intl.NumberFormat().resolvedOptions().locale;

export async function loadAccount(db: Kysely<Database>, clock: Clock, userId: number): Promise<AccountContext> {
  const settings = await findSettings(db, userId);
  const storedRates = await listRates(db, userId);
  const baseCurrency = settings?.base_currency ?? DEFAULT_BASE_CURRENCY;
  const rates = new Map<string, Rational>();
  for (const { currency, rate } of storedRates) {
    if (currency !== baseCurrency && isCurrencyCode(currency)) rates.set(currency, fromDecimalString(rate));
  }
  rates.set(baseCurrency, ONE);
  const timeZone = effectiveTimeZone(settings, clock);
  const now = clock.now();
  return {
    userId,
    settings,
    baseCurrency,
    reminderDaysDefault: parseLeadDays(settings?.reminder_days_default ?? null) ?? [...DEFAULT_REMINDER_DAYS],
    timeZone,
    locale: usableLocale(settings?.locale ?? null),
    now,
    today: todayIn(timeZone, now),
    rates,
    storedRates: storedRates.filter((r) => r.currency !== baseCurrency),
    money: moneyView(baseCurrency, rates),
  };
}

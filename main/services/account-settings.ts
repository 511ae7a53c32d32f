import type { Kysely } from 'kysely';
import { type IsoDate, isValidTimeZone, todayIn } from '../../common/domain/calendar-date';
import { isCurrencyCode } from '../../common/domain/currencies';
import { ONE, type Rational, fromDecimalString } from '../../common/domain/rational';
import { isValidLeadDay } from '../../common/domain/reminder-plan';
import { isValidTimeOfDay } from '../../common/domain/zoned-time';
import { listRates } from '../db/repositories/exchange-rates';
import { type MemberSettingsRow, findMemberSettings } from '../db/repositories/member-settings';
import { type SettingsRow, findSettings } from '../db/repositories/settings';
import type { Database } from '../db/schema';
import type { Clock } from '../ports';
import { type MoneyView, moneyView } from './money-view';

// The one loader of settings, for services and reminders alike: every default lives here once. The
// workspace's row (base currency, reminder defaults, pause) and the member's own (locale, zone) make
// one AccountSettings; loadAccount adds what a read of money needs per request (rates, zone, today).

export const DEFAULT_BASE_CURRENCY = 'USD';
export const DEFAULT_REMINDER_DAYS: readonly number[] = [7];
export const DEFAULT_REMINDER_TIME = '09:00';
/** Reminder emails of an account without a locale of its own. */
export const DEFAULT_EMAIL_LOCALE = 'en-US';

export interface AccountSettings {
  baseCurrency: string;
  /** Lead days of subscriptions that have none of their own. */
  defaultDays: number[];
  /** "HH:MM" in `timeZone` when reminders are due. */
  timeOfDay: string;
  /** member_settings.time_zone, or the OS zone when it is unset. */
  timeZone: string;
  /** member_settings.locale, or the OS locale when it is unset: how typed amounts such as "1,234.50" are read. */
  amountLocale: string;
  /** member_settings.locale, or en-US: the language and formats of reminder emails. */
  emailLocale: string;
  pausedUntil: string | null;
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

export function effectiveTimeZone(row: Pick<MemberSettingsRow, 'time_zone'> | undefined, clock: Clock): string {
  return row?.time_zone && isValidTimeZone(row.time_zone) ? row.time_zone : clock.timeZone();
}

const OS_LOCALE = new Intl.NumberFormat().resolvedOptions().locale;

function usableLocale(wanted: string | null): string {
  try {
    if (wanted) return Intl.getCanonicalLocales(wanted)[0] ?? OS_LOCALE;
  } catch {
    // a tag saved before it was validated: the OS locale instead
  }
  return OS_LOCALE;
}

/** The columns the settings come from: the workspace's and the member's (base_currency is optional: the reminder side never reads it). */
export type SettingsLike = Pick<SettingsRow, 'reminder_time' | 'reminder_days_default' | 'reminders_paused_until'> &
  Partial<Pick<SettingsRow, 'base_currency'>> &
  Pick<MemberSettingsRow, 'time_zone' | 'locale'>;

/** Settings from the rows (or the defaults without them); for callers that read the rows themselves. */
export function accountSettingsOf(row: Partial<SettingsLike> | undefined, clock: Clock): AccountSettings {
  return {
    baseCurrency: row?.base_currency ?? DEFAULT_BASE_CURRENCY,
    defaultDays: parseLeadDays(row?.reminder_days_default ?? null) ?? [...DEFAULT_REMINDER_DAYS],
    timeOfDay: row?.reminder_time && isValidTimeOfDay(row.reminder_time) ? row.reminder_time : DEFAULT_REMINDER_TIME,
    timeZone: effectiveTimeZone({ time_zone: row?.time_zone ?? null }, clock),
    amountLocale: usableLocale(row?.locale ?? null),
    emailLocale: row?.locale ?? DEFAULT_EMAIL_LOCALE,
    pausedUntil: row?.reminders_paused_until ?? null,
  };
}

export interface LoadedSettings extends AccountSettings {
  /** The workspace's stored row; undefined when it has none (the defaults apply). */
  row: SettingsRow | undefined;
  /** The member's own row; undefined when they have none. */
  member: MemberSettingsRow | undefined;
}

/** Whose settings: a member (their locale and zone) in a workspace (everything else). */
export interface SettingsScope {
  workspaceId: number;
  userId: number;
}

export async function loadAccountSettings(db: Kysely<Database>, clock: Clock, scope: SettingsScope): Promise<LoadedSettings> {
  const [row, member] = await Promise.all([findSettings(db, scope.workspaceId), findMemberSettings(db, scope.userId)]);
  return { ...accountSettingsOf({ ...row, time_zone: member?.time_zone ?? null, locale: member?.locale ?? null }, clock), row, member };
}

export interface StoredRate {
  currency: string;
  rate: string;
  updated_at: string;
  source: 'manual' | 'ecb';
  rate_date: string | null;
}

/** What every read of an account's money needs once per request. */
export interface AccountContext extends LoadedSettings {
  userId: number;
  workspaceId: number;
  now: Date;
  today: IsoDate;
  /** Base units per unit of each currency; the base currency itself is always 1. */
  rates: ReadonlyMap<string, Rational>;
  /** The stored rates other than the base currency's. */
  storedRates: StoredRate[];
  money: MoneyView;
}

export async function loadAccount(db: Kysely<Database>, clock: Clock, scope: SettingsScope): Promise<AccountContext> {
  const [settings, storedRates] = await Promise.all([loadAccountSettings(db, clock, scope), listRates(db, scope.workspaceId)]);
  const { baseCurrency } = settings;
  const rates = new Map<string, Rational>();
  for (const { currency, rate } of storedRates) {
    if (currency !== baseCurrency && isCurrencyCode(currency)) rates.set(currency, fromDecimalString(rate));
  }
  rates.set(baseCurrency, ONE);
  const now = clock.now();
  return {
    ...settings,
    userId: scope.userId,
    workspaceId: scope.workspaceId,
    now,
    today: todayIn(settings.timeZone, now),
    rates,
    storedRates: storedRates.filter((r) => r.currency !== baseCurrency),
    money: moneyView(baseCurrency, rates),
  };
}

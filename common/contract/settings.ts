import { z } from 'zod';
import { isValidTimeZone } from '../domain/calendar-date';
import { isValidTimeOfDay } from '../domain/zoned-time';
import { operation } from './define';
import { currencyField, reminderDaysField } from './expenses';

export interface ExchangeRate {
  currency: string;
  /** How many units of the base currency one unit of `currency` is worth, as exact decimal text. */
  rate: string;
  updated_at: string;
  /** 'manual': typed by a member (never overwritten by a fetch unless asked); 'ecb': the European Central Bank's daily file. */
  source: 'manual' | 'ecb';
  /** The ECB file's date (YYYY-MM-DD) for an ECB rate; null for a typed one. */
  rate_date: string | null;
}

/** How the daily ECB fetch is doing. */
export interface RatesStatus {
  /** When the ECB's rates were last fetched and applied; null: never. */
  fetched_at: string | null;
  /** The last fetch's failure in words; null while fetches work. */
  error: string | null;
  /** When the failures began (the first of the current run of them). */
  error_since: string | null;
}

export interface SmtpSummary {
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  username: string;
  from: string;
  has_password: boolean;
  /** Where the password lives: the OS keychain, memory for this run only, or SMTP_URL. */
  password_storage: 'keychain' | 'memory' | 'environment' | null;
}

export interface Settings {
  base_currency: string;
  /** BCP 47 tag for numbers and dates; null follows the OS. */
  locale: string | null;
  /** IANA zone for reminder times; null follows the OS. */
  time_zone: string | null;
  /** The zone actually used (time_zone or the OS zone). */
  effective_time_zone: string;
  reminder_days_default: number[];
  /** Local time of day reminders are sent, HH:MM. */
  reminder_time: string;
  /** Reminders held until this instant (tray: pause reminders); null when not paused. */
  reminders_paused_until: string | null;
  rates: ExchangeRate[];
  /** The rates are fetched from the European Central Bank once a day. */
  rates_daily: boolean;
  rates_status: RatesStatus;
  smtp: SmtpSummary | null;
  /** Whether SMTP_URL in the environment overrides the saved SMTP settings (browser mode). */
  smtp_from_environment: boolean;
  /** Why the OS keychain cannot be used, when it cannot. */
  keychain_unavailable_reason: string | null;
}

/**
 * Base units per unit of a currency. Wide enough for any pair of living currencies (a Kuwaiti dinar is
 * under 400,000 Iranian rials at the widest spreads), narrow enough that every figure stays bounded.
 */
export const MAX_RATE = 1_000_000;
export const MIN_RATE_TEXT = '0.000001';

/** Why positive decimal text lies outside MIN_RATE … MAX_RATE (compared as decimal text, not floats), or null. */
export function rateRangeProblem(text: string): string | null {
  const [int = '', frac = ''] = text.split('.');
  const whole = int.replace(/^0+(?=\d)/, '');
  if (whole.length > 7 || (whole.length === 7 && (whole !== '1000000' || /[1-9]/.test(frac)))) return 'Rate must be at most 1,000,000';
  // Below 1 it needs a non-zero digit within the first six decimals.
  if ((whole === '0' || whole === '') && !/[1-9]/.test(frac.slice(0, 6))) return `Rate must be at least ${MIN_RATE_TEXT}`;
  return null;
}

const POSITIVE_DECIMAL = /^(?:\d+(?:\.\d+)?|\.\d+)$/;

export const rateText = z
  .union([z.string().trim(), z.number()], { error: 'Rate must be a positive decimal number' })
  .transform((v) => String(v))
  .superRefine((v, ctx) => {
    const problem =
      !POSITIVE_DECIMAL.test(v) || !/[1-9]/.test(v)
        ? 'Rate must be a positive decimal number, like 1.08'
        : v.replace('.', '').length > 24
          ? 'Rate has too many digits (at most 24)'
          : rateRangeProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const settingsUpdateInput = z.strictObject({
  base_currency: currencyField.optional(),
  locale: z
    .string()
    .trim()
    .max(35)
    .refine((v) => {
      try {
        return Intl.getCanonicalLocales(v).length === 1;
      } catch {
        return false;
      }
    }, 'Locale must be a language tag like en-US or de-DE')
    .nullish(),
  time_zone: z.string().trim().max(64).refine(isValidTimeZone, 'Time zone must be an IANA name like Europe/Berlin').nullish(),
  reminder_days_default: reminderDaysField.refine((d) => d.length > 0, 'Keep at least one reminder day').optional(),
  reminder_time: z.string().refine(isValidTimeOfDay, 'Reminder time must be HH:MM, like 09:00').optional(),
  /**
   * Replaces the whole list; a currency left out loses its rate. The base currency itself is refused
   * (its rate is always 1). Changing base_currency without sending rates re-expresses the saved ones
   * through the new base's rate (refused when the new base has none).
   */
  rates: z
    .array(z.strictObject({ currency: currencyField, rate: rateText }), { error: 'Rates must be a list of { currency, rate }' })
    .max(200)
    .optional(),
  /** Fetch the rates from the European Central Bank once a day (a rate typed by hand stays as typed). */
  rates_daily: z.boolean({ error: 'Update rates daily must be true or false' }).optional(),
});
export type SettingsUpdateInput = z.output<typeof settingsUpdateInput>;

export const settingsOperations = {
  'settings.get': operation<{ settings: Settings }>()({
    method: 'GET',
    path: '/api/settings',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: z.strictObject({}),
    summary: 'Base currency, rates, reminder defaults, SMTP (never the password)',
  }),
  'settings.update': operation<{ settings: Settings }>()({
    method: 'PUT',
    path: '/api/settings',
    auth: true,
    // Everyone's own locale and zone (member settings); the workspace's currency, rates and reminder defaults are its admins'.
    role: 'viewer',
    fieldRoles: { base_currency: 'admin', rates: 'admin', rates_daily: 'admin', reminder_days_default: 'admin', reminder_time: 'admin' },
    input: settingsUpdateInput,
    summary: 'Change some settings',
  }),
};

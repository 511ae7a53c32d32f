import { type Settings, rateRangeProblem } from '../../common/contract/settings';
import { isCurrencyCode } from '../../common/domain/currencies';
import { summarize } from '../../common/contract/validate';
import { ONE, type Rational, div, fromDecimalString } from '../../common/domain/rational';
import { AppError, type FieldErrors } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { type AccountContext, type SettingsScope, type StoredRate, loadAccount } from './account-settings';
import { currenciesPastExact } from './money-bounds';
import { moneyView } from './money-view';
import { canonicalDecimal, decimalText } from './rate-text';
import { replaceRates } from '../db/repositories/exchange-rates';
import { upsertMemberSettings } from '../db/repositories/member-settings';
import { upsertSettings } from '../db/repositories/settings';
import { smtpSummary } from './smtp';

// Base currency, exchange rates and reminder defaults of a workspace, with the member's own locale and
// zone (member_settings). The SMTP part is filled by smtpSummary (the reminders side owns it).

export function toSettings(account: AccountContext, smtp: Pick<Settings, 'smtp' | 'smtp_from_environment'>, ports: Ports): Settings {
  const member = account.member;
  return {
    base_currency: account.baseCurrency,
    locale: member?.locale ?? null,
    time_zone: member?.time_zone ?? null,
    effective_time_zone: account.timeZone,
    reminder_days_default: account.defaultDays,
    reminder_time: account.timeOfDay,
    reminders_paused_until: account.pausedUntil,
    rates: account.storedRates.map(({ currency, rate, updated_at, source, rate_date }) => ({ currency, rate, updated_at, source, rate_date })),
    rates_daily: account.row?.rates_daily === 1,
    rates_status: {
      fetched_at: account.row?.rates_fetched_at ?? null,
      error: account.row?.rates_error ?? null,
      error_since: account.row?.rates_error_since ?? null,
    },
    ...smtp,
    keychain_unavailable_reason: ports.secrets.unavailableReason,
  };
}

type Origin = Pick<StoredRate, 'source' | 'rate_date'>;
type RateToSave = { currency: string; rate: string } & Partial<Origin>;

/** A rate worked out of two others is the ECB's only when both were (of the older of their dates); else it is typed. */
function originOf(a: Origin, b: Origin): Origin {
  if (a.source !== 'ecb' || b.source !== 'ecb') return { source: 'manual', rate_date: null };
  const dates = [a.rate_date, b.rate_date].filter((d): d is string => d !== null).sort();
  return { source: 'ecb', rate_date: dates[0] ?? null };
}

/**
 * Rates are "base units per unit", so a new base re-expresses them through the new base's own rate:
 * EUR→USD 1.08 and GBP→USD 1.27 become GBP→EUR 1.27/1.08 and USD→EUR 1/1.08 (12 significant digits).
 */
function rebase(rates: StoredRate[], oldBase: string, pivotRow: StoredRate): RateToSave[] {
  const pivot = fromDecimalString(pivotRow.rate);
  const rebased = rates
    .filter((r) => r.currency !== pivotRow.currency)
    .map((r) => ({ currency: r.currency, rate: decimalText(div(fromDecimalString(r.rate), pivot)), ...originOf(r, pivotRow) }));
  return [...rebased, { currency: oldBase, rate: decimalText(div(ONE, pivot)), source: pivotRow.source, rate_date: pivotRow.rate_date }].sort((a, b) =>
    a.currency.localeCompare(b.currency),
  );
}

/** The settings as settings.get answers them, for operations that answer with them too (rates.refresh). */
export async function currentSettings(ports: Ports, scope: SettingsScope): Promise<Settings> {
  const account = await loadAccount(ports.db, ports.clock, scope);
  return toSettings(account, await smtpSummary(ports, scope.userId), ports);
}

export function settingsHandlers(ports: Ports): HandlersFor<'settings'> {
  const { db, clock, reminders } = ports;

  // A new rate or base currency must leave every stored plan's figures exact (see money-bounds).
  async function checkPlansStayExact(workspaceId: number, base: string, rates: { currency: string; rate: string }[], sent: { currency: string }[] | undefined, fields: FieldErrors) {
    const map = new Map<string, Rational>(rates.filter((r) => r.currency !== base && isCurrencyCode(r.currency)).map((r) => [r.currency, fromDecimalString(r.rate)]));
    map.set(base, ONE);
    for (const [currency, problem] of await currenciesPastExact(db, workspaceId, moneyView(base, map))) {
      const index = sent?.findIndex((r) => r.currency === currency) ?? -1;
      const message = `Your ${currency} subscriptions would be too large to count exactly: ${problem}`;
      if (index >= 0) fields[`rates.${index}.rate`] = message;
      else fields.base_currency ??= message;
    }
  }

  const current = (scope: SettingsScope) => currentSettings(ports, scope);

  return {
    async 'settings.get'(ctx) {
      return { settings: await current(ctx) };
    },

    async 'settings.update'(ctx, input) {
      const account = await loadAccount(db, clock, ctx);
      const oldBase = account.baseCurrency;
      const newBase = input.base_currency ?? oldBase;
      const fields: FieldErrors = {};

      let rates: RateToSave[] | undefined;
      if (input.rates !== undefined) {
        const seen = new Set<string>();
        input.rates.forEach(({ currency }, i) => {
          if (currency === newBase) fields[`rates.${i}.currency`] = `${currency} is the base currency; its rate is always 1`;
          else if (seen.has(currency)) fields[`rates.${i}.currency`] = `${currency} is listed twice`;
          seen.add(currency);
        });
        rates = input.rates.map(({ currency, rate }) => ({ currency, rate: canonicalDecimal(rate) }));
      } else if (newBase !== oldBase && account.storedRates.length > 0) {
        const pivot = account.storedRates.find((r) => r.currency === newBase);
        if (pivot) rates = rebase(account.storedRates, oldBase, pivot);
        else {
          fields.base_currency = `Your exchange rates are in ${oldBase}: add a rate for ${newBase} first, or send the rates against ${newBase} with this change`;
        }
      }
      if (rates !== undefined && input.rates === undefined) {
        // Re-expressed rates must stay within the bounds a typed rate has.
        for (const { currency, rate } of rates) {
          const problem = rateRangeProblem(rate);
          if (problem) fields.base_currency ??= `In ${newBase}, the rate of ${currency} would be ${rate}: ${problem.toLowerCase()}. Send the rates against ${newBase} with this change`;
        }
      }
      if (Object.keys(fields).length === 0 && (rates !== undefined || newBase !== oldBase)) {
        await checkPlansStayExact(ctx.workspaceId, newBase, rates ?? account.storedRates, input.rates, fields);
      }
      if (Object.keys(fields).length > 0) throw new AppError('validation', summarize(fields), fields);

      const daysJson = input.reminder_days_default === undefined ? undefined : JSON.stringify(input.reminder_days_default);
      const remindersChanged =
        (daysJson !== undefined && daysJson !== JSON.stringify(account.defaultDays)) || (input.reminder_time !== undefined && input.reminder_time !== account.timeOfDay);
      const zoneChanged = input.time_zone !== undefined && (input.time_zone ?? null) !== (account.member?.time_zone ?? null);
      const now = clock.now().toISOString();

      await db.transaction().execute(async (trx) => {
        if (input.locale !== undefined || input.time_zone !== undefined) {
          await upsertMemberSettings(trx, ctx.userId, {
            ...(input.locale !== undefined ? { locale: input.locale ?? null } : {}),
            ...(input.time_zone !== undefined ? { time_zone: input.time_zone ?? null } : {}),
            updated_at: now,
          });
        }
        // Only a change of the workspace's own settings touches them (a member's zone alone does not).
        const workspaceChange =
          input.base_currency !== undefined || daysJson !== undefined || input.reminder_time !== undefined || rates !== undefined || input.rates_daily !== undefined;
        if (workspaceChange) {
          await upsertSettings(trx, ctx.workspaceId, {
            base_currency: newBase,
            ...(daysJson !== undefined ? { reminder_days_default: daysJson } : {}),
            ...(input.reminder_time !== undefined ? { reminder_time: input.reminder_time } : {}),
            ...(input.rates_daily !== undefined ? { rates_daily: input.rates_daily ? 1 : 0 } : {}),
            updated_at: now,
          });
        }
        if (rates !== undefined) {
          // A rate entered again unchanged keeps the date it was last changed and where it came from (the ECB's
          // stays the ECB's); a changed one is typed by the member.
          const before = new Map(account.storedRates.map((r) => [r.currency, r]));
          await replaceRates(
            trx,
            ctx.workspaceId,
            rates.map(({ currency, rate, source, rate_date }) => {
              const kept = before.get(currency)?.rate === rate && newBase === oldBase ? before.get(currency)! : undefined;
              return {
                currency,
                rate,
                updated_at: kept?.updated_at ?? now,
                source: source ?? kept?.source ?? 'manual',
                rate_date: source !== undefined ? (rate_date ?? null) : (kept?.rate_date ?? null),
              };
            }),
          );
        }
        if (remindersChanged) await reminders.settingsChanged(trx, ctx.workspaceId);
        if (zoneChanged) await reminders.memberChanged(trx, ctx.userId);
      });
      if (remindersChanged || zoneChanged) reminders.rearm();
      return { settings: await current(ctx) };
    },
  };
}

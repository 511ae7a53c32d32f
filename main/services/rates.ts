import type { Kysely } from 'kysely';
import { rateRangeProblem } from '../../common/contract/settings';
import { isCurrencyCode } from '../../common/domain/currencies';
import { ONE, type Rational, div, fromDecimalString } from '../../common/domain/rational';
import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { currenciesInUse, listRates, upsertRates } from '../db/repositories/exchange-rates';
import { findSettings, setRatesStatus, workspacesDueForRates } from '../db/repositories/settings';
import type { Database } from '../db/schema';
import { createTimeSlice } from '../jobs/chunks';
import type { Clock, Logger } from '../ports';
import { DEFAULT_BASE_CURRENCY } from './account-settings';
import { type EcbRates, type EcbSource, EcbError, fetchEcbRates } from './ecb-rates';
import { currenciesPastExact } from './money-bounds';
import { moneyView } from './money-view';
import { decimalText } from './rate-text';
import { currentSettings } from './settings';

// The ECB's rates applied to a workspace (issue 11): EUR-based rates re-expressed in the workspace's base
// currency, for the currencies it uses and those it has rates for. A rate typed by hand stays unless the
// request says otherwise. A failure keeps every rate as it was and is recorded in words with since when.

/** Significant digits of a rate worked out from the ECB's (its own have at most 5 or 6). */
const SIGNIFICANT = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RatesOutcome {
  updated: string[];
  skipped_manual: string[];
  unavailable: string[];
  date: string;
}

/** Base units per unit of each currency, from "units per euro"; null when the ECB has no rate for the base itself. */
function converter(ecb: EcbRates, base: string): ((currency: string) => Rational | null) | null {
  const perEuro = (currency: string): Rational | null => {
    if (currency === 'EUR') return ONE;
    const text = ecb.perEuro.get(currency);
    return text === undefined ? null : fromDecimalString(text);
  };
  const basePerEuro = perEuro(base);
  if (!basePerEuro) return null;
  // 1 EUR = b base = x currency, so 1 currency = b / x base.
  return (currency) => {
    const x = perEuro(currency);
    return x ? div(basePerEuro, x) : null;
  };
}

class RatesProblem extends AppError {}

/** Writes the ECB's rates into the workspace (one transaction) and marks the fetch a success. */
export async function applyEcbRates(db: Kysely<Database>, clock: Clock, workspaceId: number, ecb: EcbRates, overwriteManual: boolean): Promise<RatesOutcome> {
  const now = clock.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const base = (await findSettings(trx, workspaceId))?.base_currency ?? DEFAULT_BASE_CURRENCY;
    const toBase = converter(ecb, base);
    if (!toBase) {
      throw new RatesProblem('conflict', `The ECB publishes no rate for ${base}, your base currency: keep typing your rates by hand`);
    }
    const stored = new Map((await listRates(trx, workspaceId)).map((r) => [r.currency, r]));
    const wanted = [...new Set([...(await currenciesInUse(trx, workspaceId)), ...stored.keys()])].filter((c) => c !== base && isCurrencyCode(c)).sort();

    const outcome: RatesOutcome = { updated: [], skipped_manual: [], unavailable: [], date: ecb.date };
    const fresh = new Map<string, string>();
    for (const currency of wanted) {
      if (stored.get(currency)?.source === 'manual' && !overwriteManual) {
        outcome.skipped_manual.push(currency);
        continue;
      }
      const value = toBase(currency);
      const text = value ? decimalText(value, SIGNIFICANT) : null;
      if (text === null || rateRangeProblem(text) !== null) outcome.unavailable.push(currency);
      else fresh.set(currency, text);
    }
    // A rate that would take a stored plan's figures past exact counting is not taken (the settings refuse it too).
    const all = new Map<string, Rational>([...stored.values()].filter((r) => r.currency !== base && isCurrencyCode(r.currency)).map((r) => [r.currency, fromDecimalString(r.rate)]));
    for (const [currency, text] of fresh) all.set(currency, fromDecimalString(text));
    all.set(base, ONE);
    for (const currency of (await currenciesPastExact(trx, workspaceId, moneyView(base, all))).keys()) {
      if (fresh.delete(currency)) outcome.unavailable.push(currency);
    }
    outcome.unavailable.sort();

    await upsertRates(
      trx,
      workspaceId,
      [...fresh].map(([currency, rate]) => {
        const before = stored.get(currency);
        return { currency, rate, updated_at: before?.rate === rate ? before.updated_at : now, source: 'ecb' as const, rate_date: ecb.date };
      }),
    );
    outcome.updated = [...fresh.keys()];
    await setRatesStatus(trx, workspaceId, { rates_fetched_at: now, rates_error: null, rates_error_since: null }, now);
    return outcome;
  });
}

/** "keeping the rates of 2026-12-01" (the newest ECB date), or "keeping your rates as they are". */
async function keeping(db: Kysely<Database>, workspaceId: number): Promise<string> {
  const dates = (await listRates(db, workspaceId)).map((r) => r.rate_date).filter((d): d is string => d !== null).sort();
  return dates.length > 0 ? `keeping the rates of ${dates.at(-1)}` : 'keeping your rates as they are';
}

/** The failure in words, as the settings show it and the refresh answers it. */
export async function failureMessage(db: Kysely<Database>, workspaceId: number, error: EcbError): Promise<string> {
  const kept = await keeping(db, workspaceId);
  return error.kind === 'unreachable'
    ? `Could not reach the ECB (${error.message}); ${kept}`
    : `The ECB's answer is not its daily reference rates file (${error.message}); ${kept}`;
}

/** Records a failed fetch: the message, and since when fetches fail (the first failure of the run). */
async function recordFailure(db: Kysely<Database>, clock: Clock, workspaceId: number, message: string): Promise<void> {
  const now = clock.now().toISOString();
  const row = await findSettings(db, workspaceId);
  await setRatesStatus(db, workspaceId, { rates_fetched_at: row?.rates_fetched_at ?? null, rates_error: message, rates_error_since: row?.rates_error_since ?? now }, now);
}

/** The file, or why it could not be had. */
export async function fetchOrReason(source: EcbSource): Promise<EcbRates | EcbError> {
  try {
    return await fetchEcbRates(source);
  } catch (error) {
    if (error instanceof EcbError) return error;
    throw error;
  }
}

/**
 * Applies a fetched file to one workspace; a fetch that failed, or a base currency the ECB does not publish, is
 * recorded on the workspace (its rates untouched) and thrown as an AppError in words.
 */
export async function refreshWorkspace(db: Kysely<Database>, clock: Clock, workspaceId: number, fetched: EcbRates | EcbError, overwriteManual: boolean): Promise<RatesOutcome> {
  if (fetched instanceof EcbError) {
    const message = await failureMessage(db, workspaceId, fetched);
    await recordFailure(db, clock, workspaceId, message);
    throw new AppError('bad_gateway', message);
  }
  try {
    return await applyEcbRates(db, clock, workspaceId, fetched, overwriteManual);
  } catch (error) {
    if (error instanceof RatesProblem) await recordFailure(db, clock, workspaceId, error.message);
    throw error;
  }
}

export interface DueRefresh {
  /** Workspaces whose rates were updated. */
  updated: number[];
  /** Workspaces whose refresh failed, with the reason recorded on each. */
  failed: number[];
}

/**
 * The daily job's work: every workspace with daily rates on that has not fetched them for a day. One fetch of
 * the file serves them all; a failure is recorded on each and keeps their rates.
 */
export async function refreshDueWorkspaces(db: Kysely<Database>, clock: Clock, logger: Logger, source: EcbSource): Promise<DueRefresh> {
  const due = await workspacesDueForRates(db, new Date(clock.now().getTime() - DAY_MS).toISOString());
  const result: DueRefresh = { updated: [], failed: [] };
  if (due.length === 0) return result;
  const fetched = await fetchOrReason(source);
  // One transaction per workspace; a team server's hundreds of them give the event loop back between (rule 8).
  const slice = createTimeSlice();
  for (const workspaceId of due) {
    await slice.pause();
    try {
      await refreshWorkspace(db, clock, workspaceId, fetched, false);
      result.updated.push(workspaceId);
    } catch (error) {
      result.failed.push(workspaceId);
      logger.warn('exchange rates not updated', { workspaceId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (result.updated.length > 0 && !(fetched instanceof EcbError)) logger.info('exchange rates updated from the ECB', { workspaces: result.updated.length, date: fetched.date });
  return result;
}

export function ratesHandlers(ports: Ports, source: EcbSource): HandlersFor<'rates'> {
  return {
    async 'rates.refresh'(ctx, input) {
      const outcome = await refreshWorkspace(ports.db, ports.clock, ctx.workspaceId, await fetchOrReason(source), input.overwrite_manual);
      return { ...outcome, source: 'ecb', settings: await currentSettings(ports, ctx) };
    },
  };
}

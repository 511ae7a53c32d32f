import type { Kysely } from 'kysely';
import type { BillingCycle } from '../../common/domain/billing-cycles';
import { isExactMinor, minorToMajorString } from '../../common/domain/money';
import { yearlyEquivalent } from '../../common/domain/monthly-equivalent';
import { roundToInteger } from '../../common/domain/rational';
import { largestAmounts } from '../db/repositories/expenses';
import type { Database } from '../db/schema';
import type { MoneyView } from './money-view';
import { times } from './money-view';

// A subscription is stored only if every number it shows is exact: its amount, monthly and yearly
// cost in its own currency and in the base currency. Legal amounts always fit in their own currency
// (10^9 major units at 4 decimals is 10^13 minor units, 3.7·10^15 a year if charged daily, under
// 2^53 ≈ 9·10^15); a high exchange rate can take the base-currency figures past 2^53, so those are
// checked where a row or a rate is written. Totals over many rows are summed with BigInt and never throw.

/** The largest exact figure in `currency`, for messages: "90,071,992,547,409.91 USD". */
export function exactLimitText(currency: string): string {
  const [int = '', frac] = minorToMajorString(Number.MAX_SAFE_INTEGER, currency).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${frac ? `${grouped}.${frac}` : grouped} ${currency}`;
}

/** Why one plan's figures would not be exact, in words, or null. */
export function inexactFigure(amountMinor: number, currency: string, cycle: BillingCycle, money: MoneyView): string | null {
  const yearly = yearlyEquivalent(amountMinor, cycle);
  if (!isExactMinor(roundToInteger(yearly))) return `its yearly cost would pass ${exactLimitText(currency)}, the most that can be counted exactly`;
  const toBase = money.toBaseFactor(currency);
  if (!toBase) return null;
  // The yearly figure bounds the monthly one; the single charge can exceed it for cycles over a year.
  for (const minor of [roundToInteger(times(amountMinor, toBase)), roundToInteger({ num: yearly.num * toBase.num, den: yearly.den * toBase.den })]) {
    if (!isExactMinor(minor)) {
      return `at this exchange rate its cost in ${money.baseCurrency} would pass ${exactLimitText(money.baseCurrency)}, the most that can be counted exactly`;
    }
  }
  return null;
}

/** Currencies whose stored plans would no longer be exact under `money`, each with the reason. */
export async function currenciesPastExact(db: Kysely<Database>, workspaceId: number, money: MoneyView): Promise<Map<string, string>> {
  const problems = new Map<string, string>();
  for (const row of await largestAmounts(db, workspaceId)) {
    if (problems.has(row.currency)) continue;
    const problem = inexactFigure(Number(row.amount_minor), row.currency, { unit: row.cycle_unit, every: row.cycle_every }, money);
    if (problem) problems.set(row.currency, problem);
  }
  return problems;
}

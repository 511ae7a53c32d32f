import type { Kysely } from 'kysely';
import type { DashboardStats } from '../../common/contract/dashboard';
import { type IsoDate, formatIsoDate, partsOf } from '../../common/domain/calendar-date';
import { roundedMajor } from '../../common/domain/money';
import { renewalsPassed } from '../../common/domain/payments';
import { paidTotalsByMonth } from '../db/repositories/payments';
import type { Database } from '../db/schema';
import type { AccountContext } from './account-settings';
import { currentCycle } from './current-cycle';
import type { RowsBehind } from './dashboard-behind';
import { ExactSum } from './exact-sum';
import { cycleOf } from './expense-rows';

// The dashboard's "last 12 months" (issue 13): what payments actually cost per calendar month of their paid date,
// this month and the 11 before, in the base currency at today's rates (the forecast's conversion), summed exactly
// per month and rounded once. A currency without a rate is left out and counted, never taken 1:1.

export const ACTUAL_MONTHS = 12;

const monthIndex = (date: IsoDate) => partsOf(date).year * 12 + partsOf(date).month - 1;
const monthStart = (index: number): IsoDate => formatIsoDate({ year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 });

/** 'YYYY-MM' of the last 12 calendar months, oldest first, ending with today's (fewer only before year 1's December). */
export function actualMonths(today: IsoDate): string[] {
  const last = monthIndex(today);
  // Year 1 is the calendar's first: never a month before 0001-01.
  const first = Math.max(12, last - ACTUAL_MONTHS + 1);
  return Array.from({ length: last - first + 1 }, (_, i) => monthStart(first + i).slice(0, 7));
}

/**
 * The payments the sweep will write for the rows it has not reached: each renewal a row rolls past, at the plan's
 * price on its date (as sweepChunk records them). A read shows them before the sweep has run (ARCHITECTURE rule 9).
 */
function paymentsBehind(behind: RowsBehind): { currency: string; paid_on: IsoDate; amount_minor: number }[] {
  const implied: { currency: string; paid_on: IsoDate; amount_minor: number }[] = [];
  for (const row of behind.rows) {
    const current = currentCycle(row, behind.today, behind.now);
    if (current.renewal_date === row.renewal_date) continue;
    for (const date of renewalsPassed(row.renewal_date, cycleOf(row), row.anchor_day, current.renewal_date)) implied.push({ currency: row.currency, paid_on: date, amount_minor: row.amount_minor });
  }
  return implied;
}

export async function actualSpendOf(db: Kysely<Database>, account: AccountContext, behind: RowsBehind): Promise<Pick<DashboardStats, 'actual_spend' | 'actual_unconverted'>> {
  const months = actualMonths(account.today);
  const from = `${months[0]!}-01`;
  const next = monthIndex(account.today) + 1;
  // The day after this month: null past 9999-12 (nothing is paid after the calendar's end).
  const toExclusive = Math.floor(next / 12) > 9999 ? null : monthStart(next);
  const sums = new Map(months.map((m) => [m, new ExactSum()]));
  let unconverted = 0;
  for (const row of await paidTotalsByMonth(db, account.workspaceId, from, toExclusive)) {
    const toBase = account.money.toBaseFactor(row.currency);
    const sum = sums.get(row.month);
    if (!sum) continue;
    if (!toBase) {
      unconverted += Number(row.n);
      continue;
    }
    sum.add(BigInt(String(row.total)), row.currency, toBase);
  }
  for (const payment of paymentsBehind(behind)) {
    const sum = sums.get(payment.paid_on.slice(0, 7));
    if (!sum) continue;
    const toBase = account.money.toBaseFactor(payment.currency);
    if (!toBase) unconverted += 1;
    else sum.add(BigInt(payment.amount_minor), payment.currency, toBase);
  }
  return {
    actual_spend: months.map((month) => ({ month, total: roundedMajor(sums.get(month)!.value(), account.baseCurrency) })),
    actual_unconverted: unconverted,
  };
}

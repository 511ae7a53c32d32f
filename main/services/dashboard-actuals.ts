import type { Kysely } from 'kysely';
import type { DashboardStats } from '../../common/contract/dashboard';
import { type IsoDate, formatIsoDate, partsOf } from '../../common/domain/calendar-date';
import { roundedMajor } from '../../common/domain/money';
import { paidTotalsByMonth } from '../db/repositories/payments';
import type { Database } from '../db/schema';
import type { AccountContext } from './account-settings';
import { ExactSum } from './exact-sum';

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

export async function actualSpendOf(db: Kysely<Database>, account: AccountContext): Promise<Pick<DashboardStats, 'actual_spend' | 'actual_unconverted'>> {
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
  return {
    actual_spend: months.map((month) => ({ month, total: roundedMajor(sums.get(month)!.value(), account.baseCurrency) })),
    actual_unconverted: unconverted,
  };
}

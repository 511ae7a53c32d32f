import { type Kysely, sql } from 'kysely';
import { type IsoDate, daysInMonth, formatIsoDate, partsOf } from '../../../common/domain/calendar-date';
import type { Database } from '../schema';
import { withoutIndex } from '../sql-dialect';
import { type ExpenseRow, type ExpenseWithCategory, selectLiveExpenses } from './expenses';

// The dashboard's read model. Money is counted and summed in SQL (exact integers); the exact finish (rates,
// monthly equivalents, rounding) happens in JS.

// The totals (cards, categories, people, forecast, summary) are kept on write by migration 0022's
// triggers; the upcoming window is a range of expense_renewal_totals' dates, and only the list of the
// window's first renewals reads the subscriptions (the covering upcoming index, then the rows listed).
export { type ChargeGroup, chargeGroups } from './expense-charge-totals';
export { type PeopleTotal, peopleTotals } from './expense-people-totals';
export { type GroupTotal, type RenewingTotal, groupTotals, renewingTotals } from './expense-totals';

/** The upcoming window (services/dashboard-window.ts): both ends included. */
export interface UpcomingWindow {
  from: IsoDate;
  to: IsoDate;
  /** The day after `to`; null when `to` is 9999-12-31. */
  toExclusive: IsoDate | null;
}

function upcomingWhere(db: Kysely<Database>, workspaceId: number, window: UpcomingWindow) {
  return db
    .selectFrom('expenses as e')
    .where('e.workspace_id', '=', workspaceId)
    .where('e.deleted_at', 'is', null)
    .where('e.renewal_date', '>=', window.from)
    .where('e.renewal_date', '<=', window.to)
    .where('e.status', 'in', ['active', 'trial']);
}

/** The window's groups of expense_renewal_totals: a range of its primary key, the workspace first. */
function renewalsIn(db: Kysely<Database>, workspaceId: number, window: UpcomingWindow) {
  return db
    .selectFrom('expense_renewal_totals as e')
    .where('e.workspace_id', '=', workspaceId)
    .where('e.renewal_date', '>=', window.from)
    .where('e.renewal_date', '<=', window.to);
}

const GROUP_COLUMNS = ['e.currency', 'e.cycle_unit', 'e.cycle_every', 'e.auto_renew', 'e.renewal_date', 'e.anchor_day', 'e.n', sql<string>`cast(e.total_minor as text)`.as('total')] as const;

export interface UpcomingGroup {
  currency: string;
  cycle_unit: ExpenseRow['cycle_unit'];
  cycle_every: number;
  auto_renew: number;
  renewal_date: IsoDate;
  anchor_day: number;
  n: number;
  total: string;
}

/**
 * Every plan renewing in the window, grouped by what decides how often it charges there (a monthly
 * plan early in the window charges again on its anchor day): the window's rows of expense_renewal_totals.
 */
export function upcomingGroups(db: Kysely<Database>, workspaceId: number, window: UpcomingWindow): Promise<UpcomingGroup[]> {
  return renewalsIn(db, workspaceId, window).select([...GROUP_COLUMNS]).execute();
}

/** How many plans renew in the window, and, grouped, the ones among them that may charge there more than once. */
export interface UpcomingCharges {
  plans: number;
  repeating: UpcomingGroup[];
}

/**
 * Which plans in the window may charge there a second time (every other plan in it charges
 * once): daily and weekly ones, and monthly ones whose next date, in a later month on their anchor day,
 * can still be inside it. A month plan renewing on d next charges in month(d) + every, so only a renewal
 * before the window's last month can repeat, and one in the month just before only if its anchor day
 * comes by the window's last day. Yearly plans never do (the window is 31 days).
 */
function mayRepeat(window: UpcomingWindow) {
  const end = partsOf(window.to);
  const lastMonth = formatIsoDate({ year: end.year, month: end.month, day: 1 });
  const before = end.month === 1 ? { year: end.year - 1, month: 12 } : { year: end.year, month: end.month - 1 };
  const monthBefore = formatIsoDate({ ...before, day: 1 });
  // The window's last day is the month's last: every anchor day (clamped) comes by then.
  const reach = end.day === daysInMonth(end.year, end.month) ? 31 : end.day;
  return { lastMonth, monthBefore, reach };
}

/**
 * The summary's count of charges in the window without grouping every plan in it: the plans there are
 * counted on an index, and only those that may repeat are read in groups, as upcomingGroups reads them.
 */
export async function upcomingCharges(db: Kysely<Database>, workspaceId: number, window: UpcomingWindow): Promise<UpcomingCharges> {
  const { lastMonth, monthBefore, reach } = mayRepeat(window);
  const [count, repeating] = await Promise.all([
    renewalsIn(db, workspaceId, window).select(sql<string>`cast(coalesce(sum(e.n), 0) as text)`.as('n')).executeTakeFirstOrThrow(),
    // Plans that do not auto-renew charge once; they may come along here (occurrencesIn counts them once).
    renewalsIn(db, workspaceId, window)
      .where((eb) =>
        eb.or([
          eb('e.cycle_unit', 'in', ['day', 'week']),
          eb.and([eb('e.cycle_unit', '=', 'month'), eb('e.renewal_date', '<', monthBefore)]),
          eb.and([eb('e.cycle_unit', '=', 'month'), eb('e.cycle_every', '=', 1), eb('e.renewal_date', '<', lastMonth), eb('e.anchor_day', '<=', reach)]),
        ]),
      )
      .select([...GROUP_COLUMNS])
      .execute(),
  ]);
  return { plans: Number(count.n), repeating };
}

/** The first `limit` plans renewing in the window, by date then id. */
export async function upcomingRows(db: Kysely<Database>, workspaceId: number, window: UpcomingWindow, limit: number): Promise<ExpenseWithCategory[]> {
  // Order and cut on the index alone, then read only the rows that made the list.
  const ids = await upcomingWhere(db, workspaceId, window).select('e.id').orderBy('e.renewal_date').orderBy('e.id').limit(limit).execute();
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('expenses as e')
    .innerJoin('categories as c', 'c.id', 'e.category_id')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .selectAll('e')
    .select(['c.name as category_name', 'u.username as owner_name'])
    .where('e.id', 'in', ids.map((r) => r.id))
    // Still scoped to the workspace, but as a filter: the ids, not workspace_id, should drive the lookup.
    .where(withoutIndex(db, sql.ref<number>('e.workspace_id')), '=', workspaceId)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((r) => byId.get(r.id)!);
}

/** The `limit` plans added last. */
export function recentRows(db: Kysely<Database>, workspaceId: number, limit: number): Promise<ExpenseWithCategory[]> {
  return selectLiveExpenses(db, workspaceId).orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').limit(limit).execute();
}

import type { IsoDate } from '../../common/domain/calendar-date';
import type { ChargeGroup, GroupTotal, PeopleTotal, RenewingTotal, UpcomingGroup, UpcomingWindow } from '../db/repositories/dashboard';
import type { ExpenseRow, ExpenseWithCategory } from '../db/repositories/expenses';
import { currentCycle } from './current-cycle';
import { occurrencesIn, planOf } from './dashboard-upcoming';

// The dashboard's sums come from SQL over stored rows. A row the sweep has not reached yet (a renewal
// that passed since, a trial that ended) is taken out of the group it is stored in and put into the
// group its current cycle belongs to: the same answer the sums give once the sweep has run.
// Each `...Of` mirrors the filter and grouping of its query in repositories/dashboard.ts.

type Row = ExpenseRow;
const renewing = (row: Row) => row.status === 'active' || row.status === 'trial';

function totalsOf(row: Row): GroupTotal {
  return { status: row.status, category_id: row.category_id, currency: row.currency, cycle_unit: row.cycle_unit, cycle_every: row.cycle_every, n: 1, total: String(row.amount_minor) };
}

function renewingOf(row: Row): RenewingTotal | null {
  if (row.status !== 'active' && row.status !== 'trial') return null;
  return { status: row.status, auto_renew: row.auto_renew, currency: row.currency, cycle_unit: row.cycle_unit, cycle_every: row.cycle_every, n: 1, total: String(row.amount_minor) };
}

function peopleOf(row: Row): PeopleTotal | null {
  if (row.status !== 'active' && row.status !== 'trial') return null;
  return { cost_centre: row.cost_centre, user_id: row.user_id, status: row.status, currency: row.currency, cycle_unit: row.cycle_unit, cycle_every: row.cycle_every, n: 1, total: String(row.amount_minor) };
}

/** FORECAST_KEY in JS: the month for monthly and yearly plans, the day for daily and weekly ones. */
function chargesOf(row: Row): ChargeGroup | null {
  if (!renewing(row) || row.auto_renew !== 1) return null;
  const key = row.cycle_unit === 'month' || row.cycle_unit === 'year' ? row.renewal_date.slice(0, 7) : row.renewal_date;
  return { currency: row.currency, cycle_unit: row.cycle_unit, cycle_every: row.cycle_every, renewal_key: key, total: String(row.amount_minor) };
}

function upcomingOf(window: UpcomingWindow): (row: Row) => UpcomingGroup | null {
  return (row) => {
    if (!renewing(row) || row.renewal_date < window.from || row.renewal_date > window.to) return null;
    return { currency: row.currency, cycle_unit: row.cycle_unit, cycle_every: row.cycle_every, auto_renew: row.auto_renew, renewal_date: row.renewal_date, anchor_day: row.anchor_day, n: 1, total: String(row.amount_minor) };
  };
}

/** Groups that are equal in what they show (some queries group by a column they do not select) become one. */
function keyed<G extends { total: string; n?: number }>(groups: G[], keyOf: (g: G) => string): Map<string, G> {
  const byKey = new Map<string, G>();
  for (const g of groups) {
    const key = keyOf(g);
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, total: String(BigInt(seen.total) + BigInt(g.total)), ...(seen.n !== undefined ? { n: Number(seen.n) + Number(g.n) } : {}) } : { ...g });
  }
  return byKey;
}

function shift<G extends { total: string; n?: number }>(byKey: Map<string, G>, keyOf: (g: G) => string, one: G | null, sign: 1 | -1): void {
  if (!one) return;
  const key = keyOf(one);
  const seen = byKey.get(key);
  const total = String(BigInt(seen?.total ?? '0') + BigInt(sign) * BigInt(one.total));
  if (one.n === undefined) {
    byKey.set(key, { ...(seen ?? one), total });
    return;
  }
  const n = Number(seen?.n ?? 0) + sign;
  if (n <= 0) byKey.delete(key);
  else byKey.set(key, { ...(seen ?? one), total, n });
}

function corrected<G extends { total: string; n?: number }>(groups: G[], keyOf: (g: G) => string, groupOf: (row: Row) => G | null, behind: readonly Row[], today: IsoDate, now: string): G[] {
  if (behind.length === 0) return groups;
  const byKey = keyed(groups, keyOf);
  for (const row of behind) {
    shift(byKey, keyOf, groupOf(row), -1);
    shift(byKey, keyOf, groupOf(currentCycle(row, today, now)), 1);
  }
  return [...byKey.values()];
}

const cycleKey = (g: { currency: string; cycle_unit: string; cycle_every: number }) => `${g.currency}|${g.cycle_unit}|${g.cycle_every}`;

export interface RowsBehind {
  rows: readonly Row[];
  today: IsoDate;
  now: string;
}

export function correctTotals(groups: GroupTotal[], behind: RowsBehind): GroupTotal[] {
  return corrected(groups, (g) => `${g.status}|${g.category_id}|${cycleKey(g)}`, totalsOf, behind.rows, behind.today, behind.now);
}

export function correctRenewing(groups: RenewingTotal[], behind: RowsBehind): RenewingTotal[] {
  return corrected(groups, (g) => `${g.status}|${g.auto_renew}|${cycleKey(g)}`, renewingOf, behind.rows, behind.today, behind.now);
}

export function correctPeople(groups: PeopleTotal[], behind: RowsBehind): PeopleTotal[] {
  // JSON.stringify keeps a null cost centre apart from one named "null".
  return corrected(groups, (g) => `${JSON.stringify(g.cost_centre)}|${g.user_id}|${g.status}|${cycleKey(g)}`, peopleOf, behind.rows, behind.today, behind.now);
}

export function correctCharges(groups: ChargeGroup[], behind: RowsBehind): ChargeGroup[] {
  return corrected(groups, (g) => `${cycleKey(g)}|${g.renewal_key}`, chargesOf, behind.rows, behind.today, behind.now);
}

export function correctUpcoming(groups: UpcomingGroup[], window: UpcomingWindow, behind: RowsBehind): UpcomingGroup[] {
  return corrected(groups, (g) => `${cycleKey(g)}|${g.auto_renew}|${g.renewal_date}|${g.anchor_day}`, upcomingOf(window), behind.rows, behind.today, behind.now);
}

/** upcomingCount over stored rows, with each row behind counted in its current cycle instead. */
export function correctUpcomingCount(count: number, window: UpcomingWindow, behind: RowsBehind): number {
  const inWindow = upcomingOf(window);
  const charges = (row: Row) => (inWindow(row) === null ? 0 : occurrencesIn(planOf(row), window));
  return behind.rows.reduce((n, row) => n - charges(row) + charges(currentCycle(row, behind.today, behind.now)), count);
}

/**
 * The first `limit` upcoming rows: those read from SQL (asked for `limit + rows behind`, so dropping
 * the rows behind still leaves enough) with the rows behind in their current cycle, by date then id.
 */
export function correctUpcomingRows(rows: ExpenseWithCategory[], window: UpcomingWindow, limit: number, behind: RowsBehind, labelsOf: (row: Row) => Pick<ExpenseWithCategory, 'category_name' | 'owner_name'>): ExpenseWithCategory[] {
  if (behind.rows.length === 0) return rows.slice(0, limit);
  const ids = new Set(behind.rows.map((r) => r.id));
  const inWindow = upcomingOf(window);
  const moved = behind.rows
    .map((row) => currentCycle(row, behind.today, behind.now))
    .filter((row) => inWindow(row) !== null)
    .map((row) => ({ ...row, ...labelsOf(row) }));
  return [...rows.filter((r) => !ids.has(r.id)), ...moved]
    .sort((a, b) => (a.renewal_date < b.renewal_date ? -1 : a.renewal_date > b.renewal_date ? 1 : a.id - b.id))
    .slice(0, limit);
}

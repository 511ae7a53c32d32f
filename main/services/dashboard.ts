import { FALLBACK_CATEGORY } from '../../common/contract/categories';
import type { DashboardStats } from '../../common/contract/dashboard';
import { EXPENSE_STATUSES, type ExpenseStatus } from '../../common/contract/expenses';
import { bigMinorToMajor, minorToMajor, roundMinor, roundedMajor } from '../../common/domain/money';
import { monthlyEquivalent } from '../../common/domain/monthly-equivalent';
import { cycleOnOrAfter } from '../../common/domain/reminder-plan';
import { daysLeft } from '../../common/domain/reminder-plan';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { type ChargeGroup, type GroupTotal, type PeopleTotal, chargeGroups, groupTotals, peopleTotals, recentRows, renewingTotals, upcomingCharges, upcomingGroups, upcomingRows } from '../db/repositories/dashboard';
import { usernamesOf } from '../db/repositories/users';
import { behindOn, rowsBehind } from '../db/repositories/expense-cycles';
import { listCategories } from '../db/repositories/categories';
import { pendingDowngrades } from '../db/repositories/review-decisions';
import { contractsOf, endingContracts } from '../db/repositories/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { type AccountContext, loadAccount } from './account-settings';
import { currentCycle } from './current-cycle';
import { type RowsBehind, correctCharges, correctPeople, correctRenewing, correctTotals, correctUpcoming, correctUpcomingCount, correctUpcomingRows } from './dashboard-behind';
import { SpendBreakdown } from './dashboard-breakdown';
import { costCentreKey } from './cost-centres';
import { actualSpendOf } from './dashboard-actuals';
import { forecastCalendar } from './dashboard-forecast';
import { occurrencesIn, upcomingCount, upcomingTotals } from './dashboard-upcoming';
import { RECENT_LIMIT, UPCOMING_LIMIT, upcomingWindow } from './dashboard-window';
import { ExactSum } from './exact-sum';
import type { Rational } from '../../common/domain/rational';
import { cycleOf, expenseJson } from './expense-rows';

// Everything the dashboard shows, in the base currency. Each total is summed exactly and rounded
// once (roundedMajor, which never throws); subscriptions whose currency has no rate are listed
// under `unconverted`, never counted 1:1.

const isSpending = (status: ExpenseStatus) => status === 'active' || status === 'trial';

function sumsOf(account: AccountContext, groups: GroupTotal[]) {
  const { money, baseCurrency } = account;
  const spend = new ExactSum();
  const savings = new ExactSum();
  const byCategory = new SpendBreakdown<number>();
  const unconverted = new Map<string, { sum: ExactSum; count: number }>();
  const counts = Object.fromEntries(EXPENSE_STATUSES.map((s) => [s, 0])) as Record<ExpenseStatus, number>;
  let savingsCount = 0;

  for (const g of groups) {
    const n = Number(g.n);
    counts[g.status] += n;
    const cycle = cycleOf(g);
    const amount = BigInt(g.total);
    const key = `${g.currency}:${g.cycle_unit}:${g.cycle_every}`;
    const factor = money.monthlyBaseFactor(g.currency, cycle);
    if (g.status === 'cancelled') {
      savingsCount += n;
      if (factor) savings.add(amount, key, factor);
      continue;
    }
    if (!isSpending(g.status)) continue;
    byCategory.add(g.category_id, n, amount, key, factor);
    if (factor) {
      spend.add(amount, key, factor);
    } else {
      let own = unconverted.get(g.currency);
      if (!own) unconverted.set(g.currency, (own = { sum: new ExactSum(), count: 0 }));
      own.count += n;
      own.sum.add(amount, key, money.monthlyFactor(cycle));
    }
  }
  return { spend, savings, savingsCount, byCategory, unconverted, counts, baseCurrency };
}

/** The renewal key (chargeGroups) of a plan charging from `date` on: its month for monthly and yearly plans. */
const renewalKeyOf = (unit: ChargeGroup['cycle_unit'], date: string) => (unit === 'month' || unit === 'year' ? date.slice(0, 7) : date);

/**
 * A decided downgrade (issue 13) charges the new amount from its renewal date on: in the forecast, the plan's
 * charges from that date are its current ones plus the difference, a group of its own.
 */
function downgradeGroups(downgrades: Awaited<ReturnType<typeof pendingDowngrades>>): ChargeGroup[] {
  return downgrades.map((d) => ({ currency: d.currency, cycle_unit: d.cycle_unit, cycle_every: d.cycle_every, renewal_key: renewalKeyOf(d.cycle_unit, d.effective_on), total: d.delta }));
}

/**
 * A fixed-term contract that ends (issue 13) charges nothing from its end on: its charges from the first renewal on
 * or after the end are taken back, a group of its own. One that becomes monthly swaps them for the monthly charge.
 */
function contractGroups(contracts: Awaited<ReturnType<typeof endingContracts>>): ChargeGroup[] {
  const groups: ChargeGroup[] = [];
  for (const c of contracts) {
    const cycle = cycleOf(c);
    if (c.end_action === 'monthly' && c.cycle_unit === 'month' && c.cycle_every === 1) continue;
    const first = cycleOnOrAfter(c.renewal_date, cycle, c.anchor_day, c.end_date);
    if (first === null) continue;
    groups.push({ currency: c.currency, cycle_unit: c.cycle_unit, cycle_every: c.cycle_every, renewal_key: renewalKeyOf(c.cycle_unit, first), total: String(-c.amount_minor) });
    if (c.end_action === 'monthly') groups.push({ currency: c.currency, cycle_unit: 'month', cycle_every: 1, renewal_key: renewalKeyOf('month', first), total: String(roundMinor(monthlyEquivalent(c.amount_minor, cycle))) });
  }
  return groups;
}

/** The forecast's months, each summed exactly in base minor units (not yet rounded). */
export function forecastSums(account: AccountContext, groups: ChargeGroup[]): { month: string; sum: Rational }[] {
  const calendar = forecastCalendar(account.today);
  const months = calendar.months.map(() => new ExactSum());
  for (const g of groups) {
    const toBase = account.money.toBaseFactor(g.currency);
    if (!toBase) continue;
    const charges = calendar.chargesPerMonth(cycleOf(g), g.renewal_key);
    const amount = BigInt(g.total);
    charges.forEach((count, i) => {
      if (count > 0) months[i]!.add(amount * BigInt(count), g.currency, toBase);
    });
  }
  return calendar.months.map((month, i) => ({ month, sum: months[i]!.value() }));
}

function forecastOf(account: AccountContext, groups: ChargeGroup[]): DashboardStats['forecast'] {
  return forecastSums(account, groups).map(({ month, sum }) => ({ month, total: roundedMajor(sum, account.baseCurrency) }));
}

/** What the forecast is made of: the stored charges, corrected for rows the sweep has not reached, decided downgrades and contracts' ends. */
export async function forecastGroups(db: Kysely<Database>, account: AccountContext, behind: RowsBehind): Promise<ChargeGroup[]> {
  const [charges, downgrades, ending] = await Promise.all([chargeGroups(db, account.workspaceId), pendingDowngrades(db, account.workspaceId), endingContracts(db, account.workspaceId)]);
  return [...correctCharges(charges, behind), ...downgradeGroups(downgrades), ...contractGroups(ending)];
}

function categoryBreakdown(sums: ReturnType<typeof sumsOf>, names: Map<number, string>, base: string): DashboardStats['category_breakdown'] {
  return sums.byCategory.rows((id) => names.get(id) ?? FALLBACK_CATEGORY, base).map(({ label, monthly_total, count, unconverted_count }) => ({ category: label, monthly_total, count, unconverted_count }));
}

/** Spend by cost centre (one bucket per centre, whatever its spelling; null: none) and by owner. */
function peopleBreakdowns(account: AccountContext, groups: PeopleTotal[], owners: Map<number, string>) {
  const { money, baseCurrency } = account;
  const byCentre = new SpendBreakdown<string | null>();
  const byOwner = new SpendBreakdown<number>();
  const spellings = new Map<string, string>();
  for (const g of groups) {
    const cycle = cycleOf(g);
    const factor = money.monthlyBaseFactor(g.currency, cycle);
    const factorKey = `${g.currency}:${g.cycle_unit}:${g.cycle_every}`;
    const centre = g.cost_centre === null ? null : costCentreKey(g.cost_centre);
    if (centre !== null && !spellings.has(centre)) spellings.set(centre, g.cost_centre!);
    byCentre.add(centre, Number(g.n), BigInt(g.total), factorKey, factor);
    byOwner.add(g.user_id, Number(g.n), BigInt(g.total), factorKey, factor);
  }
  return {
    cost_centre_breakdown: byCentre
      .rows((key) => (key === null ? '' : spellings.get(key)!), baseCurrency)
      .map(({ key, label, monthly_total, count, unconverted_count }) => ({ cost_centre: key === null ? null : label, monthly_total, count, unconverted_count })),
    owner_breakdown: byOwner
      .rows((id) => owners.get(id) ?? '', baseCurrency)
      .map(({ key, label, monthly_total, count, unconverted_count }) => ({ user_id: key, owner_name: label, monthly_total, count, unconverted_count })),
  };
}

/** The account's rows the sweep has not reached yet (none, normally: two index probes). */
export async function behindOf(db: Kysely<Database>, account: AccountContext): Promise<RowsBehind> {
  const probe = await behindOn(db, account.workspaceId, account.today);
  const rows = probe.renewals || probe.trials ? await rowsBehind(db, account.workspaceId, account.today) : [];
  return { rows, today: account.today, now: account.now.toISOString() };
}

export function dashboardHandlers(ports: Ports): HandlersFor<'dashboard'> {
  const { db, clock } = ports;

  return {
    async 'dashboard.stats'(ctx) {
      const account = await loadAccount(db, clock, ctx);
      const behind = await behindOf(db, account);
      const window = upcomingWindow(account.today);
      const [groups, people, charges, upcomingStored, upcomingAll, recentStored, categories, downgrades, actuals, ending] = await Promise.all([
        groupTotals(db, ctx.workspaceId),
        peopleTotals(db, ctx.workspaceId),
        chargeGroups(db, ctx.workspaceId),
        // Room for the rows behind, which may leave the window or move into it.
        upcomingRows(db, ctx.workspaceId, window, UPCOMING_LIMIT + behind.rows.length),
        upcomingGroups(db, ctx.workspaceId, window),
        recentRows(db, ctx.workspaceId, RECENT_LIMIT),
        listCategories(db, ctx.workspaceId),
        pendingDowngrades(db, ctx.workspaceId),
        actualSpendOf(db, account, behind),
        endingContracts(db, ctx.workspaceId),
      ]);
      const base = account.baseCurrency;
      const sums = sumsOf(account, correctTotals(groups, behind));
      const names = new Map(categories.map((c) => [c.id, c.name]));
      const peopleGroups = correctPeople(people, behind);
      const owners = await usernamesOf(db, [...peopleGroups.map((g) => g.user_id), ...behind.rows.map((r) => r.user_id)]);
      const renewing = upcomingTotals(correctUpcoming(upcomingAll, window, behind), window, account.money);
      const upcoming = correctUpcomingRows(upcomingStored, window, UPCOMING_LIMIT, behind, (row) => ({ category_name: names.get(row.category_id) ?? FALLBACK_CATEGORY, owner_name: owners.get(row.user_id) ?? '' }));
      const recent = recentStored.map((row) => currentCycle(row, behind.today, behind.now));
      const recentContracts = await contractsOf(db, ctx.workspaceId, recent.map((row) => row.id));

      return {
        base_currency: base,
        monthly_spend: roundedMajor(sums.spend.value(), base),
        yearly_projection: roundedMajor(sums.spend.times(12), base),
        category_breakdown: categoryBreakdown(sums, names, base),
        ...peopleBreakdowns(account, peopleGroups, owners),
        upcoming_renewals: upcoming.map((row) => {
          const amountBase = account.money.baseMinor(row.amount_minor, row.currency);
          return {
            id: row.id,
            name: row.name,
            category: row.category_name,
            renewal_date: row.renewal_date,
            days_left: daysLeft(row.renewal_date, account.today),
            amount: minorToMajor(row.amount_minor, row.currency),
            currency: row.currency,
            amount_base: amountBase === null ? null : bigMinorToMajor(amountBase, base),
            billing_cycle: cycleOf(row),
            status: row.status,
            occurrences: occurrencesIn({ renewal_date: row.renewal_date, cycle: cycleOf(row), anchor_day: row.anchor_day, auto_renew: row.auto_renew === 1 }, window),
          };
        }),
        upcoming_count: renewing.count,
        upcoming_total: roundedMajor(renewing.total, base),
        upcoming_unconverted: renewing.unconverted,
        recent_expenses: recent.map((row) => expenseJson(row, account, recentContracts.get(row.id))),
        forecast: forecastOf(account, [...correctCharges(charges, behind), ...downgradeGroups(downgrades), ...contractGroups(ending)]),
        ...actuals,
        savings: {
          monthly: roundedMajor(sums.savings.value(), base),
          yearly: roundedMajor(sums.savings.times(12), base),
          count: sums.savingsCount,
        },
        counts: sums.counts,
        unconverted: [...sums.unconverted]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([currency, { sum, count }]) => ({ currency, count, monthly_total: roundedMajor(sum.value(), currency) })),
      };
    },

    async 'dashboard.summary'(ctx) {
      const account = await loadAccount(db, clock, ctx);
      const behind = await behindOf(db, account);
      const window = upcomingWindow(account.today);
      // The count of charges alone needs no sums: plans in the window are counted on an index, and only those that may repeat are grouped.
      const [stored, upcomingStored] = await Promise.all([renewingTotals(db, ctx.workspaceId), upcomingCharges(db, ctx.workspaceId, window)]);
      const groups = correctRenewing(stored, behind);
      const spend = new ExactSum();
      let activeCount = 0;
      for (const g of groups) {
        if (g.status === 'active') activeCount += Number(g.n);
        const factor = account.money.monthlyBaseFactor(g.currency, cycleOf(g));
        if (factor) spend.add(BigInt(g.total), `${g.currency}:${g.cycle_unit}:${g.cycle_every}`, factor);
      }
      return {
        base_currency: account.baseCurrency,
        monthly_spend: roundedMajor(spend.value(), account.baseCurrency),
        yearly_projection: roundedMajor(spend.times(12), account.baseCurrency),
        active_count: activeCount,
        upcoming_count: correctUpcomingCount(upcomingCount(upcomingStored, window), window, behind),
      };
    },
  };
}

import { FALLBACK_CATEGORY } from '../../common/contract/categories';
import type { DashboardStats } from '../../common/contract/dashboard';
import { EXPENSE_STATUSES, type ExpenseStatus } from '../../common/contract/expenses';
import { minorToMajor, roundMinor } from '../../common/domain/money';
import type { Rational } from '../../common/domain/rational';
import { daysLeft } from '../../common/domain/reminder-plan';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { type AccountContext, loadAccount } from './account-context';
import { categoriesOf } from './category-store';
import { forecastCalendar } from './dashboard-forecast';
import { type ChargeGroup, type GroupTotal, chargeGroups, groupTotals, recentRows, renewingTotals, upcomingCount, upcomingRows } from './dashboard-queries';
import { ExactSum } from './exact-sum';
import { cycleOf, expenseJson } from './expense-rows';
import { refreshAccount } from './renewals';

// Everything the dashboard shows, in the base currency. Each total is summed exactly and rounded
// once; subscriptions whose currency has no rate are listed under `unconverted`, never counted 1:1.

const isSpending = (status: ExpenseStatus) => status === 'active' || status === 'trial';

function major(value: Rational, currency: string): number {
  return minorToMajor(roundMinor(value), currency);
}

function sumsOf(account: AccountContext, groups: GroupTotal[]) {
  const { money, baseCurrency } = account;
  const spend = new ExactSum();
  const savings = new ExactSum();
  const byCategory = new Map<number, { sum: ExactSum; count: number }>();
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
    let category = byCategory.get(g.category_id);
    if (!category) byCategory.set(g.category_id, (category = { sum: new ExactSum(), count: 0 }));
    category.count += n;
    if (factor) {
      spend.add(amount, key, factor);
      category.sum.add(amount, key, factor);
    } else {
      let own = unconverted.get(g.currency);
      if (!own) unconverted.set(g.currency, (own = { sum: new ExactSum(), count: 0 }));
      own.count += n;
      own.sum.add(amount, key, money.monthlyFactor(cycle));
    }
  }
  return { spend, savings, savingsCount, byCategory, unconverted, counts, baseCurrency };
}

function forecastOf(account: AccountContext, groups: ChargeGroup[]): DashboardStats['forecast'] {
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
  return calendar.months.map((month, i) => ({ month, total: major(months[i]!.value(), account.baseCurrency) }));
}

export function dashboardHandlers(ports: Ports): HandlersFor<'dashboard'> {
  const { db, clock } = ports;

  return {
    async 'dashboard.stats'(ctx) {
      const account = await loadAccount(db, clock, ctx.userId);
      await refreshAccount(ports, account);
      const [groups, charges, upcoming, upcomingTotal, recent, categories] = await Promise.all([
        groupTotals(db, ctx.userId),
        chargeGroups(db, ctx.userId),
        upcomingRows(db, ctx.userId, account.today),
        upcomingCount(db, ctx.userId, account.today),
        recentRows(db, ctx.userId),
        categoriesOf(db, ctx.userId),
      ]);
      const base = account.baseCurrency;
      const sums = sumsOf(account, groups);
      const names = new Map(categories.map((c) => [c.id, c.name]));
      const monthly = sums.spend.value();
      const savingsMonthly = sums.savings.value();

      const categoryBreakdown = [...sums.byCategory].map(([id, { sum, count }]) => ({
        category: names.get(id) ?? FALLBACK_CATEGORY,
        minor: roundMinor(sum.value()),
        count,
      }));
      categoryBreakdown.sort((a, b) => b.minor - a.minor || a.category.localeCompare(b.category));

      return {
        base_currency: base,
        monthly_spend: major(monthly, base),
        yearly_projection: major(sums.spend.times(12), base),
        category_breakdown: categoryBreakdown.map(({ category, minor, count }) => ({ category, monthly_total: minorToMajor(minor, base), count })),
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
            amount_base: amountBase === null ? null : minorToMajor(amountBase, base),
            billing_cycle: cycleOf(row),
            status: row.status,
          };
        }),
        upcoming_count: upcomingTotal,
        recent_expenses: recent.map((row) => expenseJson(row, account)),
        forecast: forecastOf(account, charges),
        savings: {
          monthly: major(savingsMonthly, base),
          yearly: major(sums.savings.times(12), base),
          count: sums.savingsCount,
        },
        counts: sums.counts,
        unconverted: [...sums.unconverted]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([currency, { sum, count }]) => ({ currency, count, monthly_total: major(sum.value(), currency) })),
      };
    },

    async 'dashboard.summary'(ctx) {
      const account = await loadAccount(db, clock, ctx.userId);
      await refreshAccount(ports, account);
      const [groups, upcoming] = await Promise.all([renewingTotals(db, ctx.userId), upcomingCount(db, ctx.userId, account.today)]);
      const spend = new ExactSum();
      let activeCount = 0;
      for (const g of groups) {
        if (g.status === 'active') activeCount += Number(g.n);
        const factor = account.money.monthlyBaseFactor(g.currency, cycleOf(g));
        if (factor) spend.add(BigInt(g.total), `${g.currency}:${g.cycle_unit}:${g.cycle_every}`, factor);
      }
      return {
        base_currency: account.baseCurrency,
        monthly_spend: major(spend.value(), account.baseCurrency),
        yearly_projection: major(spend.times(12), account.baseCurrency),
        active_count: activeCount,
        upcoming_count: upcoming,
      };
    },
  };
}

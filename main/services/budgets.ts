import type { Kysely } from 'kysely';
import type { Budget, BudgetCheckInput, BudgetScope, BudgetSetInput, BudgetStatus, BudgetWarning } from '../../common/contract/budgets';
import { FALLBACK_CATEGORY } from '../../common/contract/categories';
import { summarize } from '../../common/contract/validate';
import type { BillingCycle } from '../../common/domain/billing-cycles';
import { minorToMajor, roundedMajor } from '../../common/domain/money';
import { type Rational, ZERO, add, compare, rational, sub } from '../../common/domain/rational';
import { AppError, type FieldErrors } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { type BudgetRow, deleteBudget, findBudget, listBudgets, upsertBudget } from '../db/repositories/budgets';
import { findCategory, listCategories } from '../db/repositories/categories';
import { groupTotals } from '../db/repositories/expense-totals';
import { peopleTotals } from '../db/repositories/expense-people-totals';
import { findLiveExpense } from '../db/repositories/expenses';
import type { Database } from '../db/schema';
import { type AccountContext, loadAccount } from './account-settings';
import { costCentreKey } from './cost-centres';
import { type RowsBehind, correctPeople, correctTotals } from './dashboard-behind';
import { behindOf, forecastGroups, forecastSums } from './dashboard';
import { ExactSum } from './exact-sum';
import { moneyFor } from './expense-changes';
import { cycleOf, notFound as expenseNotFound } from './expense-rows';
import { times } from './money-view';

// Budgets (issue 13): one monthly amount per scope (the workspace, a category, a cost centre). Spend is what the
// dashboard's monthly figure counts (active and trial plans, monthly equivalent, base currency at the workspace's rates),
// compared exactly with the budget converted the same way; a currency without a rate is left out and said so.

const DEFAULT_CYCLE: BillingCycle = { unit: 'month', every: 1 };
const isSpending = (status: string) => status === 'active' || status === 'trial';

function fail(fields: FieldErrors): never {
  throw new AppError('validation', summarize(fields), fields);
}

/** The one key of a scope (see 0024): a second budget for it replaces the first. */
export function budgetScopeKey(scope: BudgetScope, categoryId: number | null, costCentre: string | null): string {
  if (scope === 'category') return `category:${categoryId}`;
  if (scope === 'cost_centre') return `cost_centre:${costCentreKey(costCentre!)}`;
  return 'workspace';
}

/** Money the way people read it: "$120", "$120.50", "€1,000" in the member's locale. */
function formatMoney(amount: number, currency: string, locale: string): string {
  const whole = Number.isInteger(amount);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}) }).format(amount);
  } catch {
    return `${currency} ${amount}`;
  }
}

interface Bucket {
  sum: ExactSum;
  unconverted: number;
}

/** Each scope's monthly spend, exact, in base minor units. */
interface Spends {
  workspace: Bucket;
  category: Map<number, Bucket>;
  costCentre: Map<string, Bucket>;
  /** Currencies of plans without a rate. */
  missing: Set<string>;
}

function bucketIn<K>(map: Map<K, Bucket>, key: K): Bucket {
  let bucket = map.get(key);
  if (!bucket) map.set(key, (bucket = { sum: new ExactSum(), unconverted: 0 }));
  return bucket;
}

async function spendsOf(db: Kysely<Database>, account: AccountContext, behind: RowsBehind): Promise<Spends> {
  const [groups, people] = await Promise.all([groupTotals(db, account.workspaceId), peopleTotals(db, account.workspaceId)]);
  const spends: Spends = { workspace: { sum: new ExactSum(), unconverted: 0 }, category: new Map(), costCentre: new Map(), missing: new Set() };
  const put = (bucket: Bucket, n: number, amount: bigint, key: string, factor: Rational | null) => {
    if (factor) bucket.sum.add(amount, key, factor);
    else bucket.unconverted += n;
  };
  for (const g of correctTotals(groups, behind)) {
    if (!isSpending(g.status)) continue;
    const factor = account.money.monthlyBaseFactor(g.currency, cycleOf(g));
    if (!factor) spends.missing.add(g.currency);
    const key = `${g.currency}:${g.cycle_unit}:${g.cycle_every}`;
    put(spends.workspace, Number(g.n), BigInt(g.total), key, factor);
    put(bucketIn(spends.category, g.category_id), Number(g.n), BigInt(g.total), key, factor);
  }
  for (const g of correctPeople(people, behind)) {
    if (g.cost_centre === null || !isSpending(g.status)) continue;
    const factor = account.money.monthlyBaseFactor(g.currency, cycleOf(g));
    put(bucketIn(spends.costCentre, costCentreKey(g.cost_centre)), Number(g.n), BigInt(g.total), `${g.currency}:${g.cycle_unit}:${g.cycle_every}`, factor);
  }
  return spends;
}

function bucketOf(spends: Spends, row: Pick<BudgetRow, 'scope' | 'category_id' | 'cost_centre'>): Bucket | undefined {
  if (row.scope === 'category') return spends.category.get(row.category_id!);
  if (row.scope === 'cost_centre') return spends.costCentre.get(costCentreKey(row.cost_centre!));
  return spends.workspace;
}

/** The budget in base minor units, exact; null without a rate for its currency. */
function budgetBase(account: AccountContext, row: Pick<BudgetRow, 'amount_minor' | 'currency'>): Rational | null {
  const factor = account.money.toBaseFactor(row.currency);
  return factor ? times(row.amount_minor, factor) : null;
}

const noRate = (currency: string) => `${currency} has no exchange rate: add one in Settings → Exchange rates`;

function labelOf(row: BudgetRow, names: Map<number, string>): string {
  if (row.scope === 'category') return names.get(row.category_id!) ?? FALLBACK_CATEGORY;
  if (row.scope === 'cost_centre') return row.cost_centre!;
  return 'Workspace';
}

function budgetJson(row: BudgetRow, names: Map<number, string>, spends: Spends, account: AccountContext): Budget {
  const base = account.baseCurrency;
  const bucket = bucketOf(spends, row);
  const spend = bucket?.sum.value() ?? ZERO;
  const limit = budgetBase(account, row);
  return {
    id: row.id,
    scope: row.scope,
    category_id: row.category_id,
    cost_centre: row.cost_centre,
    label: labelOf(row, names),
    amount: minorToMajor(row.amount_minor, row.currency),
    currency: row.currency,
    amount_base: limit === null ? null : roundedMajor(limit, base),
    spend: roundedMajor(spend, base),
    unconverted_count: bucket?.unconverted ?? 0,
    over_by: limit === null ? null : compare(spend, limit) > 0 ? roundedMajor(sub(spend, limit), base) : 0,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

const SCOPE_ORDER: Record<BudgetScope, number> = { workspace: 0, category: 1, cost_centre: 2 };
/** A warning names the category first: that is what the person filling the form chose. */
const WARNING_ORDER: Record<BudgetScope, number> = { category: 0, cost_centre: 1, workspace: 2 };

async function statusOf(db: Kysely<Database>, account: AccountContext): Promise<BudgetStatus> {
  // Rows the sweep has not reached yet count as they will be (the dashboard's own correction).
  const behind = await behindOf(db, account);
  const [rows, categories, spends] = await Promise.all([listBudgets(db, account.workspaceId), listCategories(db, account.workspaceId), spendsOf(db, account, behind)]);
  const names = new Map(categories.map((c) => [c.id, c.name]));
  const budgets = rows.map((row) => budgetJson(row, names, spends, account)).sort((a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope] || a.label.localeCompare(b.label));
  const workspaceRow = rows.find((r) => r.scope === 'workspace');
  const limit = workspaceRow ? budgetBase(account, workspaceRow) : null;
  const forecast = forecastSums(account, await forecastGroups(db, account, behind)).map(({ month, sum }) => ({
    month,
    total: roundedMajor(sum, account.baseCurrency),
    over_by: limit === null ? null : compare(sum, limit) > 0 ? roundedMajor(sub(sum, limit), account.baseCurrency) : 0,
  }));
  const missing = new Set(spends.missing);
  for (const row of rows) if (!account.money.toBaseFactor(row.currency)) missing.add(row.currency);
  const notes = [...missing].sort().map((currency) => {
    const budgetsIn = rows.filter((r) => r.currency === currency).map((r) => labelOf(r, names));
    const parts = [
      ...(budgetsIn.length > 0 ? [`the ${budgetsIn.join(', ')} ${budgetsIn.length === 1 ? 'budget' : 'budgets'} cannot be compared`] : []),
      ...(spends.missing.has(currency) ? [`plans in ${currency} are not counted against budgets`] : []),
    ];
    return `${noRate(currency)}; ${parts.join(', and ')}`;
  });
  return { base_currency: account.baseCurrency, budgets, forecast, notes };
}

/** The budget amount in minor units of `currency`, or the reason under `amount`. */
function amountOf(input: string | number, currency: string, account: AccountContext, label: string): number {
  const fields: FieldErrors = {};
  const minor = moneyFor(input, currency, account, fields, 'amount');
  if (minor === undefined) fail({ amount: fields.amount!.replace(/^Amount/, label) });
  return minor;
}

export function budgetHandlers(ports: Ports): HandlersFor<'budgets'> {
  const { db, clock } = ports;
  const account = (ctx: Parameters<typeof loadAccount>[2]) => loadAccount(db, clock, ctx);

  return {
    async 'budgets.list'(ctx) {
      return statusOf(db, await account(ctx));
    },

    async 'budgets.set'(ctx, input: BudgetSetInput) {
      const acc = await account(ctx);
      const fields: FieldErrors = {};
      if (input.scope !== 'category' && input.category_id !== undefined) fields.category_id = 'Category is only for a category budget';
      if (input.scope !== 'cost_centre' && input.cost_centre !== undefined) fields.cost_centre = 'Cost centre is only for a cost-centre budget';
      if (input.scope === 'category' && input.category_id === undefined) fields.category_id = 'Category is required for a category budget';
      if (input.scope === 'cost_centre' && !input.cost_centre) fields.cost_centre = 'Cost centre is required for a cost-centre budget';
      if (Object.keys(fields).length > 0) fail(fields);
      const currency = input.currency ?? acc.baseCurrency;
      const minor = amountOf(input.amount, currency, acc, 'Budget amount');
      if (minor === 0) fail({ amount: 'Budget amount must be more than 0 (delete the budget to have none)' });
      const now = acc.now.toISOString();
      const categoryId = input.scope === 'category' ? input.category_id! : null;
      const costCentre = input.scope === 'cost_centre' ? input.cost_centre! : null;
      const row = await db.transaction().execute(async (trx) => {
        if (categoryId !== null && !(await findCategory(trx, ctx.workspaceId, categoryId))) {
          throw new AppError('not_found', `Category ${categoryId} not found`, { category_id: `No category ${categoryId} in this workspace` });
        }
        return upsertBudget(trx, {
          workspace_id: ctx.workspaceId,
          scope: input.scope,
          scope_key: budgetScopeKey(input.scope, categoryId, costCentre),
          category_id: categoryId,
          cost_centre: costCentre,
          amount_minor: minor,
          currency,
          created_at: now,
          updated_at: now,
        });
      });
      const status = await statusOf(db, acc);
      return { budget: status.budgets.find((b) => b.id === row.id)! };
    },

    async 'budgets.delete'(ctx, input) {
      const row = await findBudget(db, ctx.workspaceId, input.id);
      if (!row) throw new AppError('not_found', `Budget ${input.id} not found`);
      await deleteBudget(db, ctx.workspaceId, input.id);
      const names = new Map((await listCategories(db, ctx.workspaceId)).map((c) => [c.id, c.name]));
      return { message: `Deleted the ${labelOf(row, names)} budget` };
    },

    async 'budgets.check'(ctx, input: BudgetCheckInput) {
      const acc = await account(ctx);
      const current = input.id === undefined ? undefined : await findLiveExpense(db, ctx.workspaceId, input.id);
      if (input.id !== undefined && !current) throw expenseNotFound(input.id);
      const currency = input.currency ?? current?.currency ?? acc.baseCurrency;
      const minor = amountOf(input.amount, currency, acc, 'Amount');
      const cycle = input.billing_cycle ?? (current ? cycleOf(current) : DEFAULT_CYCLE);
      const status = input.status ?? current?.status ?? 'active';
      const [rows, categories, spends] = await Promise.all([listBudgets(db, ctx.workspaceId), listCategories(db, ctx.workspaceId), spendsOf(db, acc, await behindOf(db, acc))]);
      const names = new Map(categories.map((c) => [c.id, c.name]));
      const categoryName = input.category ?? current?.category_name ?? FALLBACK_CATEGORY;
      const categoryId = categories.find((c) => c.name.toLowerCase() === categoryName.toLowerCase())?.id ?? null;
      const centre = input.cost_centre === undefined ? (current?.cost_centre ?? null) : input.cost_centre || null;

      const notes: string[] = [];
      const draft = isSpending(status) ? acc.money.monthlyBaseMinor(minor, currency, cycle) : 0n;
      if (draft === null) notes.push(`${noRate(currency)}; this subscription is not counted against budgets`);
      const own = current && isSpending(current.status) ? acc.money.monthlyBaseFactor(current.currency, cycleOf(current)) : null;
      const ownValue = own ? times(current!.amount_minor, own) : ZERO;
      const after: Rational = draft === null ? ZERO : rational(draft);

      const inScope = (row: BudgetRow, of: { category_id: number | null; cost_centre: string | null }) =>
        row.scope === 'workspace' ||
        (row.scope === 'category' && row.category_id === of.category_id) ||
        (row.scope === 'cost_centre' && of.cost_centre !== null && costCentreKey(of.cost_centre) === costCentreKey(row.cost_centre!));

      const warnings: BudgetWarning[] = [];
      for (const row of rows) {
        const limit = budgetBase(acc, row);
        if (limit === null) continue;
        const before = bucketOf(spends, row)?.sum.value() ?? ZERO;
        // The spend without this subscription as it is now, then with it as drafted.
        const without = current && inScope(row, current) ? sub(before, ownValue) : before;
        const spendAfter = inScope(row, { category_id: categoryId, cost_centre: centre }) ? add(without, after) : without;
        // Only a change that adds to an over-budget scope is warned about (taking a plan out of it is not).
        if (compare(spendAfter, limit) <= 0 || compare(spendAfter, before) <= 0) continue;
        const base = acc.baseCurrency;
        const label = labelOf(row, names);
        const overBy = roundedMajor(sub(spendAfter, limit), base);
        const budget = roundedMajor(limit, base);
        const who = row.scope === 'workspace' ? 'The workspace' : row.scope === 'cost_centre' ? `Cost centre ${label}` : label;
        warnings.push({
          budget_id: row.id,
          scope: row.scope,
          label,
          budget,
          spend_after: roundedMajor(spendAfter, base),
          over_by: overBy,
          message: `${who} would be ${formatMoney(overBy, base, acc.emailLocale)} over its ${formatMoney(budget, base, acc.emailLocale)} monthly budget`,
        });
      }
      warnings.sort((a, b) => WARNING_ORDER[a.scope] - WARNING_ORDER[b.scope] || a.label.localeCompare(b.label));
      return { warnings, notes };
    },
  };
}

import type { Kysely } from 'kysely';
import { type ExpenseListInput, type ExpenseSort, NO_COST_CENTRE } from '../../common/contract/expenses';
import { CYCLE_UNITS } from '../../common/domain/billing-cycles';
import { toNumber } from '../../common/domain/rational';
import type { CategoryRow } from '../db/repositories/categories';
import type { Database } from '../db/schema';
import { behindOn } from '../db/repositories/expense-cycles';
import { type ExpenseListQuery, type ListedId, countExpenses, expensesByIds, listExpenseIds, listRenewalPassedRows } from '../db/repositories/expense-list';
import type { ExpenseRow } from '../db/repositories/expenses';
import type { AccountContext } from './account-settings';
import { sameCategoryName } from './category-store';
import { spellingsOf } from './cost-centres';
import { currentCycle } from './current-cycle';

// The subscriptions table: filter, search, sort and page in SQL, counting the total alongside.
// Rows the sweep has not reached yet are shown in their current cycle, and sorted and filtered so.

export const DEFAULT_PAGE_SIZE = 500;

const DEFAULT_ORDER: Record<ExpenseSort, 'asc' | 'desc'> = {
  name: 'asc',
  renewal_date: 'asc',
  created_at: 'desc',
  amount: 'desc',
  monthly: 'desc',
};

export interface ExpensePage<Row> {
  rows: Row[];
  total: number;
  limit: number;
  offset: number;
}

function listQuery(account: AccountContext, categories: CategoryRow[], input: ExpenseListInput, categoryId: number | undefined): ExpenseListQuery {
  const q = input.q?.trim() || undefined;
  const needle = q?.toLowerCase();
  const sort = input.sort ?? 'renewal_date';
  return {
    workspaceId: account.workspaceId,
    status: input.status,
    categoryId,
    q,
    searchCategoryIds: needle === undefined ? [] : categories.filter((c) => c.name.toLowerCase().includes(needle)).map((c) => c.id),
    sort,
    order: input.order ?? DEFAULT_ORDER[sort],
    baseFactors: [...account.rates.keys()].sort().map((c) => [c, toNumber(account.money.toBaseFactor(c)!)]),
    monthlyFactors: CYCLE_UNITS.map((unit) => [unit, toNumber(account.money.monthlyFactor({ unit, every: 1 }))]),
  };
}

async function plainPage(account: AccountContext, query: ExpenseListQuery, limit: number, offset: number, db: Kysely<Database>): Promise<ExpensePage<ExpenseRow>> {
  const ids = (await listExpenseIds(db, query, { limit, offset })).map((r) => r.id);
  const rows = await expensesByIds(db, account.workspaceId, ids);
  // A page that is not full tells the total without counting.
  const counted = rows.length < limit && (rows.length > 0 || offset === 0);
  const total = counted ? offset + rows.length : await countExpenses(db, query);
  return { rows, total, limit, offset };
}

/**
 * By renewal date while some renewals have passed unswept: those rows (few) sit at their next date,
 * which SQL does not know. The others are paged in SQL from `offset - k` (k = the few), and the two
 * ordered runs are merged; no row before that point can land on this page.
 */
async function mergedByRenewal(account: AccountContext, query: ExpenseListQuery, limit: number, offset: number, db: Kysely<Database>): Promise<ExpensePage<ExpenseRow>> {
  const today = account.today;
  const now = account.now.toISOString();
  const sign = query.order === 'asc' ? 1 : -1;
  const before = (a: ListedId, b: ListedId) => sign * (a.renewal_date < b.renewal_date ? -1 : a.renewal_date > b.renewal_date ? 1 : a.id - b.id) < 0;

  const moved = (await listRenewalPassedRows(db, query, today)).map((row) => currentCycle(row, today, now));
  moved.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  const k = moved.length;
  const start = Math.max(0, offset - k);
  const window = await listExpenseIds(db, query, { limit: limit + k, offset: start }, { today, passed: false });

  const merged: ({ kind: 'stored'; id: number } | { kind: 'moved'; row: ExpenseRow })[] = [];
  let i = 0;
  let j = 0;
  // From a later start, the moved rows before the window's first row all lie before `offset`; and
  // with no window at all the list ends before `offset` (it has fewer than start + k rows).
  if (start > 0) while (j < k && (window.length === 0 || before(moved[j]!, window[0]!))) j += 1;
  let position = start + j;
  while (i < window.length || j < k) {
    const takeMoved = j < k && (i >= window.length || before(moved[j]!, window[i]!));
    const item = takeMoved ? ({ kind: 'moved', row: moved[j++]! } as const) : ({ kind: 'stored', id: window[i++]!.id } as const);
    if (position >= offset && position < offset + limit) merged.push(item);
    position += 1;
  }
  const stored = new Map((await expensesByIds(db, account.workspaceId, merged.flatMap((m) => (m.kind === 'stored' ? [m.id] : [])))).map((r) => [r.id, r]));
  const rows = merged.map((m) => (m.kind === 'moved' ? m.row : stored.get(m.id)!));

  const windowFull = window.length === limit + k;
  const others = !windowFull && (window.length > 0 || start === 0) ? start + window.length : await countExpenses(db, query, { today, passed: false });
  return { rows, total: others + k, limit, offset };
}

export async function listExpenseRows(db: Kysely<Database>, account: AccountContext, categories: CategoryRow[], input: ExpenseListInput): Promise<ExpensePage<ExpenseRow>> {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const offset = input.offset ?? 0;
  let categoryId: number | undefined;
  if (input.category) {
    const category = categories.find((c) => sameCategoryName(c.name, input.category!));
    if (!category) return { rows: [], total: 0, limit, offset };
    categoryId = category.id;
  }
  const query = listQuery(account, categories, input, categoryId);
  query.ownerId = input.owner;
  if (input.cost_centre === NO_COST_CENTRE) query.costCentres = 'none';
  else if (input.cost_centre !== undefined) {
    // Matched ignoring case (cost-centres.ts): a centre no subscription carries lists nothing.
    const spellings = await spellingsOf(db, account.workspaceId, input.cost_centre);
    if (spellings.length === 0) return { rows: [], total: 0, limit, offset };
    query.costCentres = spellings;
  }
  const behind = await behindOn(db, account.workspaceId, account.today);
  if (behind.trials) query.statusAsOf = account.today;
  const page = behind.renewals && query.sort === 'renewal_date' ? await mergedByRenewal(account, query, limit, offset, db) : await plainPage(account, query, limit, offset, db);
  const now = account.now.toISOString();
  return { ...page, rows: page.rows.map((row) => currentCycle(row, account.today, now)) };
}

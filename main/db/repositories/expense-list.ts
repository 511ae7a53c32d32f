import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { ExpenseSort, ExpenseStatus } from '../../../common/contract/expenses';
import type { Database } from '../schema';
import { floatValue, ignoringCase, likeIgnoringCase, withoutIndex } from '../sql-dialect';
import { currentStatus, renewalPassed } from './expense-cycles';
import type { ExpenseRow } from './expenses';

// The subscriptions list as SQL: filter, search, sort and page on ids, then read the page's rows.

/** Ids per `in (...)` list, well under SQLite's variable limit. */
const ID_CHUNK = 500;

/** What one list request asks for, with names already resolved to ids by the service. */
export interface ExpenseListQuery {
  workspaceId: number;
  status?: ExpenseStatus;
  /** Only this category's rows. */
  categoryId?: number;
  /** Only the rows this member owns. */
  ownerId?: number;
  /** Only rows with one of these stored spellings of a cost centre, or ('none') without one. */
  costCentres?: readonly string[] | 'none';
  /** Substring searched in name, description and payment method (trimmed, non-empty). */
  q?: string;
  /** With `q`: categories whose name contains it (their rows match too). */
  searchCategoryIds: number[];
  sort: ExpenseSort;
  order: 'asc' | 'desc';
  /** Base units per minor unit of each currency that has a rate, for the money sorts. */
  baseFactors: [currency: string, factor: number][];
  /** Monthly equivalent of one charge per cycle unit (every 1), for the monthly sort. */
  monthlyFactors: [unit: ExpenseRow['cycle_unit'], factor: number][];
  /**
   * Set when some rows have not been swept yet: the status filter reads each row's status as of this
   * day (an ended trial is already active or cancelled).
   */
  statusAsOf?: string;
}

/** Which rows of the list to read: all, or only those whose renewal has passed (or only the others). */
export type RenewalPassedPart = { today: string; passed: boolean } | null;

/**
 * Money sorts compare base-currency values (amount: one charge; monthly: the monthly equivalent),
 * so 100 EUR sorts above 100 USD when a euro is worth more. Rows without a rate sort last either way.
 * Floats are fine here: they order rows, they are never shown or stored.
 */
function moneySortKey(query: ExpenseListQuery): Expression<number | null> {
  const toBase = sql.join(
    query.baseFactors.map(([c, factor]) => sql`when ${c} then ${floatValue(factor)}`),
    sql` `,
  );
  const amountBase = sql`(case e.currency ${toBase} end * e.amount_minor)`;
  if (query.sort === 'amount') return amountBase as Expression<number | null>;
  const perMonth = sql.join(
    query.monthlyFactors.map(([unit, factor]) => sql`when ${unit} then ${floatValue(factor)}`),
    sql` `,
  );
  return sql<number | null>`(${amountBase} * (case e.cycle_unit ${perMonth} end) / e.cycle_every)`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// SQLite's LIKE folds only ASCII letters; trying the lower- and upper-case forms of the query
// also finds "Über" for "über" without a custom collation.
function likePatterns(q: string): string[] {
  const patterns = new Set([q, q.toLowerCase(), q.toUpperCase()].map((v) => `%${escapeLike(v)}%`));
  return [...q].some((ch) => ch.charCodeAt(0) > 0x7f) ? [...patterns] : [`%${escapeLike(q)}%`];
}

function filtered(db: Kysely<Database>, query: ExpenseListQuery, part: RenewalPassedPart) {
  const q = query.q;
  // A substring search reads every row anyway: a plain table scan beats walking an index on workspace_id
  // (which, in a one-account database, selects every row) and looking each row up.
  const owner = q ? withoutIndex(db, sql.ref<number>('e.workspace_id')) : sql<number>`e.workspace_id`;
  const deletedAt = q ? withoutIndex(db, sql.ref<string | null>('e.deleted_at')) : sql<string | null>`e.deleted_at`;
  let select = db.selectFrom('expenses as e').where(owner, '=', query.workspaceId).where(deletedAt, 'is', null);

  if (query.status) {
    select = query.statusAsOf === undefined ? select.where('e.status', '=', query.status) : select.where(currentStatus('e', query.statusAsOf), '=', query.status);
  }
  if (query.categoryId !== undefined) select = select.where('e.category_id', '=', query.categoryId);
  if (query.ownerId !== undefined) select = select.where('e.user_id', '=', query.ownerId);
  if (query.costCentres === 'none') select = select.where('e.cost_centre', 'is', null);
  else if (query.costCentres !== undefined) select = select.where('e.cost_centre', 'in', query.costCentres);
  if (q) {
    select = select.where((eb) => {
      const matches: Expression<SqlBool>[] = [];
      for (const pattern of likePatterns(q)) {
        for (const column of ['e.name', 'e.description', 'e.payment_method'] as const) {
          matches.push(likeIgnoringCase(db, sql.ref(column), pattern));
        }
      }
      if (query.searchCategoryIds.length > 0) matches.push(eb('e.category_id', 'in', query.searchCategoryIds));
      return eb.or(matches);
    });
  }
  if (part) select = select.where(part.passed ? renewalPassed('e', part.today) : sql<SqlBool>`not ${renewalPassed('e', part.today)}`);
  return select;
}

export interface ListedId {
  id: number;
  renewal_date: string;
}

/** One page of ids in list order (with each row's stored renewal date). */
export async function listExpenseIds(db: Kysely<Database>, query: ExpenseListQuery, page: { limit: number; offset: number }, part: RenewalPassedPart = null): Promise<ListedId[]> {
  let ids = filtered(db, query, part).select('e.id');
  const { sort, order } = query;
  switch (sort) {
    case 'name':
      ids = ids.orderBy(ignoringCase(db, sql.ref('e.name')), order);
      break;
    case 'renewal_date':
    case 'created_at':
      ids = ids.orderBy(`e.${sort}`, order);
      break;
    case 'amount':
    case 'monthly': {
      const key = moneySortKey(query);
      ids = ids.orderBy(sql`${key} is null`).orderBy(key, order);
      break;
    }
  }
  // Sort and page on ids alone (index-only for most sorts); the dates come along only when asked for.
  const rows = await ids
    .$if(part !== null, (qb) => qb.select('e.renewal_date'))
    .orderBy('e.id', order)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((r) => ({ id: r.id, renewal_date: r.renewal_date ?? '' }));
}

/** Rows of the list that match it, with the renewal-passed part chosen, in any order (few: not swept yet). */
export function listRenewalPassedRows(db: Kysely<Database>, query: ExpenseListQuery, today: string): Promise<ExpenseRow[]> {
  return filtered(db, query, { today, passed: true }).selectAll('e').execute();
}

export async function countExpenses(db: Kysely<Database>, query: ExpenseListQuery, part: RenewalPassedPart = null): Promise<number> {
  return Number((await filtered(db, query, part).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

/** The workspace's rows with these ids, in the order of `ids`. */
export async function expensesByIds(db: Kysely<Database>, workspaceId: number, ids: number[]): Promise<ExpenseRow[]> {
  const byId = new Map<number, ExpenseRow>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = await db.selectFrom('expenses').selectAll().where('id', 'in', ids.slice(i, i + ID_CHUNK)).where(withoutIndex(db, sql.ref<number>('workspace_id')), '=', workspaceId).execute();
    for (const row of chunk) byId.set(row.id, row);
  }
  return ids.map((id) => byId.get(id)!);
}

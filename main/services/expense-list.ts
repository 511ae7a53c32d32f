import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { ExpenseListInput, ExpenseSort } from '../../common/contract/expenses';
import { CYCLE_UNITS } from '../../common/domain/billing-cycles';
import { toNumber } from '../../common/domain/rational';
import type { CategoryRow, Database, ExpenseRow } from '../db/schema';
import type { AccountContext } from './account-context';
import { sameCategoryName } from './category-store';

// The subscriptions table: filter, search, sort and page in SQL, counting the total alongside.

export const DEFAULT_PAGE_SIZE = 500;
/** Ids per `in (...)` list, well under SQLite's variable limit. */
const ID_CHUNK = 500;

/**
 * Money sorts compare base-currency values (amount: one charge; monthly: the monthly equivalent),
 * so 100 EUR sorts above 100 USD when a euro is worth more. Rows without a rate sort last either way.
 * Floats are fine here: they order rows, they are never shown or stored.
 */
function moneySortKey(sort: 'amount' | 'monthly', account: AccountContext): Expression<number | null> {
  const currencies = [...account.rates.keys()].sort();
  const toBase = sql.join(
    currencies.map((c) => sql`when ${c} then ${toNumber(account.money.toBaseFactor(c)!)}`),
    sql` `,
  );
  const amountBase = sql`(case e.currency ${toBase} end * e.amount_minor)`;
  if (sort === 'amount') return amountBase as Expression<number | null>;
  const perMonth = sql.join(
    CYCLE_UNITS.map((unit) => sql`when ${unit} then ${toNumber(account.money.monthlyFactor({ unit, every: 1 }))}`),
    sql` `,
  );
  return sql<number | null>`(${amountBase} * (case e.cycle_unit ${perMonth} end) / e.cycle_every)`;
}

const DEFAULT_ORDER: Record<ExpenseSort, 'asc' | 'desc'> = {
  name: 'asc',
  renewal_date: 'asc',
  created_at: 'desc',
  amount: 'desc',
  monthly: 'desc',
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// SQLite's LIKE folds only ASCII letters; trying the lower- and upper-case forms of the query
// also finds "Über" for "über" without a custom collation.
function likePatterns(q: string): string[] {
  const patterns = new Set([q, q.toLowerCase(), q.toUpperCase()].map((v) => `%${escapeLike(v)}%`));
  return [...q].some((ch) => ch.charCodeAt(0) > 0x7f) ? [...patterns] : [`%${escapeLike(q)}%`];
}

export interface ExpensePage<Row> {
  rows: Row[];
  total: number;
  limit: number;
  offset: number;
}

export async function listExpenseRows(db: Kysely<Database>, account: AccountContext, categories: CategoryRow[], input: ExpenseListInput) {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const offset = input.offset ?? 0;
  const q = input.q?.trim();
  // A substring search reads every row anyway: a plain table scan beats walking an index on user_id
  // (which, in a one-account database, selects every row) and looking each row up.
  const owner = q ? sql<number>`+e.user_id` : sql<number>`e.user_id`;
  const deletedAt = q ? sql<string | null>`+e.deleted_at` : sql<string | null>`e.deleted_at`;
  let query = db.selectFrom('expenses as e').where(owner, '=', account.userId).where(deletedAt, 'is', null);

  if (input.status) query = query.where('e.status', '=', input.status);
  if (input.category) {
    const category = categories.find((c) => sameCategoryName(c.name, input.category!));
    if (!category) return { rows: [], total: 0, limit, offset };
    query = query.where('e.category_id', '=', category.id);
  }
  if (q) {
    const needle = q.toLowerCase();
    const categoryIds = categories.filter((c) => c.name.toLowerCase().includes(needle)).map((c) => c.id);
    query = query.where((eb) => {
      const matches: Expression<SqlBool>[] = [];
      for (const pattern of likePatterns(q)) {
        for (const column of ['e.name', 'e.description', 'e.payment_method'] as const) {
          matches.push(sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`);
        }
      }
      if (categoryIds.length > 0) matches.push(eb('e.category_id', 'in', categoryIds));
      return eb.or(matches);
    });
  }

  const sort = input.sort ?? 'renewal_date';
  const order = input.order ?? DEFAULT_ORDER[sort];
  let ids = query.select('e.id');
  switch (sort) {
    case 'name':
      ids = ids.orderBy(sql`e.name collate nocase`, order);
      break;
    case 'renewal_date':
    case 'created_at':
      ids = ids.orderBy(`e.${sort}`, order);
      break;
    case 'amount':
    case 'monthly': {
      const key = moneySortKey(sort, account);
      ids = ids.orderBy(sql`${key} is null`).orderBy(key, order);
      break;
    }
  }
  // Sort and page on ids alone (index-only for most sorts), then read just the page's rows.
  const pageIds = (await ids.orderBy('e.id', order).limit(limit).offset(offset).execute()).map((r) => r.id);
  const byId = new Map<number, ExpenseRow>();
  for (let i = 0; i < pageIds.length; i += ID_CHUNK) {
    const chunk = await db.selectFrom('expenses').selectAll().where('id', 'in', pageIds.slice(i, i + ID_CHUNK)).where(sql<number>`+user_id`, '=', account.userId).execute();
    for (const row of chunk) byId.set(row.id, row);
  }
  const rows = pageIds.map((id) => byId.get(id)!);

  // A page that is not full tells the total without counting.
  const counted = rows.length < limit && (rows.length > 0 || offset === 0);
  const total = counted ? offset + rows.length : Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { rows, total, limit, offset };
}

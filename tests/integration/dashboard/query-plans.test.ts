import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf, OperationName } from '../../../common/contract';
import { noReminderHooks, type RequestContext } from '../../../main/core/context';
import { createCore } from '../../../main/core/create-core';
import { TransactionalSqliteDialect } from '../../../main/db/dialect';
import type { DatabaseHandle } from '../../../main/db/open';
import type { Database } from '../../../main/db/schema';
import { silentLogger } from '../../../main/ports';
import { analyzeExpenses } from '../../../main/db/statistics';
import { purgeDeletedExpenses } from '../../../main/services/renewals';
import { createMemorySecrets } from '../../../main/secrets/keychain';
import { testClock } from '../../support/clock';
import { callsThrough, type InputArgs, type TestCaller } from '../../support/core';
import { openTestDatabase } from '../../support/test-database';
import { tempDir } from '../../support/temp';

// The dashboard and list read through indexes: every query the services actually send (captured from
// Kysely's log) is run through EXPLAIN QUERY PLAN. The planner has no statistics here (the app never
// runs ANALYZE), which is how it runs on a user's machine until the first large import or PRAGMA
// optimize; the last test runs the same queries with statistics.
// On PostgreSQL: EXPLAIN (FORMAT JSON) with sequential scans priced out (enable_seqscan = off), so a
// handful of rows cannot make a table scan the cheaper plan; a scan that remains has no index to use.

interface Captured {
  sql: string;
  parameters: readonly unknown[];
}

let database: DatabaseHandle;
let captured: Captured[];
let call: TestCaller['call'];
let captureDb: Kysely<Database>;

beforeEach(async () => {
  database = await openTestDatabase(tempDir());
  captured = [];
  const dialect: Dialect = database.dialect === 'sqlite' ? new TransactionalSqliteDialect({ database: database.sqlite }) : new PostgresDialect({ pool: database.pool });
  const db = new Kysely<Database>({
    dialect,
    log: (event) => {
      if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  captureDb = db;
  const core = createCore({ db, clock: testClock('2026-03-10T09:00:00Z', 'UTC'), secrets: createMemorySecrets('tests'), notifier: { notify: () => false }, logger: silentLogger, reminders: noReminderHooks });
  let userId: number | null = null;
  const ctx = (): RequestContext => ({ userId, session: { signIn: async (id) => void (userId = id), signOut: async () => {} } });
  call = callsThrough(core, ctx).call;
  await call('auth.register', { email: 'plans@example.com', username: 'plans', password: 'correct horse battery' });
  await call('settings.update', { rates: [{ currency: 'EUR', rate: '1.1' }] });
  for (const [i, cycle] of ['monthly', 'yearly', 'weekly', 'quarterly'].entries()) {
    await call('expenses.create', { name: `Plan ${i}`, category: 'Design', amount: 10 + i, currency: i % 2 ? 'EUR' : 'USD', billing_cycle: cycle, renewal_date: '2026-03-20' });
  }
});
afterEach(async () => {
  await database.close();
});

interface PgPlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PgPlanNode[];
}

/** PostgreSQL's plan tree as lines: "Index Only Scan using expenses_live_totals", "Seq Scan on expenses", "Sort". */
function pgPlanLines(node: PgPlanNode): string[] {
  const self = node['Index Name'] ? `${node['Node Type']} using ${node['Index Name']}` : node['Relation Name'] ? `${node['Node Type']} on ${node['Relation Name']}` : node['Node Type'];
  return [self, ...(node.Plans ?? []).flatMap(pgPlanLines)];
}

async function plan(query: Captured): Promise<string[]> {
  if (database.dialect === 'sqlite') {
    const rows = database.sqlite.prepare(`explain query plan ${query.sql}`).all(...(query.parameters as unknown[])) as { detail: string }[];
    return rows.map((r) => r.detail);
  }
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    await client.query('set local enable_seqscan = off');
    const result = await client.query<{ 'QUERY PLAN': [{ Plan: PgPlanNode }] }>(`explain (format json) ${query.sql}`, query.parameters as unknown[]);
    return pgPlanLines(result.rows[0]!['QUERY PLAN'][0].Plan);
  } finally {
    await client.query('rollback');
    client.release();
  }
}

/** Plans of the captured queries that read expenses, one string per query. */
async function expensePlans<K extends OperationName>(name: K, ...input: InputArgs<K>): Promise<{ sql: string; plan: string }[]> {
  captured = [];
  await call(name, ...input);
  const plans: { sql: string; plan: string }[] = [];
  // Placeholders read as SQLite's "?" on both, so one pattern finds a query on either database.
  for (const q of captured.filter((q) => /from "expenses"/.test(q.sql) && /^select/i.test(q.sql))) plans.push({ sql: q.sql.replace(/\$\d+/g, '?'), plan: (await plan(q)).join('; ') });
  if (process.env.SHOW_PLANS) for (const p of plans) console.log(`${name}\n  ${p.sql}\n  -> ${p.plan}`);
  return plans;
}

// "SCAN expenses" without an index reads the whole table (every account's rows); "Seq Scan" on PostgreSQL.
const SQLITE_FULL_SCAN = /\bSCAN (expenses|e)\b(?! USING)/;
const PG_FULL_SCAN = /Seq Scan on expenses/;
const fullScan = () => (database.dialect === 'sqlite' ? SQLITE_FULL_SCAN : PG_FULL_SCAN);

/**
 * SQLite: the plan names this index. PostgreSQL: it reads expenses through one of their indexes
 * (which one, it decides by cost; without statistics on four rows that choice says nothing).
 */
function expectIndex(plan: string, sqlite: RegExp): void {
  if (database.dialect === 'sqlite') expect(plan).toMatch(sqlite);
  else {
    expect(plan).toMatch(/(Index Only Scan|Index Scan|Bitmap Index Scan) using expenses_/);
    expect(plan).not.toMatch(PG_FULL_SCAN);
  }
}

/** SQLite walks the index in order instead of sorting; PostgreSQL may sort four rows in memory instead, by cost. */
function expectNoSort(plan: string): void {
  if (database.dialect === 'sqlite') expect(plan).not.toMatch(/TEMP B-TREE/);
}

function find(plans: { sql: string; plan: string }[], pattern: RegExp): string {
  const found = plans.filter((p) => pattern.test(p.sql));
  expect(found, `one query matching ${pattern}`).toHaveLength(1);
  return found[0]!.plan;
}

describe('query plans (EXPLAIN QUERY PLAN on the queries the services send)', () => {
  it('dashboard.stats: the listed renewals from the covering upcoming index, everything else from the aggregates (0022), no table scan', async () => {
    const plans = await expensePlans('dashboard.stats');
    for (const p of plans) expect(p.plan, p.sql).not.toMatch(fullScan());
    // The totals, people and forecast are not read from expenses at all any more.
    expect(plans.filter((p) => /group by "status", "category_id"|group by "cost_centre", "user_id"|\(case/.test(p.sql))).toEqual([]);
    expectIndex(find(plans, /^select "e"\."id" from "expenses" as "e" .*"renewal_date" >= \?/), /USING COVERING INDEX expenses_live_upcoming \(workspace_id=\? AND renewal_date>\? AND renewal_date<\?\)/);
    expect(plans.filter((p) => /count\(\*\)/.test(p.sql))).toEqual([]);
    expectIndex(find(plans, /order by "e"\."created_at" desc/), /USING INDEX expenses_live_created \(workspace_id=\?\)/);
  });

  it('dashboard.stats and .summary read each aggregate table (0022) by its primary key, the workspace first', async () => {
    for (const name of ['dashboard.stats', 'dashboard.summary'] as const) {
      captured = [];
      await call(name);
      const reads = captured.filter((q) => /from "expense_\w*totals"/.test(q.sql));
      expect(reads.length).toBe(name === 'dashboard.stats' ? 4 : 3);
      for (const q of reads) {
        const lines = (await plan(q)).join('; ');
        // The window's renewals: a range of dates within the workspace's part of the key.
        const key = /"renewal_date" >= \?/.test(q.sql) ? 'workspace_id=\\? AND renewal_date>\\? AND renewal_date<\\?' : 'workspace_id=\\?';
        if (database.dialect === 'sqlite') expect(lines, q.sql).toMatch(new RegExp(`SEARCH (e|expense_\\w*totals) USING PRIMARY KEY \\(${key}`));
        else expect(lines, q.sql).toMatch(/(Index|Bitmap Index) (Only )?Scan using expense_\w*totals_pk/);
        // The totals stream out of the key in order; the summary's regrouping sorts a few hundred rows at most.
        if (/group by "status", "category_id"/.test(q.sql)) expectNoSort(lines);
      }
    }
  });

  it('cost-centre suggestions and the cost-centre filter read the cost-centre index (0014), and the owner filter an index, never the table', async () => {
    const suggestions = find(await expensePlans('expenses.costCentres'), /group by "cost_centre"$/);
    expectIndex(suggestions, /USING COVERING INDEX expenses_live_cost_centre \(workspace_id=\? AND cost_centre>\?\)/);
    expectNoSort(suggestions);
    for (const name of ['Centred', 'Also centred']) await call('expenses.create', { name, amount: 1, renewal_date: '2026-03-20', cost_centre: 'Ops' });
    // A full page, so the total is counted: on the cost-centre index alone. The page itself walks the sort's index.
    const filtered = await expensePlans('expenses.list', { cost_centre: 'ops', sort: 'created_at', limit: 1 });
    for (const p of filtered) expect(p.plan, p.sql).not.toMatch(fullScan());
    expectIndex(find(filtered, /^select count\(\*\) .*"e"\."cost_centre" in/), /USING COVERING INDEX expenses_live_cost_centre \(workspace_id=\? AND cost_centre=\?\)/);
    expectIndex(find(filtered, /^select "e"\."id" from "expenses" as "e" where .*"e"\."cost_centre" in/), /INDEX expenses_live_/);
    const owned = await expensePlans('expenses.list', { owner: 1, sort: 'created_at', limit: 2 });
    for (const p of owned) expect(p.plan, p.sql).not.toMatch(fullScan());
    expectIndex(find(owned, /^select "e"\."id" from "expenses" as "e" where .*"e"\."user_id" = \?/), /INDEX expenses_live_/);
  });

  it('reads look for rows the sweep has not reached by index (cheap when nothing is due), and so does the purge in the sweep', async () => {
    const plans = await expensePlans('expenses.list', { limit: 2 });
    expectIndex(find(plans, /"renewal_date" < \?/), /USING COVERING INDEX expenses_live_due \(workspace_id=\? AND auto_renew=\? AND status=\? AND renewal_date<\?\)/);
    // Ended trials (bug 5) are sought on their own index, not by reading every trial row.
    expectIndex(find(plans, /"trial_ends_on" < \?/), /USING (COVERING )?INDEX expenses_live_trial_end \(workspace_id=\? AND status=\? AND trial_ends_on<\?\)/);
    expectIndex(find(await expensePlans('expenses.get', { id: 1 }), /"e"\."id" = \?/), /USING INTEGER PRIMARY KEY/);
    captured = [];
    await purgeDeletedExpenses({ db: captureDb, clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
    const purge = captured.filter((q) => /"deleted_at" is not null/.test(q.sql) && /^select/i.test(q.sql));
    expect(purge.length).toBeGreaterThan(0);
    for (const q of purge) expectIndex((await plan(q)).join('; '), /USING COVERING INDEX expenses_deleted/);
  });

  it('reviews.summary: counts the plans up for review by group through an index, and looks at the rest by index', async () => {
    const plans = await expensePlans('reviews.summary');
    for (const p of plans) expect(p.plan, p.sql).not.toMatch(fullScan());
    // Without statistics SQLite takes the narrower status index and reads the rows; with them, the due index alone (below).
    expectIndex(find(plans, /group by "notice_period_days"/), /USING (COVERING )?INDEX expenses_live_(due|status_renewal) \(workspace_id=\? AND (auto_renew=\? AND )?status=\? AND renewal_date>\?/);
    // Renewals the sweep has not rolled: a range of the due index; renewals with a log entry: from the workspace's log.
    expectIndex(find(plans, /and "renewal_date" < \?$/), /INDEX expenses_live_due \(workspace_id=\? AND auto_renew=\? AND status=\? AND renewal_date<\?\)/);
    expectIndex(find(plans, /"id" in \(select "expense_id" from "review_decisions"/), /USING (INTEGER PRIMARY KEY|INDEX expenses_live_due)/);
  });

  it('dashboard.summary: reads the subscriptions only to look for rows the sweep has not reached', async () => {
    const plans = await expensePlans('dashboard.summary');
    for (const p of plans) expect(p.plan, p.sql).not.toMatch(fullScan());
    for (const p of plans) expect(p.sql).toMatch(/"renewal_date" < \?|"trial_ends_on" < \?/);
  });

  const pages: [string, InputOf<'expenses.list'>, RegExp][] = [
    ['status filter, by renewal date', { status: 'active', sort: 'renewal_date', limit: 2 }, /COVERING INDEX expenses_live_status_renewal \(workspace_id=\? AND status=\?\)/],
    ['by name', { sort: 'name', limit: 2 }, /COVERING INDEX expenses_live_name \(workspace_id=\?\)/],
    ['category filter, by name', { category: 'Design', sort: 'name', limit: 2 }, /COVERING INDEX expenses_live_category_name \(workspace_id=\? AND category_id=\?\)/],
    ['by creation', { sort: 'created_at', limit: 2 }, /INDEX expenses_live_created \(workspace_id=\?\)/],
    ['by monthly cost (base currency)', { sort: 'monthly', limit: 2 }, /COVERING INDEX expenses_live_totals \(workspace_id=\?\)/],
  ];
  for (const [label, input, index] of pages) {
    it(`list page ${label}: ids from an index, rows by primary key, no table scan`, async () => {
      const plans = await expensePlans('expenses.list', input);
      for (const p of plans) expect(p.plan, p.sql).not.toMatch(fullScan());
      expectIndex(find(plans, /^select "e"\."id" from "expenses" as "e"/), index);
      expectIndex(find(plans, /^select \* from "expenses" where "id" in/), /USING INTEGER PRIMARY KEY/);
    });
  }

  it('list total, when it has to be counted, reads an index only', async () => {
    const plans = await expensePlans('expenses.list', { status: 'active', limit: 1 });
    expectIndex(find(plans, /^select count\(\*\)/), /USING COVERING INDEX/);
  });

  it('a substring search scans the table once on purpose: LIKE %…% cannot use an index, and a scan beats one lookup per row', async () => {
    const plans = await expensePlans('expenses.list', { q: 'plan', limit: 2 });
    const search = find(plans, /^select "e"\."id" .* i?like /);
    // PostgreSQL has no "+column" hint: it reads the account's rows through an index, once.
    if (database.dialect === 'sqlite') expect(search).toMatch(/^SCAN e/);
    else expect(search.match(/ (on|using) expenses/g)).toHaveLength(1);
  });
});

describe('query plans with the planner\'s statistics (as a large import or PRAGMA optimize leaves them)', () => {
  // [operation, input, the query (by its SQL), the index SQLite must read it through]
  const reads: [OperationName, Record<string, unknown>, RegExp, RegExp][] = [
    ['dashboard.stats', {}, /^select "e"\."id" from "expenses" as "e" .*"renewal_date" >= \?/, /USING COVERING INDEX expenses_live_upcoming /],
    ['expenses.list', { status: 'active', sort: 'renewal_date', limit: 2 }, /^select "e"\."id" from "expenses" as "e"/, /COVERING INDEX expenses_live_status_renewal /],
    ['expenses.list', { sort: 'name', limit: 2 }, /^select "e"\."id" from "expenses" as "e"/, /COVERING INDEX expenses_live_name /],
  ];

  async function plansOfReads(): Promise<string[]> {
    const out: string[] = [];
    for (const [name, input, query] of reads) out.push(find(await expensePlans(name, ...([input] as InputArgs<typeof name>)), query));
    return out;
  }

  it('the dashboard and the list read the same covering indexes with statistics as without, on thousands of rows of mixed shapes', async () => {
    const shapes: [string, Record<string, unknown>][] = [
      ['Paused', { status: 'paused', billing_cycle: 'monthly' }],
      ['Cancelled', { status: 'cancelled', billing_cycle: 'yearly', currency: 'EUR' }],
      ['Trial', { status: 'trial', trial_ends_on: '2026-03-30', billing_cycle: 'weekly' }],
      ['Ending', { auto_renew: false, billing_cycle: { unit: 'day', every: 30 } }],
      ['Centred', { cost_centre: 'Ops', category: 'Sales' }],
    ];
    for (const [name, input] of shapes) await call('expenses.create', { name, amount: 7, renewal_date: '2026-03-25', ...input } as InputOf<'expenses.create'>);
    // Doubled ten times: 9 plans become 9,216, in 500-row inserts (PostgreSQL takes at most 65,535 parameters).
    for (let i = 0; i < 10; i++) {
      const rows = await captureDb.selectFrom('expenses').selectAll().execute();
      const copies = rows.map(({ id: _id, ...row }) => row);
      for (let k = 0; k < copies.length; k += 500) await captureDb.insertInto('expenses').values(copies.slice(k, k + 500)).execute();
    }
    const without = await plansOfReads();
    await analyzeExpenses(captureDb);
    // The dashboard's review count (0026): with statistics, from the due index alone.
    expectIndex(find(await expensePlans('reviews.summary'), /group by "notice_period_days"/), /USING COVERING INDEX expenses_live_due \(workspace_id=\? AND auto_renew=\? AND status=\? AND renewal_date>\?/);
    if (database.dialect === 'sqlite') expect((database.sqlite.prepare("select count(*) as n from sqlite_stat1 where tbl = 'expenses'").get() as { n: number }).n).toBeGreaterThan(5);
    const withStatistics = await plansOfReads();
    for (const [i, [name, , query, index]] of reads.entries()) {
      const label = `${name} ${query}`;
      expectIndex(without[i]!, index);
      expectIndex(withStatistics[i]!, index);
      // SQLite: the same plan either way; PostgreSQL chooses by cost (an index each time, checked above).
      if (database.dialect === 'sqlite') expect(withStatistics[i], `${label}: the same plan with statistics as without`).toBe(without[i]);
      if (process.env.SHOW_PLANS) console.log(`${label}\n  without: ${without[i]}\n  with:    ${withStatistics[i]}`);
    }
  });
});

import { sql, type Kysely } from 'kysely';
import { integerType, isPostgres } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely, never app code.
// The dashboard's sums, kept on write (issue 15): per workspace, the count and the exact sum of amount_minor of
// the live subscriptions in each group the dashboard shows, so it reads a few hundred rows instead of every
// subscription. Three groupings, one table each:
//   expense_totals         status, category, currency, cycle, auto-renew (cards, categories, counts, summary)
//   expense_people_totals  active and trial plans by cost centre and owner
//   expense_charge_totals  active and trial auto-renewing plans by what decides their charge months (forecast)
//   expense_renewal_totals active and trial plans by renewal date and what decides how often they charge in the
//                          upcoming window (read as a range of dates: the window's renewals, already grouped)
// Triggers keep them equal to a GROUP BY over expenses on every write, whatever path makes it: SQLite row
// triggers (an insert adds one upsert per table), PostgreSQL statement triggers over transition tables (one
// grouped upsert per table and statement, so a bulk insert pays per group, not per row). No foreign keys: a
// workspace's rows leave these tables with its subscriptions (the delete triggers), and a key check per upsert
// would only add cost. Groups that reach zero plans are deleted. On SQLite an integer sum that would overflow
// turns REAL; the check makes that write fail instead of storing an inexact total.
// The forecast index (0003, 0013) had no reader left but the sums these tables replace: it goes, and with it
// most of what the triggers add to an insert.

interface Aggregate {
  table: string;
  /** [column, expression over a row of expenses named `r`] */
  keys: [string, (r: string) => string][];
  /** Which live rows count (SQL over `r`), or null for all. */
  rows: ((r: string) => string) | null;
}

const column = (name: string) => (r: string) => `${r}.${name}`;
const renewing = (r: string) => `${r}.status in ('active', 'trial')`;

const AGGREGATES: Aggregate[] = [
  {
    table: 'expense_totals',
    keys: ['workspace_id', 'status', 'category_id', 'currency', 'cycle_unit', 'cycle_every', 'auto_renew'].map((c) => [c, column(c)]),
    rows: null,
  },
  {
    table: 'expense_people_totals',
    keys: [
      ['workspace_id', column('workspace_id')],
      // '' for no cost centre, '=' and the name for one: a key column cannot be null (a null never conflicts).
      ['cost_centre_key', (r) => `coalesce('=' || ${r}.cost_centre, '')`],
      ...['user_id', 'status', 'currency', 'cycle_unit', 'cycle_every'].map((c): [string, (r: string) => string] => [c, column(c)]),
    ],
    rows: renewing,
  },
  {
    table: 'expense_charge_totals',
    keys: [
      ...['workspace_id', 'currency', 'cycle_unit', 'cycle_every'].map((c): [string, (r: string) => string] => [c, column(c)]),
      // The month for monthly and yearly plans, the day for daily and weekly ones (0003's forecast key).
      ['renewal_key', (r) => `(case when ${r}.cycle_unit in ('month', 'year') then substr(${r}.renewal_date, 1, 7) else ${r}.renewal_date end)`],
    ],
    rows: (r) => `${renewing(r)} and ${r}.auto_renew = 1`,
  },
  {
    table: 'expense_renewal_totals',
    keys: ['workspace_id', 'renewal_date', 'status', 'currency', 'cycle_unit', 'cycle_every', 'auto_renew', 'anchor_day'].map((c) => [c, column(c)]),
    rows: renewing,
  },
];

const TEXT_KEYS = new Set(['status', 'currency', 'cycle_unit', 'cost_centre_key', 'renewal_key', 'renewal_date']);

const names = (a: Aggregate) => a.keys.map(([c]) => c).join(', ');
const values = (a: Aggregate, r: string) => a.keys.map(([, e]) => e(r)).join(', ');
const counted = (a: Aggregate, r: string) => `${r}.deleted_at is null${a.rows ? ` and ${a.rows(r)}` : ''}`;

async function createTables(db: Kysely<unknown>): Promise<void> {
  const int = integerType(db);
  const pg = isPostgres(db);
  for (const a of AGGREGATES) {
    let table = db.schema.createTable(a.table);
    for (const [name] of a.keys) table = table.addColumn(name, TEXT_KEYS.has(name) ? 'text' : int, (c) => c.notNull());
    table = table
      .addColumn('n', int, (c) => c.notNull())
      .addColumn('total_minor', int, (c) => (pg ? c.notNull() : c.notNull().check(sql`typeof(total_minor) = 'integer'`)))
      .addPrimaryKeyConstraint(`${a.table}_pk`, a.keys.map(([c]) => c) as never);
    await (pg ? table : table.modifyEnd(sql`without rowid`)).execute();
  }
}

async function backfill(db: Kysely<unknown>): Promise<void> {
  for (const a of AGGREGATES) {
    await sql
      .raw(`insert into ${a.table} (${names(a)}, n, total_minor) select ${values(a, 'r')}, count(*), sum(r.amount_minor) from expenses r where ${counted(a, 'r')} group by ${values(a, 'r')}`)
      .execute(db);
  }
}

// SQLite: one row at a time, `new` and `old`.
function sqliteTriggers(): string[] {
  const keyIs = (a: Aggregate, r: string) => a.keys.map(([c, e]) => `${c} = ${e(r)}`).join(' and ');
  const add = (a: Aggregate) =>
    `insert into ${a.table} (${names(a)}, n, total_minor) select ${values(a, 'new')}, 1, new.amount_minor where ${counted(a, 'new')}
      on conflict (${names(a)}) do update set n = n + 1, total_minor = total_minor + excluded.total_minor;`;
  const take = (a: Aggregate) =>
    `update ${a.table} set n = n - 1, total_minor = total_minor - old.amount_minor where ${keyIs(a, 'old')} and ${counted(a, 'old')};
    delete from ${a.table} where ${keyIs(a, 'old')} and n = 0;`;
  const triggers = [
    `create trigger expense_aggregates_insert after insert on expenses when new.deleted_at is null begin\n    ${AGGREGATES.map(add).join('\n    ')}\nend`,
    `create trigger expense_aggregates_delete after delete on expenses when old.deleted_at is null begin\n    ${AGGREGATES.map(take).join('\n    ')}\nend`,
  ];
  // An update moves a row between groups only when what the grouping reads changed: a renewal rolling within
  // its month, a name or a reminder flag changing, fires nothing.
  for (const a of AGGREGATES) {
    const shape = (r: string) => `(${counted(a, r)}), ${values(a, r)}, ${r}.amount_minor`;
    triggers.push(
      `create trigger ${a.table}_update after update on expenses when (${counted(a, 'old')} or ${counted(a, 'new')}) and (${shape('old')}) <> (${shape('new')}) begin\n    ${take(a)}\n    ${add(a)}\nend`,
    );
  }
  return triggers;
}

// PostgreSQL: once per statement, over its transition tables; the change per group is added in one upsert,
// in key order so concurrent writers lock the groups in the same order.
function postgresTriggers(): string[] {
  const delta = (a: Aggregate, parts: ('new' | 'old')[]) => {
    const named = a.keys.map(([c, e]) => `${e('r')} as ${c}`).join(', ');
    const rows = parts.map((p) => `select ${named}, ${p === 'new' ? '1' : '-1'} as dn, ${p === 'new' ? '' : '-'}r.amount_minor as dt from ${p}_rows r where ${counted(a, 'r')}`).join(' union all ');
    const keys = names(a);
    return `insert into ${a.table} as t (${keys}, n, total_minor)
      select ${keys}, sum(dn), sum(dt) from (${rows}) d group by ${keys} having sum(dn) <> 0 or sum(dt) <> 0 order by ${keys}
      on conflict (${keys}) do update set n = t.n + excluded.n, total_minor = t.total_minor + excluded.total_minor;`;
  };
  const prune = (a: Aggregate) => `delete from ${a.table} where n = 0 and workspace_id in (select workspace_id from old_rows);`;
  const fn = (name: string, parts: ('new' | 'old')[]) =>
    `create function ${name}() returns trigger language plpgsql as $$
    begin
      ${AGGREGATES.map((a) => delta(a, parts)).join('\n      ')}
      ${parts.includes('old') ? AGGREGATES.map(prune).join('\n      ') : ''}
      return null;
    end $$`;
  return [
    fn('expense_aggregates_insert', ['new']),
    fn('expense_aggregates_update', ['old', 'new']),
    fn('expense_aggregates_delete', ['old']),
    `create trigger expense_aggregates_insert after insert on expenses referencing new table as new_rows for each statement execute function expense_aggregates_insert()`,
    `create trigger expense_aggregates_update after update on expenses referencing old table as old_rows new table as new_rows for each statement execute function expense_aggregates_update()`,
    `create trigger expense_aggregates_delete after delete on expenses referencing old table as old_rows for each statement execute function expense_aggregates_delete()`,
  ];
}

const FORECAST_INDEX = sql`create index expenses_live_forecast on expenses (${sql.ref('workspace_id')}, status, auto_renew, currency, cycle_unit, cycle_every, (case when cycle_unit in ('month', 'year') then substr(renewal_date, 1, 7) else renewal_date end), amount_minor, renewal_date, deleted_at) where deleted_at is null`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('expenses_live_forecast').execute();
  await createTables(db);
  await backfill(db);
  for (const statement of isPostgres(db) ? postgresTriggers() : sqliteTriggers()) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    for (const event of ['insert', 'update', 'delete']) {
      await sql.raw(`drop trigger expense_aggregates_${event} on expenses`).execute(db);
      await sql.raw(`drop function expense_aggregates_${event}()`).execute(db);
    }
  } else {
    for (const name of ['expense_aggregates_insert', 'expense_aggregates_delete', ...AGGREGATES.map((a) => `${a.table}_update`)]) await sql.raw(`drop trigger ${name}`).execute(db);
  }
  for (const a of AGGREGATES) await db.schema.dropTable(a.table).execute();
  await FORECAST_INDEX.execute(db);
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { openDatabase, type SqliteHandle } from '../../main/db/open';
import type { BenchResult } from '../bench';

// What migration 0022's triggers add to a subscription insert on SQLite: 10,000 rows in one transaction, one
// row a statement (a prepared INSERT run per row) and 100 rows a statement (as imports.commit sends them),
// each on a fresh database with the triggers, without them, and as before 0022 (no triggers, and the forecast
// index 0022 dropped). CPU time of the best of three. A trigger on the table makes SQLite journal every
// statement (so one can be undone alone), which is most of the cost of one row a statement.

const ROWS = 10_000;
const BATCH = 100;
const TRIGGERS = ['expense_aggregates_insert', 'expense_aggregates_delete', 'expense_totals_update', 'expense_people_totals_update', 'expense_charge_totals_update', 'expense_renewal_totals_update'];
const FORECAST_INDEX = `create index expenses_live_forecast on expenses ("workspace_id", status, auto_renew, currency, cycle_unit, cycle_every, (case when cycle_unit in ('month', 'year') then substr(renewal_date, 1, 7) else renewal_date end), amount_minor, renewal_date, deleted_at) where deleted_at is null`;
const T = '2026-03-10T09:00:00.000Z';
const COLUMNS = 'user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, status, auto_renew, reminder_sent, cost_centre, created_at, updated_at';
const VALUES = '(1, 1, ?, ?, ?, ?, ?, 1, ?, ?, ?, 1, 0, ?, ?, ?)';

type Schema = 'triggers' | 'no triggers' | 'before 0022';

function rowArgs(i: number): unknown[] {
  const day = 1 + (i % 28);
  return [1 + (i % 10), `Plan ${i}`, 1000 + i, ['USD', 'EUR', 'GBP', 'JPY'][i % 4], ['month', 'year', 'week', 'month'][i % 4], day, `2026-04-${String(day).padStart(2, '0')}`, i % 7 ? 'active' : 'trial', i % 3 ? null : 'Ops', T, T];
}

async function insertCpu(schema: Schema, batch: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-bench-aggregates-'));
  const handle = (await openDatabase({ file: path.join(dir, 'spend-manager.db') })) as SqliteHandle;
  try {
    const sqlite: BetterSqlite3.Database = handle.sqlite;
    sqlite.prepare(`insert into users (email, username, password_hash, company_name, created_at, updated_at) values ('b@x.test', 'b', 'x', 'B', ?, ?)`).run(T, T);
    sqlite.prepare(`insert into workspaces (name, kind, require_two_factor, created_at, updated_at) values ('B', 'company', 0, ?, ?)`).run(T, T);
    for (let c = 0; c < 10; c++) sqlite.prepare('insert into categories (workspace_id, user_id, name, created_at, updated_at) values (1, 1, ?, ?, ?)').run(`C${c}`, T, T);
    if (schema !== 'triggers') for (const name of TRIGGERS) sqlite.exec(`drop trigger ${name}`);
    if (schema === 'before 0022') sqlite.exec(FORECAST_INDEX);
    const insert = sqlite.prepare(`insert into expenses (${COLUMNS}) values ${Array(batch).fill(VALUES).join(', ')}`);
    const started = process.cpuUsage();
    sqlite.transaction(() => {
      for (let i = 0; i < ROWS; i += batch) insert.run(...Array.from({ length: batch }, (_, k) => rowArgs(i + k)).flat());
    })();
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000;
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchAggregates(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const batch of [1, BATCH]) {
    const best = new Map<Schema, number>();
    for (let run = 0; run < 3; run++) {
      for (const schema of ['before 0022', 'no triggers', 'triggers'] as Schema[]) best.set(schema, Math.min(best.get(schema) ?? Infinity, await insertCpu(schema, batch)));
    }
    const perRow = (schema: Schema) => (best.get(schema)! / ROWS) * 1000;
    const label = batch === 1 ? 'one row a statement' : `${batch} rows a statement`;
    for (const schema of ['before 0022', 'no triggers', 'triggers'] as Schema[]) results.push({ name: `insert 10,000 subscriptions, ${label}: ${schema}`, value: best.get(schema)!, cpu: best.get(schema)!, runs: 3, unit: 'ms', note: `${perRow(schema).toFixed(1)} µs CPU a row` });
    results.push({ name: `aggregate triggers, ${label}: CPU added a row vs before 0022`, value: perRow('triggers') - perRow('before 0022'), unit: 'µs' });
  }
  return results;
}

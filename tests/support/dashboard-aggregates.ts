import { type Kysely, sql } from 'kysely';
import { expect } from 'vitest';

// Migration 0022's aggregate tables against a GROUP BY over expenses computed here, independently of the triggers.

/** Recomputed from expenses, in the stored tables' column names, every value as text. */
export const RECOMPUTED = {
  expense_totals: sql`select workspace_id, status, category_id, currency, cycle_unit, cycle_every, auto_renew, count(*) as n, cast(sum(amount_minor) as text) as total_text
    from expenses where deleted_at is null group by workspace_id, status, category_id, currency, cycle_unit, cycle_every, auto_renew`,
  expense_people_totals: sql`select workspace_id, case when cost_centre is null then '' else '=' || cost_centre end as cost_centre_key, user_id, status, currency, cycle_unit, cycle_every, count(*) as n, cast(sum(amount_minor) as text) as total_text
    from expenses where deleted_at is null and status in ('active', 'trial') group by workspace_id, cost_centre, user_id, status, currency, cycle_unit, cycle_every`,
  expense_charge_totals: sql`select workspace_id, currency, cycle_unit, cycle_every, case when cycle_unit in ('month', 'year') then substr(renewal_date, 1, 7) else renewal_date end as renewal_key, count(*) as n, cast(sum(amount_minor) as text) as total_text
    from expenses where deleted_at is null and status in ('active', 'trial') and auto_renew = 1
    group by workspace_id, currency, cycle_unit, cycle_every, case when cycle_unit in ('month', 'year') then substr(renewal_date, 1, 7) else renewal_date end`,
  expense_renewal_totals: sql`select workspace_id, renewal_date, status, currency, cycle_unit, cycle_every, auto_renew, anchor_day, count(*) as n, cast(sum(amount_minor) as text) as total_text
    from expenses where deleted_at is null and status in ('active', 'trial') group by workspace_id, renewal_date, status, currency, cycle_unit, cycle_every, auto_renew, anchor_day`,
};

const asText = (rows: Record<string, unknown>[]) =>
  rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'total_minor').map(([k, v]) => [k, String(v)])))).sort();

export async function expectAggregatesRight(db: Pick<Kysely<unknown>, 'getExecutor'>, step: string): Promise<void> {
  for (const [table, query] of Object.entries(RECOMPUTED)) {
    const stored = await sql<Record<string, unknown>>`select *, cast(total_minor as text) as total_text from ${sql.table(table)}`.execute(db);
    const recomputed = await query.execute(db);
    expect(asText(stored.rows), `${table} after ${step}`).toEqual(asText(recomputed.rows as Record<string, unknown>[]));
  }
}


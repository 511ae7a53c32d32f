import { sql, type Generated, type Insertable, type Kysely } from 'kysely';
import { integerType, numberedKey } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely, never app code (its date steps are its own, below).
// What was actually paid (issue 13): one row per past renewal of a subscription. expected_minor is the plan's price on
// that date, actual_minor what was paid (the expected amount until someone records the real one), paid_on the day it
// was paid (the renewal date until recorded). transaction_id will link a matched statement line (no such table yet).
// From now on the sweep writes a row for each renewal it rolls past; this migration backfills the renewals the app
// already knows went by: the cycle dates of each subscription from the day it was added up to before its stored
// renewal date (and before it was cancelled), each priced at the amount of that day as the review log tells it (a
// downgrade applied later means the amount before it). Trials are left out: their past dates were never charged.
// price_changes is a subscription's price history: every change of amount, seats or billing cycle with the day it
// took effect, by an edit of the subscription or a downgrade the sweep applied (those already applied are backfilled).

/** At most this many past renewals per subscription are backfilled (the latest ones): a daily plan's years stay bounded. */
const BACKFILL_MAX = 1000;
const BATCH = 500;

interface Tables {
  expenses: {
    id: number;
    workspace_id: number;
    amount_minor: number;
    currency: string;
    cycle_unit: 'day' | 'week' | 'month' | 'year';
    cycle_every: number;
    anchor_day: number;
    renewal_date: string;
    status: string;
    created_at: string;
    cancelled_at: string | null;
    deleted_at: string | null;
  };
  review_decisions: {
    id: number;
    workspace_id: number;
    expense_id: number;
    user_id: number | null;
    action: string;
    currency: string;
    effective_on: string | null;
    applied_at: string | null;
    amount_before_minor: number;
    amount_after_minor: number;
    seats_before: number | null;
    seats_after: number | null;
  };
  price_changes: {
    id: Generated<number>;
    workspace_id: number;
    expense_id: number;
    effective_on: string;
    source: string;
    user_id: number | null;
    currency_before: string;
    currency_after: string;
    amount_before_minor: number;
    amount_after_minor: number;
    seats_before: number | null;
    seats_after: number | null;
    cycle_unit_before: string;
    cycle_unit_after: string;
    cycle_every_before: number;
    cycle_every_after: number;
    created_at: string;
  };
  payments: {
    id: Generated<number>;
    workspace_id: number;
    expense_id: number;
    renewal_date: string;
    currency: string;
    expected_minor: number;
    actual_minor: number;
    paid_on: string;
    transaction_id: number | null;
    recorded_by: number | null;
    recorded_at: string | null;
    created_at: string;
    updated_at: string;
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const iso = (d: Date) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The cycle date `k` cycles before `start` (k >= 1), by the anchor-day rule (Jan 31 monthly: Dec 31, Nov 30...). */
function before(start: string, unit: Tables['expenses']['cycle_unit'], every: number, anchor: number, k: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  if (unit === 'day' || unit === 'week') {
    const date = new Date(Date.UTC(2000, 0, 1));
    date.setUTCFullYear(y, m - 1, d);
    date.setUTCDate(date.getUTCDate() - k * every * (unit === 'week' ? 7 : 1));
    return iso(date);
  }
  const index = y * 12 + (m - 1) - k * every * (unit === 'year' ? 12 : 1);
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(anchor, daysIn(year, month)))}`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const int = integerType(db);
  await db.schema
    .createTable('payments')
    .addColumn('id', int, numberedKey(db))
    .addColumn('workspace_id', int, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('expense_id', int, (c) => c.notNull().references('expenses.id').onDelete('cascade'))
    // The renewal this payment is of.
    .addColumn('renewal_date', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('expected_minor', int, (c) => c.notNull().check(sql`expected_minor >= 0`))
    .addColumn('actual_minor', int, (c) => c.notNull().check(sql`actual_minor >= 0`))
    .addColumn('paid_on', 'text', (c) => c.notNull())
    // A statement transaction matched to it, once statements are imported (no table to reference yet).
    .addColumn('transaction_id', int)
    // Who recorded the actual amount; null while it is the expected one, or once the account is gone.
    .addColumn('recorded_by', int, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('recorded_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('payments_occurrence', ['expense_id', 'renewal_date'])
    .execute();
  // A workspace's payments by day (the last 12 months of actual spend).
  await db.schema.createIndex('payments_workspace_paid').on('payments').columns(['workspace_id', 'paid_on']).execute();

  await db.schema
    .createTable('price_changes')
    .addColumn('id', int, numberedKey(db))
    .addColumn('workspace_id', int, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('expense_id', int, (c) => c.notNull().references('expenses.id').onDelete('cascade'))
    // The day the new price applies from.
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('update', 'downgrade')`))
    // Who changed it (the decider of a downgrade); null once the account is gone.
    .addColumn('user_id', int, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('currency_before', 'text', (c) => c.notNull())
    .addColumn('currency_after', 'text', (c) => c.notNull())
    .addColumn('amount_before_minor', int, (c) => c.notNull().check(sql`amount_before_minor >= 0`))
    .addColumn('amount_after_minor', int, (c) => c.notNull().check(sql`amount_after_minor >= 0`))
    .addColumn('seats_before', int)
    .addColumn('seats_after', int)
    .addColumn('cycle_unit_before', 'text', (c) => c.notNull())
    .addColumn('cycle_unit_after', 'text', (c) => c.notNull())
    .addColumn('cycle_every_before', int, (c) => c.notNull())
    .addColumn('cycle_every_after', int, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('price_changes_expense').on('price_changes').columns(['expense_id', 'effective_on', 'id']).execute();

  const typed = db as unknown as Kysely<Tables>;
  const now = new Date();
  const nowIso = now.toISOString();
  const today = iso(now);
  const downgrades = new Map<number, { effective_on: string; amount_before_minor: number }[]>();
  const applied = await typed
    .selectFrom('review_decisions as d')
    .innerJoin('expenses as e', 'e.id', 'd.expense_id')
    .select(['d.workspace_id', 'd.expense_id', 'd.user_id', 'd.currency', 'd.effective_on', 'd.applied_at', 'd.amount_before_minor', 'd.amount_after_minor', 'd.seats_before', 'd.seats_after', 'e.cycle_unit', 'e.cycle_every'])
    .where('d.action', '=', 'downgrade')
    .where('d.applied_at', 'is not', null)
    .where('d.effective_on', 'is not', null)
    .orderBy('d.id')
    .execute();
  for (let i = 0; i < applied.length; i += BATCH) {
    await typed
      .insertInto('price_changes')
      .values(
        applied.slice(i, i + BATCH).map((d) => ({
          workspace_id: d.workspace_id,
          expense_id: d.expense_id,
          effective_on: d.effective_on!,
          source: 'downgrade',
          user_id: d.user_id,
          currency_before: d.currency,
          currency_after: d.currency,
          amount_before_minor: d.amount_before_minor,
          amount_after_minor: d.amount_after_minor,
          seats_before: d.seats_before,
          seats_after: d.seats_after,
          cycle_unit_before: d.cycle_unit,
          cycle_unit_after: d.cycle_unit,
          cycle_every_before: d.cycle_every,
          cycle_every_after: d.cycle_every,
          created_at: d.applied_at!,
        })),
      )
      .execute();
  }
  for (const d of await typed
    .selectFrom('review_decisions')
    .select(['expense_id', 'effective_on', 'amount_before_minor'])
    .where('action', '=', 'downgrade')
    .where('applied_at', 'is not', null)
    .where('effective_on', 'is not', null)
    .orderBy('effective_on')
    .orderBy('id')
    .execute()) {
    downgrades.set(d.expense_id, [...(downgrades.get(d.expense_id) ?? []), { effective_on: d.effective_on!, amount_before_minor: d.amount_before_minor }]);
  }
  let after = 0;
  for (;;) {
    const expenses = await typed
      .selectFrom('expenses')
      .select(['id', 'workspace_id', 'amount_minor', 'currency', 'cycle_unit', 'cycle_every', 'anchor_day', 'renewal_date', 'status', 'created_at', 'cancelled_at'])
      .where('id', '>', after)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (expenses.length === 0) break;
    after = expenses.at(-1)!.id;
    const rows: Insertable<Tables['payments']>[] = [];
    for (const e of expenses) {
      if (e.status === 'trial') continue;
      const since = e.created_at.slice(0, 10);
      const until = [e.renewal_date, today, ...(e.cancelled_at ? [e.cancelled_at.slice(0, 10)] : [])].sort()[0]!;
      const changes = downgrades.get(e.id) ?? [];
      for (let k = 1; k <= BACKFILL_MAX; k++) {
        const date = before(e.renewal_date, e.cycle_unit, e.cycle_every, e.anchor_day, k);
        if (date < since || date < '0001-01-01') break;
        if (date >= until) continue;
        // The plan's price that day: before a downgrade applied later, the amount it had then.
        const expected = changes.find((c) => c.effective_on > date)?.amount_before_minor ?? e.amount_minor;
        rows.push({ workspace_id: e.workspace_id, expense_id: e.id, renewal_date: date, currency: e.currency, expected_minor: expected, actual_minor: expected, paid_on: date, transaction_id: null, recorded_by: null, recorded_at: null, created_at: nowIso, updated_at: nowIso });
      }
    }
    for (let i = 0; i < rows.length; i += BATCH) await typed.insertInto('payments').values(rows.slice(i, i + BATCH)).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('price_changes').execute();
  await db.schema.dropTable('payments').execute();
}

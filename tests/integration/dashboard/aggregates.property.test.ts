import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../main/db/open';
import type { Database, NewExpenseRow } from '../../../main/db/schema';
import { expectAggregatesRight } from '../../support/dashboard-aggregates';
import { openTestDatabase } from '../../support/test-database';
import { tempDir } from '../../support/temp';

// Migration 0022's aggregates equal a GROUP BY over the subscriptions after every write, whatever its shape:
// random sequences of single and bulk inserts, updates of any column the groupings read (one row, or many
// in one statement, as the sweep, a category merge or an owner's removal send them), soft deletes and
// restores, deletes of one row or a whole workspace's, moves between workspaces, and transactions that
// roll back. On PostgreSQL the triggers run once per statement over transition tables, so the bulk
// statements are where they differ from SQLite's row triggers.

const T = '2026-03-10T09:00:00.000Z';
const WORKSPACES = [1, 2];
const USERS = [1, 2];
let categories: number[] = [];

// Amounts up to the contract's largest (10^9 major units at 4 decimals), so sums pass 2^53.
const amount = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constant(10_000_000_000_000));
// Few distinct values, so rows share groups and every write meets an existing one.
const renewalDate = fc.constantFrom('2026-02-28', '2026-03-01', '2026-03-31', '2027-03-10');
const fields = {
  workspace_id: fc.constantFrom(...WORKSPACES),
  user_id: fc.constantFrom(...USERS),
  category: fc.nat(),
  amount_minor: amount,
  currency: fc.constantFrom('USD', 'JPY'),
  cycle_unit: fc.constantFrom('week' as const, 'month' as const, 'month' as const, 'year' as const),
  cycle_every: fc.constantFrom(1, 3),
  renewal_date: renewalDate,
  status: fc.constantFrom('active' as const, 'trial' as const, 'paused' as const, 'cancelled' as const),
  auto_renew: fc.constantFrom(0, 1),
  cost_centre: fc.constantFrom(null, null, 'Ops', '', '='),
  deleted_at: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(T) }),
};
const expenseArb = fc.record(fields);
type Generated = ReturnType<typeof expenseArb.generate>['value'];
const patchArb = fc.record(fields, { requiredKeys: [] });

function rowOf(g: Generated): NewExpenseRow {
  const { category, ...rest } = g;
  return { ...rest, category_id: categories[category % categories.length]!, name: 'Plan', anchor_day: Number(g.renewal_date.slice(8)), reminder_sent: 0, created_at: T, updated_at: T } as NewExpenseRow;
}

function changeOf(p: Partial<Generated>): Record<string, unknown> {
  const { category, ...rest } = p;
  return { ...rest, ...(category === undefined ? {} : { category_id: categories[category % categories.length]! }), updated_at: T };
}

type Op =
  | { kind: 'insert'; rows: Generated[] }
  | { kind: 'copy'; workspace: number }
  | { kind: 'update'; pick: number; patch: Partial<Generated> }
  | { kind: 'updateWorkspace'; workspace: number; patch: Partial<Generated> }
  | { kind: 'softDelete' | 'restore' | 'delete'; pick: number }
  | { kind: 'deleteWorkspace'; workspace: number }
  | { kind: 'move'; picks: number[]; to: number }
  | { kind: 'rolledBack'; rows: Generated[]; patch: Partial<Generated> };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), rows: fc.array(expenseArb, { minLength: 1, maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('copy' as const), workspace: fc.constantFrom(...WORKSPACES) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), patch: patchArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('updateWorkspace' as const), workspace: fc.constantFrom(...WORKSPACES), patch: patchArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('softDelete' as const, 'restore' as const, 'delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteWorkspace' as const), workspace: fc.constantFrom(...WORKSPACES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), to: fc.constantFrom(...WORKSPACES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rolledBack' as const), rows: fc.array(expenseArb, { minLength: 1, maxLength: 3 }), patch: patchArb }) },
);

async function ids(db: Kysely<Database>): Promise<number[]> {
  return (await db.selectFrom('expenses').select('id').orderBy('id').execute()).map((r) => r.id);
}

async function apply(db: Kysely<Database>, op: Op): Promise<void> {
  const all = await ids(db);
  const pick = (n: number) => all[n % all.length];
  switch (op.kind) {
    case 'insert':
      await db.insertInto('expenses').values(op.rows.map(rowOf)).execute();
      return;
    case 'copy':
      // INSERT … SELECT of a workspace's rows into the other: many rows in one statement, all in existing groups.
      await sql`insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, status, auto_renew, reminder_sent, cost_centre, deleted_at, created_at, updated_at)
        select user_id, ${3 - op.workspace}, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, status, auto_renew, reminder_sent, cost_centre, deleted_at, created_at, updated_at
        from expenses where workspace_id = ${op.workspace}`.execute(db);
      return;
    case 'update': {
      const id = pick(op.pick);
      if (id !== undefined) await db.updateTable('expenses').set(changeOf(op.patch)).where('id', '=', id).execute();
      return;
    }
    case 'updateWorkspace':
      await db.updateTable('expenses').set(changeOf(op.patch)).where('workspace_id', '=', op.workspace).execute();
      return;
    case 'softDelete':
    case 'restore': {
      const id = pick(op.pick);
      if (id !== undefined) await db.updateTable('expenses').set({ deleted_at: op.kind === 'softDelete' ? T : null }).where('id', '=', id).execute();
      return;
    }
    case 'delete': {
      const id = pick(op.pick);
      if (id !== undefined) await db.deleteFrom('expenses').where('id', '=', id).execute();
      return;
    }
    case 'deleteWorkspace':
      await db.deleteFrom('expenses').where('workspace_id', '=', op.workspace).execute();
      return;
    case 'move': {
      const moved = op.picks.map(pick).filter((id): id is number => id !== undefined);
      if (moved.length > 0) await db.updateTable('expenses').set({ workspace_id: op.to }).where('id', 'in', moved).execute();
      return;
    }
    case 'rolledBack':
      await expect(
        db.transaction().execute(async (trx) => {
          await trx.insertInto('expenses').values(op.rows.map(rowOf)).execute();
          await trx.updateTable('expenses').set(changeOf(op.patch)).execute();
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      return;
  }
}

let database: DatabaseHandle;
beforeAll(async () => {
  database = await openTestDatabase(tempDir());
  const db = database.db as unknown as Kysely<unknown>;
  for (const u of USERS) await sql`insert into users (email, username, password_hash, company_name, created_at, updated_at) values (${`u${u}@example.com`}, ${`u${u}`}, 'scrypt$x', 'Acme', ${T}, ${T})`.execute(db);
  for (const w of WORKSPACES) {
    await sql`insert into workspaces (name, kind, require_two_factor, created_at, updated_at) values (${`W${w}`}, 'company', 0, ${T}, ${T})`.execute(db);
    for (const name of ['Design', 'Sales']) await sql`insert into categories (workspace_id, user_id, name, created_at, updated_at) values (${w}, 1, ${name}, ${T}, ${T})`.execute(db);
  }
  categories = (await database.db.selectFrom('categories').select('id').orderBy('id').execute()).map((r) => r.id);
});
afterAll(async () => {
  await database.close();
});

describe('dashboard aggregates (migration 0022) under random writes', () => {
  it('equal a recomputation from expenses after every statement of every sequence', async () => {
    const db = database.db;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), async (ops) => {
        await db.deleteFrom('expenses').execute();
        await expectAggregatesRight(db, 'emptying');
        for (const [i, op] of ops.entries()) {
          await apply(db, op);
          await expectAggregatesRight(db, `step ${i} (${op.kind})`);
        }
      }),
      { numRuns: 40 },
    );
  }, 240_000);
});

import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../schema';
import type { ExpenseRow } from './expenses';

// Rows the sweep has not reached yet, as SQL: a renewal that has passed on a plan that renews by
// itself, and a trial whose end date has passed. Reads compute such a row's current cycle instead
// of writing it (ARCHITECTURE rule 9); `alias` names the expenses table in the query ('e' or none).

function column(alias: string | null, name: keyof ExpenseRow) {
  return sql.ref(alias ? `${alias}.${name}` : name);
}

/** Auto-renewing active or trial plans whose renewal date is before `today` (the sweep rolls them). */
export function renewalPassed(alias: string | null, today: string): Expression<SqlBool> {
  return sql<SqlBool>`(${column(alias, 'auto_renew')} = 1 and ${column(alias, 'status')} in ('active', 'trial') and ${column(alias, 'renewal_date')} < ${today})`;
}

/** Trials whose end date is before `today` (the sweep makes them active, or cancelled when they do not renew). */
export function trialEnded(alias: string | null, today: string): Expression<SqlBool> {
  return sql<SqlBool>`(${column(alias, 'status')} = 'trial' and ${column(alias, 'trial_ends_on')} < ${today})`;
}

/** The status a row has on `today`, ended trials included, as the sweep will store it. */
export function currentStatus(alias: string | null, today: string): Expression<ExpenseRow['status']> {
  return sql<ExpenseRow['status']>`(case when ${trialEnded(alias, today)} then (case when ${column(alias, 'auto_renew')} = 1 then 'active' else 'cancelled' end) else ${column(alias, 'status')} end)`;
}

/** The workspace's live rows whose renewal has passed though they renew by themselves (index expenses_live_due). */
export function selectRenewalsPassed(db: Kysely<Database>, workspaceId: number | Expression<number>, today: string) {
  return db
    .selectFrom('expenses')
    .where('workspace_id', '=', workspaceId)
    .where('auto_renew', '=', 1)
    .where('status', 'in', ['active', 'trial'])
    .where('renewal_date', '<', today)
    .where('deleted_at', 'is', null);
}

/** The workspace's live trials whose end date has passed (index expenses_live_trial_end). */
export function selectTrialsEnded(db: Kysely<Database>, workspaceId: number | Expression<number>, today: string) {
  return db
    .selectFrom('expenses')
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'trial')
    .where('trial_ends_on', '<', today)
    .where('deleted_at', 'is', null);
}

/** What the sweep has yet to do for this workspace on `today`: two index probes in one round trip, nothing read when nothing is due. */
export async function behindOn(db: Kysely<Database>, workspaceId: number, today: string): Promise<{ renewals: boolean; trials: boolean }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.exists(selectRenewalsPassed(db, workspaceId, today).select('id').limit(1)).as('renewals'),
      eb.exists(selectTrialsEnded(db, workspaceId, today).select('id').limit(1)).as('trials'),
    ])
    .executeTakeFirstOrThrow();
  // SQLite answers 0/1, PostgreSQL true/false.
  return { renewals: Boolean(row.renewals), trials: Boolean(row.trials) };
}

/**
 * The workspaces with a passed renewal or an ended trial before `today`: one statement, an index probe
 * per workspace, instead of two queries per workspace (a team server sweeps them all before each send).
 */
export async function workspacesBehind(db: Kysely<Database>, today: string): Promise<number[]> {
  const rows = await db
    .selectFrom('workspaces')
    .select('workspaces.id')
    .where((eb) =>
      eb.or([
        eb.exists(selectRenewalsPassed(db, eb.ref('workspaces.id'), today).select('id')),
        eb.exists(selectTrialsEnded(db, eb.ref('workspaces.id'), today).select('id')),
      ]),
    )
    .orderBy('workspaces.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Every live row the sweep has yet to change on `today` (passed renewals and ended trials), whole, by id. */
export async function rowsBehind(db: Kysely<Database>, workspaceId: number, today: string): Promise<ExpenseRow[]> {
  const [renewals, trials] = await Promise.all([selectRenewalsPassed(db, workspaceId, today).selectAll().execute(), selectTrialsEnded(db, workspaceId, today).selectAll().execute()]);
  const byId = new Map([...renewals, ...trials].map((row) => [row.id, row]));
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** Up to `limit` of the workspace's ended trials after id `after`, by id. */
export function trialsEndedAfter(db: Kysely<Database>, workspaceId: number, today: string, after: number, limit: number) {
  return selectTrialsEnded(db, workspaceId, today).where('id', '>', after).select(['id', 'auto_renew']).orderBy('id').limit(limit).execute();
}

/** Up to `limit` of the workspace's passed renewals after id `after`, by id, with what rolling them needs. */
export function renewalsPassedAfter(db: Kysely<Database>, workspaceId: number, today: string, after: number, limit: number) {
  return selectRenewalsPassed(db, workspaceId, today)
    .where('id', '>', after)
    .select(['id', 'renewal_date', 'cycle_unit', 'cycle_every', 'anchor_day', 'amount_minor', 'currency'])
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Ids per `in (...)` list, well under SQLite's variable limit. */
const CHUNK = 500;

/** Writes the same cycle columns to these rows (ended trials, renewals rolled to one date). */
export async function setCycleColumns(db: Kysely<Database>, ids: number[], change: Partial<Pick<ExpenseRow, 'status' | 'trial_ends_on' | 'cancelled_at' | 'renewal_date' | 'reminder_sent'>> & { updated_at: string }): Promise<void> {
  for (let i = 0; i < ids.length; i += CHUNK) {
    await db.updateTable('expenses').set(change).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
  }
}

/** Up to `limit` ids of the workspace's subscriptions deleted before `cutoff` (past the restore window). */
export async function expiredDeletions(db: Kysely<Database>, workspaceId: number, cutoff: string, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('expenses').select('id').where('workspace_id', '=', workspaceId).where('deleted_at', 'is not', null).where('deleted_at', '<', cutoff).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** The workspaces holding a subscription deleted before `cutoff` (index expenses_deleted: deleted rows only, a few). */
export async function workspacesWithDeletionsBefore(db: Kysely<Database>, cutoff: string): Promise<number[]> {
  const rows = await db.selectFrom('expenses').select('workspace_id').distinct().where('deleted_at', 'is not', null).where('deleted_at', '<', cutoff).execute();
  return rows.map((r) => r.workspace_id);
}

/** Deletes those of `ids` still deleted before `cutoff`; their reminders go with them (on delete cascade). */
export async function purgeDeletions(db: Kysely<Database>, workspaceId: number, ids: number[], cutoff: string): Promise<number> {
  const result = await db.deleteFrom('expenses').where('workspace_id', '=', workspaceId).where('id', 'in', ids).where('deleted_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

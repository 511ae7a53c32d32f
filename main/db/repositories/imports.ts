import { CompiledQuery, type Generated, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../schema';
import type { NewExpenseRow } from './expenses';

// The imports table (0015): one row per previewed file. The file's bytes stay while it is a preview (any
// server on the database can commit it) and are cleared on commit; expenses.import_id points back here.

export type ImportState = 'preview' | 'committed' | 'undone';

export interface ImportsTable {
  id: Generated<number>;
  workspace_id: number;
  /** Who imported it: they (or an admin) may undo it; rows it creates without an owner are theirs. */
  user_id: number;
  file_name: string;
  format: string;
  state: ImportState;
  /** JSON: the choices the preview was made with (ImportOptions in services/imports.ts). */
  options: string;
  file_data: Uint8Array | null;
  total_rows: Generated<number>;
  valid_rows: Generated<number>;
  created_count: Generated<number>;
  skipped_count: Generated<number>;
  created_at: string;
  committed_at: string | null;
  undone_at: string | null;
}
export type ImportRow = Selectable<ImportsTable>;
export type NewImportRow = Insertable<ImportsTable>;
export type ImportUpdate = Updateable<ImportsTable>;

export async function insertImport(db: Kysely<Database>, row: NewImportRow): Promise<number> {
  return (await db.insertInto('imports').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** One import of this workspace with its bytes, or undefined (also for another workspace's id). */
export function findImport(db: Kysely<Database>, workspaceId: number, id: number): Promise<ImportRow | undefined> {
  return db.selectFrom('imports').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function updateImport(db: Kysely<Database>, workspaceId: number, id: number, change: Omit<ImportUpdate, 'id' | 'workspace_id'>): Promise<void> {
  await db.updateTable('imports').set(change).where('id', '=', id).where('workspace_id', '=', workspaceId).execute();
}

/** Moves an import from one state to the next only if it is still in the first: false when another request got there first. */
export async function claimImportState(db: Kysely<Database>, workspaceId: number, id: number, from: ImportState, change: Omit<ImportUpdate, 'id' | 'workspace_id'>): Promise<boolean> {
  const result = await db.updateTable('imports').set(change).where('id', '=', id).where('workspace_id', '=', workspaceId).where('state', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type ImportSummaryRow = Omit<ImportRow, 'file_data' | 'options'> & { username: string };

/** The workspace's most recent imports, newest first, without their bytes. */
export function recentImports(db: Kysely<Database>, workspaceId: number, limit: number): Promise<ImportSummaryRow[]> {
  return db
    .selectFrom('imports as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .select(['i.id', 'i.workspace_id', 'i.user_id', 'i.file_name', 'i.format', 'i.state', 'i.total_rows', 'i.valid_rows', 'i.created_count', 'i.skipped_count', 'i.created_at', 'i.committed_at', 'i.undone_at', 'u.username as username'])
    .where('i.workspace_id', '=', workspaceId)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit)
    .execute();
}

/** Previews made before `cutoff` (any workspace): their bytes are dropped with them. */
export async function purgeStalePreviews(db: Kysely<Database>, cutoff: string): Promise<number> {
  const result = await db.deleteFrom('imports').where('state', '=', 'preview').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteImportsOfWorkspace(db: Kysely<Database>, workspaceId: number): Promise<void> {
  await db.deleteFrom('imports').where('workspace_id', '=', workspaceId).execute();
}

/** Ids of the live and deleted expenses an import created, in this workspace. */
export async function expenseIdsOfImport(db: Kysely<Database>, workspaceId: number, importId: number): Promise<number[]> {
  const rows = await db.selectFrom('expenses').select('id').where('workspace_id', '=', workspaceId).where('import_id', '=', importId).execute();
  return rows.map((r) => r.id);
}

/**
 * Rows per INSERT: far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters at ~27 columns a row, and
 * short enough on SQLite (15 indexes to update per row, ~30-80 µs) that one statement stays a few milliseconds.
 */
export const INSERT_BATCH = 100;

/** Inserts expenses in one statement (call with at most INSERT_BATCH rows); their ids, in no promised order. */
export async function insertExpenseBatch(db: Kysely<Database>, rows: NewExpenseRow[]): Promise<number[]> {
  if (rows.length === 0) return [];
  return (await db.insertInto('expenses').values(rows).returning('id').execute()).map((r) => r.id);
}

/**
 * insertExpenseBatch for 100k rows: the statement is built once per batch size and column list (by Kysely, so in
 * the dialect's own SQL) and only its parameters are made per batch; building and compiling the query for every
 * batch cost more than the insert's own JavaScript. The SQLite driver prepares each SQL text once. A row missing
 * a column the first one has goes the ordinary way (Kysely writes DEFAULT for it).
 */
export function createExpenseInserter(db: Kysely<Database>): (rows: NewExpenseRow[]) => Promise<number[]> {
  const statements = new Map<string, string>();
  return async (rows) => {
    if (rows.length === 0) return [];
    const columns = Object.keys(rows[0]!) as Array<keyof NewExpenseRow>;
    const parameters: unknown[] = new Array(rows.length * columns.length);
    let at = 0;
    for (const row of rows) {
      for (const column of columns) {
        const value = row[column];
        if (value === undefined) return insertExpenseBatch(db, rows);
        parameters[at++] = value;
      }
    }
    const key = `${rows.length}:${columns.join(',')}`;
    let text = statements.get(key);
    if (text === undefined) {
      // Every cell a parameter, in the order they are filled above (row by row, column by column).
      const template = Object.fromEntries(columns.map((c) => [c, 0])) as unknown as NewExpenseRow;
      text = db.insertInto('expenses').values(rows.map(() => template)).returning('id').compile().sql;
      statements.set(key, text);
    }
    const result = await db.executeQuery<{ id: number }>(CompiledQuery.raw(text, parameters));
    return result.rows.map((r) => r.id);
  };
}

/** What the duplicate check compares of the workspace's live subscriptions. */
export function duplicateFieldsOfWorkspace(db: Kysely<Database>, workspaceId: number) {
  return db.selectFrom('expenses').select(['name', 'amount_minor', 'currency', 'cycle_unit', 'cycle_every']).where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).execute();
}

/**
 * Marks deleted, now, up to `limit` of the still live rows an import created, those with an id above `afterId`
 * (lowest first); their ids. One UPDATE of 100k rows, each leaving 14 indexes, held SQLite ~4 s: called in a
 * loop inside the one transaction, each step is milliseconds and the event loop turns between them.
 */
export async function deleteRowsOfImport(db: Kysely<Database>, workspaceId: number, importId: number, now: string, afterId = 0, limit?: number): Promise<number[]> {
  const rows = await db
    .updateTable('expenses')
    .set({ deleted_at: now, updated_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('import_id', '=', importId)
    .where('deleted_at', 'is', null)
    .where('id', 'in', (eb) => {
      const live = eb.selectFrom('expenses').select('id').where('import_id', '=', importId).where('deleted_at', 'is', null).where('id', '>', afterId).orderBy('id');
      return limit === undefined ? live : live.limit(limit);
    })
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

import type { Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../schema';

// The settings table: one row per workspace (base currency, reminder defaults, pause, SMTP; 0013). The
// member's own locale and zone are in member_settings.
// Columns left out of an insert take the migration's defaults (base USD, remind 7 days ahead at 09:00).

export interface SettingsTable {
  workspace_id: number;
  base_currency: Generated<string>;
  reminder_days_default: Generated<string>;
  reminder_time: Generated<string>;
  reminders_paused_until: string | null;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: 'none' | 'starttls' | 'tls' | null;
  smtp_username: string | null;
  smtp_from: string | null;
  updated_at: string;
  /** 1: the rates are fetched from the ECB once a day (0018). */
  rates_daily: Generated<number>;
  /** When the ECB's rates were last fetched and applied. */
  rates_fetched_at: string | null;
  /** The last fetch's failure in words; null while fetches work. */
  rates_error: string | null;
  /** When the failures began (the first of a run of them). */
  rates_error_since: string | null;
}
export type SettingsRow = Selectable<SettingsTable>;
export type NewSettingsRow = Insertable<SettingsTable>;
export type SettingsUpdate = Updateable<SettingsTable>;

export function findSettings(db: Kysely<Database>, workspaceId: number): Promise<SettingsRow | undefined> {
  return db.selectFrom('settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export async function insertSettings(db: Kysely<Database>, row: NewSettingsRow): Promise<void> {
  await db.insertInto('settings').values(row).execute();
}

/**
 * Writes these columns of the workspace's row, creating the row (with defaults for the rest) when the
 * workspace has none.
 */
export async function upsertSettings(db: Kysely<Database>, workspaceId: number, change: Omit<SettingsUpdate, 'workspace_id'> & { updated_at: string }): Promise<void> {
  await db
    .insertInto('settings')
    .values({ ...change, workspace_id: workspaceId })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(change))
    .execute();
}

/** Changes columns of an existing row only (a workspace without a row keeps having none). */
export async function updateSettings(db: Kysely<Database>, workspaceId: number, change: Omit<SettingsUpdate, 'workspace_id'>): Promise<void> {
  await db.updateTable('settings').set(change).where('workspace_id', '=', workspaceId).execute();
}

export async function deleteSettingsOfWorkspace(db: Kysely<Database>, workspaceId: number): Promise<void> {
  await db.deleteFrom('settings').where('workspace_id', '=', workspaceId).execute();
}

/** Workspaces whose reminders are paused past `nowIso`, with the end of each pause. */
export function pausedWorkspaces(db: Kysely<Database>, nowIso: string) {
  return db.selectFrom('settings').select(['workspace_id', 'reminders_paused_until']).where('reminders_paused_until', '>', nowIso).execute();
}

/** How the ECB fetch went, on the workspace's row (created with defaults when missing); updated_at stays, as no setting changed. */
export async function setRatesStatus(
  db: Kysely<Database>,
  workspaceId: number,
  status: Required<Pick<SettingsUpdate, 'rates_fetched_at' | 'rates_error' | 'rates_error_since'>>,
  nowIso: string,
): Promise<void> {
  await db
    .insertInto('settings')
    .values({ ...status, workspace_id: workspaceId, updated_at: nowIso })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(status))
    .execute();
}

/** Workspaces that fetch their rates daily and have not fetched them since `cutoffIso` (or ever). */
export async function workspacesDueForRates(db: Kysely<Database>, cutoffIso: string): Promise<number[]> {
  const rows = await db
    .selectFrom('settings')
    .select('workspace_id')
    .where('rates_daily', '=', 1)
    .where((eb) => eb.or([eb('rates_fetched_at', 'is', null), eb('rates_fetched_at', '<=', cutoffIso)]))
    .orderBy('workspace_id')
    .execute();
  return rows.map((r) => Number(r.workspace_id));
}

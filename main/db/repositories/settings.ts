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

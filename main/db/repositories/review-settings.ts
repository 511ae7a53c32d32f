import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The review_settings table (0019): per workspace, the amount from which any renewal is reviewed.

export interface ReviewSettingsTable {
  workspace_id: number;
  /** Minor units of the base currency; null: the default. */
  threshold_minor: number | null;
  updated_at: string;
}
export type ReviewSettingsRow = Selectable<ReviewSettingsTable>;

export async function reviewThresholdOf(db: Kysely<Database>, workspaceId: number): Promise<number | null> {
  const row = await db.selectFrom('review_settings').select('threshold_minor').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return row?.threshold_minor ?? null;
}

export async function setReviewThreshold(db: Kysely<Database>, workspaceId: number, thresholdMinor: number | null, updatedAt: string): Promise<void> {
  await db
    .insertInto('review_settings')
    .values({ workspace_id: workspaceId, threshold_minor: thresholdMinor, updated_at: updatedAt })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ threshold_minor: thresholdMinor, updated_at: updatedAt }))
    .execute();
}

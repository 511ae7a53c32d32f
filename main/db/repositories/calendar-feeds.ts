import type { Generated, Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';
import { dialectOf } from '../sql-dialect';

// The calendar_feeds table (0017): a member's secret feed of one workspace, found by the SHA-256 of its token.
// A regenerated or revoked feed keeps its row with revoked_at set; at most one live row per member and workspace.

export interface CalendarFeedsTable {
  id: Generated<number>;
  workspace_id: number;
  user_id: number;
  /** SHA-256 (hex) of the token; the token itself is shown once and never stored. */
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}
export type CalendarFeedRow = Selectable<CalendarFeedsTable>;
export type NewCalendarFeedRow = Insertable<CalendarFeedsTable>;

export async function insertCalendarFeed(db: Kysely<Database>, row: NewCalendarFeedRow): Promise<void> {
  await db.insertInto('calendar_feeds').values(row).execute();
}

/**
 * Inside a transaction: holds the member's row of the workspace until it ends, so two feeds made at once for
 * them follow one another (each revoking the one before) instead of racing for the one live slot. SQLite's
 * transactions already run one at a time.
 */
export async function lockMemberFeeds(trx: Kysely<Database>, workspaceId: number, userId: number): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  await trx.selectFrom('workspace_members').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).forUpdate().execute();
}

/** Revokes the member's live feed of the workspace; false when there was none. */
export async function revokeCalendarFeed(db: Kysely<Database>, workspaceId: number, userId: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('calendar_feeds')
    .set({ revoked_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The member's live feed of the workspace, or undefined. */
export function findLiveCalendarFeed(db: Kysely<Database>, workspaceId: number, userId: number): Promise<CalendarFeedRow | undefined> {
  return db
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/**
 * The live feed with this token hash, only while its member is still in the workspace and has been since the
 * feed was made (a member removed and invited back does not get an old feed back); with the workspace's
 * two-factor requirement, for the door's check.
 */
export function findServableCalendarFeed(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('calendar_feeds as f')
    .innerJoin('workspace_members as m', (join) => join.onRef('m.workspace_id', '=', 'f.workspace_id').onRef('m.user_id', '=', 'f.user_id'))
    .innerJoin('workspaces as w', 'w.id', 'f.workspace_id')
    .select(['f.id', 'f.workspace_id', 'f.user_id', 'f.created_at', 'w.require_two_factor'])
    .where('f.token_hash', '=', tokenHash)
    .where('f.revoked_at', 'is', null)
    .whereRef('m.joined_at', '<=', 'f.created_at')
    .executeTakeFirst();
}

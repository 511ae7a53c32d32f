import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The throttle_state table (0010): sign-in and registration counts per key, shared by every process on
// the database. Every write is a compare-and-set on `version`, so concurrent attempts never both pass.

export interface ThrottleStateTable {
  key: string;
  count: number;
  /** ISO instant; null: not blocked. */
  blocked_until: string | null;
  /** ISO instant after which the row may be forgotten. */
  expires_at: string;
  version: number;
}
export type ThrottleStateRow = Selectable<ThrottleStateTable>;
export type NewThrottleStateRow = Insertable<ThrottleStateTable>;
/** The fields a change writes; the version is the repository's business. */
export type ThrottleStateChange = Pick<ThrottleStateRow, 'count' | 'blocked_until' | 'expires_at'>;

export function findThrottleState(db: Kysely<Database>, key: string): Promise<ThrottleStateRow | undefined> {
  return db.selectFrom('throttle_state').selectAll().where('key', '=', key).executeTakeFirst();
}

/** Inserts a new key at version 1; false when another writer inserted it first. */
export async function insertThrottleState(db: Kysely<Database>, key: string, change: ThrottleStateChange): Promise<boolean> {
  const result = await db
    .insertInto('throttle_state')
    .values({ key, ...change, version: 1 })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Writes the change if the row is still at `version`; false when another writer got there first. */
export async function updateThrottleState(db: Kysely<Database>, key: string, version: number, change: ThrottleStateChange): Promise<boolean> {
  const result = await db
    .updateTable('throttle_state')
    .set({ ...change, version: version + 1 })
    .where('key', '=', key)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes the row if it is still at `version`; false when another writer changed it first. */
export async function deleteThrottleState(db: Kysely<Database>, key: string, version: number): Promise<boolean> {
  const result = await db.deleteFrom('throttle_state').where('key', '=', key).where('version', '=', version).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Forgets at most `limit` rows that expired by `now` (through the expires_at index); returns how many. */
export async function deleteExpiredThrottleStates(db: Kysely<Database>, now: string, limit: number): Promise<number> {
  const expired = db.selectFrom('throttle_state').select('key').where('expires_at', '<=', now).limit(limit);
  const result = await db.deleteFrom('throttle_state').where('key', 'in', expired).executeTakeFirst();
  return Number(result.numDeletedRows);
}

import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The password_resets table (0012): one row per emailed reset link, found by a hash of its secret.
// A link is used by compare-and-set on used_at, so two clicks (or two servers) cannot both use it.

export interface PasswordResetsTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  /** ISO instant; the link is refused from then on. */
  expires_at: string;
  used_at: string | null;
}
export type PasswordResetRow = Selectable<PasswordResetsTable>;
export type NewPasswordResetRow = Insertable<PasswordResetsTable>;

export async function insertPasswordReset(db: Kysely<Database>, row: NewPasswordResetRow): Promise<void> {
  await db.insertInto('password_resets').values(row).execute();
}

export function findPasswordReset(db: Kysely<Database>, tokenHash: string): Promise<PasswordResetRow | undefined> {
  return db.selectFrom('password_resets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks the link used if it is unused and unexpired at `now`; its account, or null when it was not. */
export async function usePasswordReset(db: Kysely<Database>, tokenHash: string, now: string): Promise<number | null> {
  const row = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** Every other unused link of the account stops working (its password just changed). */
export async function closePasswordResetsOf(db: Kysely<Database>, userId: number, now: string): Promise<void> {
  await db.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** Forgets at most `limit` links that expired by `now`: each new link clears a few stale ones. */
export async function deleteExpiredPasswordResets(db: Kysely<Database>, now: string, limit: number): Promise<number> {
  const expired = db.selectFrom('password_resets').select('token_hash').where('expires_at', '<=', now).limit(limit);
  const result = await db.deleteFrom('password_resets').where('token_hash', 'in', expired).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deletePasswordResetsOfUser(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('password_resets').where('user_id', '=', userId).execute();
}

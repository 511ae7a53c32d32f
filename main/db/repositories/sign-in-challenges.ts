import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The sign_in_challenges table (0012): a sign-in whose password was right and whose two-factor code
// is still to come. Found by a hash of its secret; any server on the database can complete it.

export interface SignInChallengesTable {
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}
export type SignInChallengeRow = Selectable<SignInChallengesTable>;
export type NewSignInChallengeRow = Insertable<SignInChallengesTable>;

export async function insertSignInChallenge(db: Kysely<Database>, row: NewSignInChallengeRow): Promise<void> {
  await db.insertInto('sign_in_challenges').values(row).execute();
}

/** The account of a challenge still open at `now`, or undefined. */
export function findLiveSignInChallenge(db: Kysely<Database>, tokenHash: string, now: string): Promise<Pick<SignInChallengeRow, 'user_id' | 'expires_at'> | undefined> {
  return db.selectFrom('sign_in_challenges').select(['user_id', 'expires_at']).where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
}

/** Ends the challenge; false when another request ended it first (it completes once). */
export async function deleteSignInChallenge(db: Kysely<Database>, tokenHash: string): Promise<boolean> {
  const result = await db.deleteFrom('sign_in_challenges').where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Forgets at most `limit` challenges that expired by `now`: each new one clears a few stale ones. */
export async function deleteExpiredSignInChallenges(db: Kysely<Database>, now: string, limit: number): Promise<number> {
  const expired = db.selectFrom('sign_in_challenges').select('token_hash').where('expires_at', '<=', now).limit(limit);
  const result = await db.deleteFrom('sign_in_challenges').where('token_hash', 'in', expired).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Ends every open challenge of the account (its password changed: a half-done sign-in with the old one stops). */
export async function deleteSignInChallengesOfUser(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('sign_in_challenges').where('user_id', '=', userId).execute();
}

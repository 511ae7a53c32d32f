import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The two_factor table (0012): an account's TOTP secret (sealed, never in clear), whether it is on,
// and the last code's time step. Every "use" is a compare-and-set.

export interface TwoFactorTable {
  user_id: number;
  secret_sealed: string;
  created_at: string;
  /** Null: begun, not confirmed yet. */
  enabled_at: string | null;
  /** The TOTP time step of the last accepted code; a code at or before it is refused (no replay). */
  last_time_step: number | null;
}
export type TwoFactorRow = Selectable<TwoFactorTable>;

export function findTwoFactor(db: Kysely<Database>, userId: number): Promise<TwoFactorRow | undefined> {
  return db.selectFrom('two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** A new, unconfirmed secret for the account, replacing an earlier unconfirmed one; false when 2FA is already on. */
export async function beginTwoFactor(db: Kysely<Database>, userId: number, secretSealed: string, now: string): Promise<boolean> {
  const result = await db
    .insertInto('two_factor')
    .values({ user_id: userId, secret_sealed: secretSealed, created_at: now, enabled_at: null, last_time_step: null })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_sealed: secretSealed, created_at: now, last_time_step: null }).where('two_factor.enabled_at', 'is', null))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Turns it on if it is still the unconfirmed secret `secretSealed`; false when it changed or was turned on meanwhile. */
export async function enableTwoFactor(db: Kysely<Database>, userId: number, secretSealed: string, timeStep: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('two_factor')
    .set({ enabled_at: now, last_time_step: timeStep })
    .where('user_id', '=', userId)
    .where('secret_sealed', '=', secretSealed)
    .where('enabled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records an accepted code's time step, if no code at or after it was accepted first; false: a replay. */
export async function useTimeStep(db: Kysely<Database>, userId: number, timeStep: number): Promise<boolean> {
  const result = await db
    .updateTable('two_factor')
    .set({ last_time_step: timeStep })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_time_step', 'is', null), eb('last_time_step', '<', timeStep)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Turns two-factor sign-in off: the secret goes (its recovery codes go with deleteRecoveryCodesOfUser). */
export async function deleteTwoFactor(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('two_factor').where('user_id', '=', userId).execute();
}

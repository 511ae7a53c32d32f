import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The two_factor and recovery_codes tables (0012): an account's TOTP secret (sealed, never in clear)
// and its single-use recovery codes (sha-256 of each). Every "use" is a compare-and-set.

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

export interface RecoveryCodesTable {
  user_id: number;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}
export type NewRecoveryCodeRow = Insertable<RecoveryCodesTable>;

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

/** Turns two-factor sign-in off: the secret and every recovery code go. */
export async function deleteTwoFactor(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('two_factor').where('user_id', '=', userId).execute();
}

/** Replaces the account's recovery codes with these. */
export async function replaceRecoveryCodes(db: Kysely<Database>, userId: number, rows: NewRecoveryCodeRow[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (rows.length > 0) await db.insertInto('recovery_codes').values(rows).execute();
}

/** Uses one recovery code if it is the account's and unused; false otherwise (each works once). */
export async function useRecoveryCode(db: Kysely<Database>, userId: number, codeHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

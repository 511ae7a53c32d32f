import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../schema';

// The recovery_codes table (0012): an account's single-use recovery codes, as sha-256 of each.
// A code is used by compare-and-set on used_at, so it works once.

export interface RecoveryCodesTable {
  user_id: number;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}
export type NewRecoveryCodeRow = Insertable<RecoveryCodesTable>;

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

export async function deleteRecoveryCodesOfUser(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}

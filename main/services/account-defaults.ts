import type { Kysely } from 'kysely';
import { DEFAULT_CATEGORIES } from '../../common/contract/categories';
import { insertCategories } from '../db/repositories/categories';
import { insertSettings } from '../db/repositories/settings';
import type { Database } from '../db/schema';

// What a new account starts with: the default categories and a settings row (base USD, remind 7 days ahead).

/** Call inside the transaction that inserts the user, so an account never exists half-made. */
export async function seedAccount(trx: Kysely<Database>, userId: number, now: string): Promise<void> {
  await insertCategories(
    trx,
    DEFAULT_CATEGORIES.map((name) => ({ user_id: userId, name, is_default: 1, created_at: now, updated_at: now })),
  );
  await insertSettings(trx, { user_id: userId, updated_at: now });
}

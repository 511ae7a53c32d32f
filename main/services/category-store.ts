import type { Kysely } from 'kysely';
import { FALLBACK_CATEGORY } from '../../common/contract/categories';
import { type CategoryRow, insertCategory, listCategories } from '../db/repositories/categories';
import type { Database } from '../db/schema';

// Category names are matched case-insensitively everywhere ("design" is "Design"), in any script.

export function sameCategoryName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function isFallbackCategory(name: string): boolean {
  return sameCategoryName(name, FALLBACK_CATEGORY);
}

export async function findCategoryByName(db: Kysely<Database>, workspaceId: number, name: string): Promise<CategoryRow | undefined> {
  return (await listCategories(db, workspaceId)).find((c) => sameCategoryName(c.name, name));
}

/** The account's category with this name, created on the fly when it has none (call inside a transaction). */
export async function findOrCreateCategory(trx: Kysely<Database>, by: { workspaceId: number; userId: number }, name: string, now: string): Promise<CategoryRow> {
  const existing = await findCategoryByName(trx, by.workspaceId, name);
  if (existing) return existing;
  return insertCategory(trx, { user_id: by.userId, workspace_id: by.workspaceId, name, is_default: isFallbackCategory(name) ? 1 : 0, created_at: now, updated_at: now });
}

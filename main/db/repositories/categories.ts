import type { Generated, Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The categories table: per account; subscriptions point at a category by id.

export interface CategoriesTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  is_default: Generated<number>;
  created_at: string;
  updated_at: string;
}
export type CategoryRow = Selectable<CategoriesTable>;
export type NewCategoryRow = Insertable<CategoriesTable>;

export function listCategories(db: Kysely<Database>, userId: number): Promise<CategoryRow[]> {
  return db.selectFrom('categories').selectAll().where('user_id', '=', userId).execute();
}

/** One category of this account, or undefined (also for another account's id). */
export function findCategory(db: Kysely<Database>, userId: number, id: number): Promise<CategoryRow | undefined> {
  return db.selectFrom('categories').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

export function insertCategory(db: Kysely<Database>, row: NewCategoryRow): Promise<CategoryRow> {
  return db.insertInto('categories').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertCategories(db: Kysely<Database>, rows: NewCategoryRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('categories').values(rows).execute();
}

export function renameCategory(db: Kysely<Database>, userId: number, id: number, name: string, updatedAt: string): Promise<CategoryRow> {
  return db
    .updateTable('categories')
    .set({ name, updated_at: updatedAt })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteCategory(db: Kysely<Database>, userId: number, id: number): Promise<void> {
  await db.deleteFrom('categories').where('id', '=', id).where('user_id', '=', userId).execute();
}

export async function deleteCategoriesOfUser(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('categories').where('user_id', '=', userId).execute();
}

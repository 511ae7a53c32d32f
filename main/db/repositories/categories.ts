import type { Generated, Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The categories table: per workspace; subscriptions point at a category by id.

export interface CategoriesTable {
  id: Generated<number>;
  /** Who made it; the workspace owns it. */
  user_id: number;
  workspace_id: number;
  name: string;
  is_default: Generated<number>;
  /** Accounting account code (0016); null: none. */
  account_code: Generated<string | null>;
  created_at: string;
  updated_at: string;
}
export type CategoryRow = Selectable<CategoriesTable>;
export type NewCategoryRow = Insertable<CategoriesTable>;

export function listCategories(db: Kysely<Database>, workspaceId: number): Promise<CategoryRow[]> {
  return db.selectFrom('categories').selectAll().where('workspace_id', '=', workspaceId).execute();
}

/** One category of this workspace, or undefined (also for another workspace's id). */
export function findCategory(db: Kysely<Database>, workspaceId: number, id: number): Promise<CategoryRow | undefined> {
  return db.selectFrom('categories').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
}

export function insertCategory(db: Kysely<Database>, row: NewCategoryRow): Promise<CategoryRow> {
  return db.insertInto('categories').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function insertCategories(db: Kysely<Database>, rows: NewCategoryRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('categories').values(rows).execute();
}

export function updateCategory(
  db: Kysely<Database>,
  workspaceId: number,
  id: number,
  change: { name?: string; account_code?: string | null },
  updatedAt: string,
): Promise<CategoryRow> {
  return db
    .updateTable('categories')
    .set({ ...change, updated_at: updatedAt })
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteCategory(db: Kysely<Database>, workspaceId: number, id: number): Promise<void> {
  await db.deleteFrom('categories').where('id', '=', id).where('workspace_id', '=', workspaceId).execute();
}

export async function deleteCategoriesOfWorkspace(db: Kysely<Database>, workspaceId: number): Promise<void> {
  await db.deleteFrom('categories').where('workspace_id', '=', workspaceId).execute();
}

import type { Kysely } from 'kysely';
import { type Category, FALLBACK_CATEGORY } from '../../common/contract/categories';
import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { type CategoryRow, deleteCategory, findCategory, insertCategory, listCategories, updateCategory } from '../db/repositories/categories';
import { liveCountsByCategory, liveExpenseIdsInCategory, moveExpensesToCategory } from '../db/repositories/expenses';
import type { Database } from '../db/schema';
import { uniqueViolation } from '../db/sql-dialect';
import { findOrCreateCategory, isFallbackCategory, sameCategoryName } from './category-store';

// Categories are per account; subscriptions point at them by id, so a rename carries them along.

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function toCategory(row: CategoryRow, count: number): Category {
  return {
    id: row.id,
    name: row.name,
    is_default: row.is_default === 1,
    expense_count: count,
    account_code: row.account_code,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function notFound(id: number): AppError {
  return new AppError('not_found', `Category ${id} not found`);
}

function duplicate(name: string): AppError {
  const message = `A category named "${name}" already exists`;
  return new AppError('conflict', message, { name: message });
}

function isUniqueViolation(error: unknown): boolean {
  return uniqueViolation(error)?.table === 'categories';
}

async function findOwn(db: Kysely<Database>, workspaceId: number, id: number): Promise<CategoryRow> {
  const row = await findCategory(db, workspaceId, id);
  if (!row) throw notFound(id);
  return row;
}

export function categoryHandlers(ports: Ports): HandlersFor<'categories'> {
  const { db, clock, reminders } = ports;

  return {
    async 'categories.list'(ctx) {
      const [rows, counts] = await Promise.all([listCategories(db, ctx.workspaceId), liveCountsByCategory(db, ctx.workspaceId)]);
      rows.sort((a, b) => byName.compare(a.name, b.name));
      return { categories: rows.map((row) => toCategory(row, counts.get(row.id) ?? 0)) };
    },

    async 'categories.create'(ctx, input) {
      const now = clock.now().toISOString();
      try {
        const row = await db.transaction().execute(async (trx) => {
          const clash = (await listCategories(trx, ctx.workspaceId)).find((c) => sameCategoryName(c.name, input.name));
          if (clash) throw duplicate(clash.name);
          return insertCategory(trx, { user_id: ctx.userId, workspace_id: ctx.workspaceId, name: input.name, is_default: 0, created_at: now, updated_at: now });
        });
        return { category: toCategory(row, 0) };
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicate(input.name);
        throw error;
      }
    },

    async 'categories.update'(ctx, input) {
      const now = clock.now().toISOString();
      const row = await db.transaction().execute(async (trx) => {
        const current = await findOwn(trx, ctx.workspaceId, input.id);
        const renamed = input.name !== undefined && input.name !== current.name;
        if (renamed && isFallbackCategory(current.name)) {
          throw new AppError('bad_request', `"${current.name}" cannot be renamed: subscriptions of deleted categories move there`);
        }
        const newName = input.name;
        if (newName !== undefined) {
          const clash = (await listCategories(trx, ctx.workspaceId)).find((c) => c.id !== current.id && sameCategoryName(c.name, newName));
          if (clash) throw duplicate(clash.name);
        }
        const change = { ...(newName !== undefined ? { name: newName } : {}), ...(input.account_code !== undefined ? { account_code: input.account_code } : {}) };
        return updateCategory(trx, ctx.workspaceId, current.id, change, now);
      });
      const counts = await liveCountsByCategory(db, ctx.workspaceId);
      return { category: toCategory(row, counts.get(row.id) ?? 0) };
    },

    async 'categories.delete'(ctx, input) {
      const now = clock.now().toISOString();
      const result = await db.transaction().execute(async (trx) => {
        const doomed = await findOwn(trx, ctx.workspaceId, input.id);
        if (isFallbackCategory(doomed.name)) {
          throw new AppError('bad_request', `"${doomed.name}" cannot be deleted: subscriptions of deleted categories move there`);
        }
        const fallback = await findOrCreateCategory(trx, ctx, FALLBACK_CATEGORY, now);
        const ids = await liveExpenseIdsInCategory(trx, ctx.workspaceId, doomed.id);
        // Deleted-but-restorable subscriptions move too, so they come back into a category that exists.
        await moveExpensesToCategory(trx, ctx.workspaceId, doomed.id, fallback.id, now);
        await deleteCategory(trx, ctx.workspaceId, doomed.id);
        if (ids.length > 0) await reminders.expensesChanged(trx, ctx.workspaceId, ids);
        return { name: doomed.name, fallback: fallback.name, moved: ids.length };
      });
      if (result.moved > 0) reminders.rearm();
      const plural = result.moved === 1 ? 'subscription' : 'subscriptions';
      return {
        message: `Deleted "${result.name}"; ${result.moved} ${plural} moved to "${result.fallback}"`,
        moved_to: result.fallback,
        moved: result.moved,
      };
    },
  };
}

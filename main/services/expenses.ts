import { FALLBACK_CATEGORY } from '../../common/contract/categories';
import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { loadAccount } from './account-context';
import { categoriesOf, findOrCreateCategory } from './category-store';
import { columnsForCreate, columnsForUpdate } from './expense-changes';
import { listExpenseRows } from './expense-list';
import { expenseJson, findLiveExpense, notFound, toExpense } from './expense-rows';
import { RESTORE_WINDOW_DAYS, refreshAccount } from './renewals';

/** How long the UI offers "Undo" after a delete; restore itself works until the purge. */
export const UNDO_SECONDS = 30;

export function expenseHandlers(ports: Ports): HandlersFor<'expenses'> {
  const { db, clock, reminders } = ports;
  const account = (userId: number) => loadAccount(db, clock, userId);

  return {
    async 'expenses.create'(ctx, input) {
      const acc = await account(ctx.userId);
      const columns = columnsForCreate(input, acc);
      const now = acc.now.toISOString();
      // The answer is built inside the transaction: a row that cannot be shown is never committed.
      const expense = await db.transaction().execute(async (trx) => {
        const category = await findOrCreateCategory(trx, ctx.userId, input.category ?? FALLBACK_CATEGORY, now);
        const row = await trx
          .insertInto('expenses')
          .values({ ...columns, user_id: ctx.userId, category_id: category.id, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await reminders.expensesChanged(trx, ctx.userId, [row.id]);
        return expenseJson(await findLiveExpense(trx, ctx.userId, row.id), acc);
      });
      reminders.rearm();
      return { expense };
    },

    async 'expenses.list'(ctx, input) {
      const acc = await account(ctx.userId);
      await refreshAccount(ports, acc);
      const categories = await categoriesOf(db, ctx.userId);
      const names = new Map(categories.map((c) => [c.id, c.name]));
      const page = await listExpenseRows(db, acc, categories, input);
      return {
        expenses: page.rows.map((row) => toExpense(row, names.get(row.category_id) ?? FALLBACK_CATEGORY, acc)),
        total: page.total,
        limit: page.limit,
        offset: page.offset,
      };
    },

    async 'expenses.get'(ctx, input) {
      const acc = await account(ctx.userId);
      await refreshAccount(ports, acc);
      return { expense: expenseJson(await findLiveExpense(db, ctx.userId, input.id), acc) };
    },

    async 'expenses.update'(ctx, input) {
      const acc = await account(ctx.userId);
      const now = acc.now.toISOString();
      const expense = await db.transaction().execute(async (trx) => {
        const row = await findLiveExpense(trx, ctx.userId, input.id);
        const columns = columnsForUpdate(row, input, acc);
        const categoryId = input.category === undefined ? row.category_id : (await findOrCreateCategory(trx, ctx.userId, input.category, now)).id;
        await trx
          .updateTable('expenses')
          .set({ ...columns, category_id: categoryId, updated_at: now })
          .where('id', '=', row.id)
          .where('user_id', '=', ctx.userId)
          .execute();
        await reminders.expensesChanged(trx, ctx.userId, [row.id]);
        return expenseJson(await findLiveExpense(trx, ctx.userId, row.id), acc);
      });
      reminders.rearm();
      return { expense };
    },

    async 'expenses.delete'(ctx, input) {
      const acc = await account(ctx.userId);
      const now = acc.now.toISOString();
      const row = await db.transaction().execute(async (trx) => {
        const live = await findLiveExpense(trx, ctx.userId, input.id);
        await trx.updateTable('expenses').set({ deleted_at: now }).where('id', '=', live.id).where('user_id', '=', ctx.userId).execute();
        await reminders.expensesChanged(trx, ctx.userId, [live.id]);
        return live;
      });
      reminders.rearm();
      return {
        message: `Deleted "${row.name}"`,
        expense: expenseJson(row, acc),
        undo_until: new Date(acc.now.getTime() + UNDO_SECONDS * 1000).toISOString(),
      };
    },

    async 'expenses.restore'(ctx, input) {
      const acc = await account(ctx.userId);
      const windowStart = new Date(acc.now.getTime() - RESTORE_WINDOW_DAYS * 86_400_000).toISOString();
      const restored = await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('expenses')
          .select(['id', 'deleted_at'])
          .where('id', '=', input.id)
          .where('user_id', '=', ctx.userId)
          .executeTakeFirst();
        if (!row) throw notFound(input.id);
        // Restoring twice (a double-clicked Undo) is not an error.
        if (row.deleted_at === null) return false;
        if (row.deleted_at < windowStart) {
          throw new AppError('not_found', `Subscription ${input.id} was deleted more than ${RESTORE_WINDOW_DAYS} days ago and cannot be restored`);
        }
        await trx.updateTable('expenses').set({ deleted_at: null }).where('id', '=', row.id).where('user_id', '=', ctx.userId).execute();
        await reminders.expensesChanged(trx, ctx.userId, [row.id]);
        return true;
      });
      if (restored) reminders.rearm();
      // A renewal that passed while it was deleted rolls forward like any other.
      await refreshAccount(ports, acc);
      return { expense: expenseJson(await findLiveExpense(db, ctx.userId, input.id), acc) };
    },
  };
}

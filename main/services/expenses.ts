import { FALLBACK_CATEGORY } from '../../common/contract/categories';
import { AppError } from '../../common/errors';
import type { Kysely } from 'kysely';
import type { Ports, SignedInContext } from '../core/context';
import type { Database } from '../db/schema';
import type { HandlersFor } from '../core/handlers';
import { listCategories } from '../db/repositories/categories';
import { usernamesOf } from '../db/repositories/users';
import { findOwnExpense, insertExpense, mayChangeExpense, updateExpense } from '../db/repositories/expenses';
import { insertPriceChanges, priceChangeOf } from '../db/repositories/price-changes';
import { type SettingsScope, loadAccount } from './account-settings';
import { findOrCreateCategory } from './category-store';
import { currentCycle } from './current-cycle';
import { canonicalCostCentre, costCentresOf } from './cost-centres';
import { columnsForCreate, columnsForUpdate } from './expense-changes';
import { listExpenseRows } from './expense-list';
import { expenseJsonWithContract, findCurrentExpense, findLiveExpense, notFound, toExpense } from './expense-rows';
import { contractsOf, putContract } from '../db/repositories/contracts';
import { applyContractInput, contractColumns } from './contracts';
import { RESTORE_WINDOW_DAYS } from './renewals';

/** How long the UI offers "Undo" after a delete; restore itself works until the purge. */
export const UNDO_SECONDS = 30;

/** The member-owns-the-row rule (a repository predicate): a member may see every subscription but change only their own. */
async function mustOwn(db: Kysely<Database>, ctx: SignedInContext, id: number): Promise<void> {
  if (!(await mayChangeExpense(db, ctx, ctx.workspaceId, id))) {
    throw new AppError('forbidden', `Only an admin or owner can change subscription ${id}: a member changes only the subscriptions they own`);
  }
}

export function expenseHandlers(ports: Ports): HandlersFor<'expenses'> {
  const { db, clock, reminders } = ports;
  const account = (scope: SettingsScope) => loadAccount(db, clock, scope);

  return {
    async 'expenses.create'(ctx, input) {
      const acc = await account(ctx);
      const columns = columnsForCreate(input, acc);
      const now = acc.now.toISOString();
      // The answer is built inside the transaction: a row that cannot be shown is never committed.
      const expense = await db.transaction().execute(async (trx) => {
        const category = await findOrCreateCategory(trx, ctx, input.category ?? FALLBACK_CATEGORY, now);
        const costCentre = await canonicalCostCentre(trx, ctx.workspaceId, null, columns.cost_centre);
        const id = await insertExpense(trx, { ...columns, cost_centre: costCentre, user_id: ctx.userId, workspace_id: ctx.workspaceId, category_id: category.id, created_at: now, updated_at: now });
        if (input.contract) await putContract(trx, { expense_id: id, ...contractColumns(input.contract, columns.notice_period_days, now) });
        await reminders.expensesChanged(trx, ctx.workspaceId, [id]);
        return expenseJsonWithContract(trx, await findLiveExpense(trx, ctx.workspaceId, id), acc);
      });
      reminders.rearm();
      return { expense };
    },

    async 'expenses.list'(ctx, input) {
      const acc = await account(ctx);
      const categories = await listCategories(db, ctx.workspaceId);
      const names = new Map(categories.map((c) => [c.id, c.name]));
      const page = await listExpenseRows(db, acc, categories, input);
      const [owners, contracts] = await Promise.all([usernamesOf(db, page.rows.map((row) => row.user_id)), contractsOf(db, ctx.workspaceId, page.rows.map((row) => row.id))]);
      return {
        expenses: page.rows.map((row) => toExpense(row, { category: names.get(row.category_id) ?? FALLBACK_CATEGORY, owner: owners.get(row.user_id) ?? '', contract: contracts.get(row.id) }, acc)),
        total: page.total,
        limit: page.limit,
        offset: page.offset,
      };
    },

    async 'expenses.costCentres'(ctx) {
      return { cost_centres: await costCentresOf(db, ctx.workspaceId) };
    },

    async 'expenses.get'(ctx, input) {
      const acc = await account(ctx);
      return { expense: await expenseJsonWithContract(db, await findCurrentExpense(db, acc, input.id), acc) };
    },

    async 'expenses.update'(ctx, input) {
      const acc = await account(ctx);
      const now = acc.now.toISOString();
      const expense = await db.transaction().execute(async (trx) => {
        // The change applies to what the user sees: the row in its current cycle.
        const row = await findCurrentExpense(trx, acc, input.id);
        await mustOwn(trx, ctx, row.id);
        const columns = columnsForUpdate(row, input, acc);
        const categoryId = input.category === undefined ? row.category_id : (await findOrCreateCategory(trx, ctx, input.category, now)).id;
        const costCentre = input.cost_centre === undefined ? columns.cost_centre : await canonicalCostCentre(trx, ctx.workspaceId, row.id, columns.cost_centre);
        await updateExpense(trx, ctx.workspaceId, row.id, { ...columns, cost_centre: costCentre, category_id: categoryId, updated_at: now });
        // The price history: a new amount, currency, seats or cycle applies from today (the caller's day).
        const change = priceChangeOf(row, columns, { workspace_id: ctx.workspaceId, expense_id: row.id, effective_on: acc.today, source: 'update', user_id: ctx.userId, created_at: now });
        if (change) await insertPriceChanges(trx, [change]);
        await applyContractInput(trx, ctx.workspaceId, row.id, input.contract, columns.notice_period_days, now, acc.today);
        await reminders.expensesChanged(trx, ctx.workspaceId, [row.id]);
        return expenseJsonWithContract(trx, await findLiveExpense(trx, ctx.workspaceId, row.id), acc);
      });
      reminders.rearm();
      return { expense };
    },

    async 'expenses.delete'(ctx, input) {
      const acc = await account(ctx);
      const now = acc.now.toISOString();
      const row = await db.transaction().execute(async (trx) => {
        const live = await findCurrentExpense(trx, acc, input.id);
        await mustOwn(trx, ctx, live.id);
        await updateExpense(trx, ctx.workspaceId, live.id, { deleted_at: now });
        await reminders.expensesChanged(trx, ctx.workspaceId, [live.id]);
        return live;
      });
      reminders.rearm();
      return {
        message: `Deleted "${row.name}"`,
        expense: await expenseJsonWithContract(db, row, acc),
        undo_until: new Date(acc.now.getTime() + UNDO_SECONDS * 1000).toISOString(),
      };
    },

    async 'expenses.restore'(ctx, input) {
      const acc = await account(ctx);
      const windowStart = new Date(acc.now.getTime() - RESTORE_WINDOW_DAYS * 86_400_000).toISOString();
      const now = acc.now.toISOString();
      const restored = await db.transaction().execute(async (trx) => {
        const row = await findOwnExpense(trx, ctx.workspaceId, input.id);
        if (!row) throw notFound(input.id);
        await mustOwn(trx, ctx, row.id);
        // Restoring twice (a double-clicked Undo) is not an error.
        if (row.deleted_at === null) return false;
        if (row.deleted_at < windowStart) {
          throw new AppError('not_found', `Subscription ${input.id} was deleted more than ${RESTORE_WINDOW_DAYS} days ago and cannot be restored`);
        }
        // A renewal that passed while it was deleted comes back on its next date, as the sweep would store it.
        const current = currentCycle(row, acc.today, now);
        const { status, trial_ends_on, cancelled_at, renewal_date, reminder_sent } = current;
        await updateExpense(trx, ctx.workspaceId, row.id, current === row ? { deleted_at: null } : { deleted_at: null, status, trial_ends_on, cancelled_at, renewal_date, reminder_sent, updated_at: now });
        await reminders.expensesChanged(trx, ctx.workspaceId, [row.id]);
        return true;
      });
      if (restored) reminders.rearm();
      return { expense: await expenseJsonWithContract(db, await findCurrentExpense(db, acc, input.id), acc) };
    },
  };
}

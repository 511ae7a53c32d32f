import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MovePreview } from '../../common/contract/workspaces';
import { roundedMajor } from '../../common/domain/money';
import { AppError } from '../../common/errors';
import type { Ports, SignedInContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { noSuchWorkspace } from '../core/workspace-access';
import { type CategoryRow, insertCategory, listCategories } from '../db/repositories/categories';
import { liveExpensesToMove, moveLiveExpensesToWorkspace } from '../db/repositories/expenses';
import { movePaymentsToWorkspace } from '../db/repositories/payments';
import { countOpenRemindersOfLive, moveRemindersToWorkspace } from '../db/repositories/reminders';
import { findMembership } from '../db/repositories/workspace-members';
import { findPersonalWorkspaceId, findWorkspace } from '../db/repositories/workspaces';
import type { Database } from '../db/schema';
import { loadAccount } from './account-settings';
import { isFallbackCategory, sameCategoryName } from './category-store';
import { ExactSum } from './exact-sum';
import { cycleOf } from './expense-rows';

// workspaces.previewMove / workspaces.move: the caller's personal subscriptions into a company workspace,
// as one action. The door checked admin or owner of the target (`workspace: 'id'`); the source is the
// caller's own personal workspace, checked here. The move recomputes the plan inside its transaction and
// goes ahead only when it is the plan the preview showed (same version).

interface MovePlan {
  preview: MovePreview;
  expenseIds: number[];
  /** Personal category id -> the company category it joins, or the name of the one to create. */
  categories: { from: CategoryRow; into: CategoryRow | null }[];
}

async function planMove(db: Kysely<Database>, ports: Ports, ctx: SignedInContext, lock: boolean): Promise<MovePlan & { personalId: number }> {
  const target = await findWorkspace(db, ctx.workspaceId);
  if (!target) throw noSuchWorkspace(ctx.workspaceId);
  if (target.kind !== 'company') throw new AppError('conflict', 'Subscriptions move from your personal workspace into a company workspace; this one is personal', { id: 'Choose a company workspace' });
  const personalId = await findPersonalWorkspaceId(db, ctx.userId);
  const personal = personalId === undefined ? undefined : await findWorkspace(db, personalId);
  const membership = personalId === undefined ? undefined : await findMembership(db, personalId, ctx.userId);
  if (!personal || personalId === undefined || membership?.role !== 'owner') throw new AppError('forbidden', 'Only the owner of a personal workspace can move its subscriptions');

  const [expenses, sourceCategories, targetCategories, reminders, account] = await Promise.all([
    liveExpensesToMove(db, personalId, lock),
    listCategories(db, personalId),
    listCategories(db, ctx.workspaceId),
    countOpenRemindersOfLive(db, personalId),
    loadAccount(db, ports.clock, { workspaceId: ctx.workspaceId, userId: ctx.userId }),
  ]);

  const used = new Set(expenses.map((e) => e.category_id));
  const categories = sourceCategories
    .filter((c) => used.has(c.id))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((from) => ({ from, into: targetCategories.find((c) => sameCategoryName(c.name, from.name)) ?? null }));

  const total = new ExactSum();
  let unconverted = 0;
  for (const e of expenses) {
    if (e.status !== 'active' && e.status !== 'trial') continue;
    const factor = account.money.monthlyBaseFactor(e.currency, cycleOf(e));
    if (!factor) unconverted += 1;
    else total.add(BigInt(e.amount_minor), `${e.currency}:${e.cycle_unit}:${e.cycle_every}`, factor);
  }

  const body: Omit<MovePreview, 'version'> = {
    from: { id: personal.id, name: personal.name },
    to: { id: target.id, name: target.name },
    subscriptions: expenses.length,
    categories_created: categories.filter((c) => c.into === null).map((c) => c.from.name),
    categories_merged: categories.filter((c) => c.into !== null).map((c) => c.from.name),
    reminders_replanned: reminders,
    monthly_total: roundedMajor(total.value(), account.baseCurrency),
    currency: account.baseCurrency,
    unconverted,
  };
  // Every row the move would touch, as it is now: a change to any of them (or to the company's
  // categories or base currency, through `body`) gives another version.
  const seen = { body, expenses: expenses.map((e) => [e.id, e.category_id, e.updated_at]), into: categories.map((c) => [c.from.id, c.into?.id ?? null]) };
  const version = createHash('sha256').update(JSON.stringify(seen)).digest('hex').slice(0, 32);
  return { personalId, preview: { ...body, version }, expenseIds: expenses.map((e) => e.id), categories };
}

export function workspaceMoveHandlers(ports: Ports): Pick<HandlersFor<'workspaces'>, 'workspaces.previewMove' | 'workspaces.move'> {
  const { db, clock, reminders } = ports;
  return {
    async 'workspaces.previewMove'(ctx) {
      return { preview: (await planMove(db, ports, ctx, false)).preview };
    },

    async 'workspaces.move'(ctx, input) {
      const now = clock.now().toISOString();
      const moved = await db.transaction().execute(async (trx) => {
        const plan = await planMove(trx, ports, ctx, true);
        if (plan.preview.version !== input.version) {
          throw new AppError('conflict', 'Your personal subscriptions or this workspace changed since the preview: look at the new preview, then move again', { version: 'Out of date: preview again' });
        }
        if (plan.expenseIds.length === 0) throw new AppError('conflict', 'Your personal workspace has no subscriptions to move');
        await moveRemindersToWorkspace(trx, plan.expenseIds, ctx.workspaceId);
        // Payments and price history too (their rows are scoped by workspace, and go when it is deleted).
        await movePaymentsToWorkspace(trx, plan.expenseIds, ctx.workspaceId);
        for (const { from, into } of plan.categories) {
          const category = into ?? (await insertCategory(trx, { user_id: ctx.userId, workspace_id: ctx.workspaceId, name: from.name, is_default: isFallbackCategory(from.name) ? 1 : 0, created_at: now, updated_at: now }));
          await moveLiveExpensesToWorkspace(trx, { workspaceId: plan.personalId, categoryId: from.id }, { workspaceId: ctx.workspaceId, categoryId: category.id }, now);
        }
        // Recipients change with the workspace (its admins who asked for every reminder).
        await reminders.expensesChanged(trx, ctx.workspaceId, plan.expenseIds);
        return plan.preview;
      });
      reminders.rearm();
      ports.logger.info('personal subscriptions moved', { from: moved.from.id, to: moved.to.id, by: ctx.userId, count: moved.subscriptions });
      const n = moved.subscriptions;
      return { moved, message: `${n} subscription${n === 1 ? '' : 's'} moved from ${moved.from.name} to ${moved.to.name}.` };
    },
  };
}

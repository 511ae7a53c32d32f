import type { Kysely } from 'kysely';
import type { Expense } from '../../common/contract/expenses';
import type { BillingCycle } from '../../common/domain/billing-cycles';
import { bigMinorToMajor, minorToMajor } from '../../common/domain/money';
import { AppError } from '../../common/errors';
import { type ExpenseRow, type ExpenseWithCategory, findLiveExpense as findLiveRow } from '../db/repositories/expenses';
import { type ContractRow, contractsOf } from '../db/repositories/contracts';
import type { Database } from '../db/schema';
import { contractJson } from './contracts';
import { type AccountContext, parseLeadDays } from './account-settings';
import { currentCycle } from './current-cycle';

// Stored expense rows (minor units, cycle columns, JSON lead days) as the contract's JSON.

export type { ExpenseWithCategory };

export function cycleOf(row: Pick<ExpenseRow, 'cycle_unit' | 'cycle_every'>): BillingCycle {
  return { unit: row.cycle_unit, every: row.cycle_every };
}

/** The names a row is shown with. */
export interface ExpenseLabels {
  category: string;
  owner: string;
  /** Its contract row, if it has one. */
  contract?: ContractRow | undefined;
}

export function toExpense(row: ExpenseRow, labels: ExpenseLabels, account: AccountContext): Expense {
  const cycle = cycleOf(row);
  const custom = parseLeadDays(row.reminder_days);
  const monthlyBase = account.money.monthlyBaseMinor(row.amount_minor, row.currency, cycle);
  return {
    id: row.id,
    user_id: row.user_id,
    name: row.name,
    category: labels.category,
    category_id: row.category_id,
    amount: minorToMajor(row.amount_minor, row.currency),
    currency: row.currency,
    billing_cycle: cycle,
    renewal_date: row.renewal_date,
    description: row.description,
    status: row.status,
    trial_ends_on: row.trial_ends_on,
    notice_period_days: row.notice_period_days,
    auto_renew: row.auto_renew === 1,
    payment_method: row.payment_method,
    url: row.url,
    seats: row.seats,
    seat_price: row.seat_price_minor === null ? null : minorToMajor(row.seat_price_minor, row.currency),
    cost_centre: row.cost_centre,
    owner_name: labels.owner,
    reminder_days: custom ?? [...account.defaultDays],
    reminder_days_custom: custom !== null,
    reminder_sent: row.reminder_sent === 1,
    monthly_cost: bigMinorToMajor(account.money.monthlyMinor(row.amount_minor, cycle), row.currency),
    monthly_cost_base: monthlyBase === null ? null : bigMinorToMajor(monthlyBase, account.baseCurrency),
    base_currency: account.baseCurrency,
    contract: labels.contract ? contractJson(labels.contract, row.notice_period_days, account.today) : null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function notFound(id: number): AppError {
  return new AppError('not_found', `Subscription ${id} not found`);
}

/** One live expense of this account as stored, or 404 (also for another account's id). */
export async function findLiveExpense(db: Kysely<Database>, workspaceId: number, id: number): Promise<ExpenseWithCategory> {
  const row = await findLiveRow(db, workspaceId, id);
  if (!row) throw notFound(id);
  return row;
}

/** The same, in its current cycle (a renewal passed since the last sweep shows its next date). */
export async function findCurrentExpense(db: Kysely<Database>, account: AccountContext, id: number): Promise<ExpenseWithCategory> {
  return currentCycle(await findLiveExpense(db, account.workspaceId, id), account.today, account.now.toISOString());
}

export function expenseJson(row: ExpenseWithCategory, account: AccountContext, contract?: ContractRow): Expense {
  return toExpense(row, { category: row.category_name, owner: row.owner_name, contract }, account);
}

/** The same, with its contract read from the database. */
export async function expenseJsonWithContract(db: Kysely<Database>, row: ExpenseWithCategory, account: AccountContext): Promise<Expense> {
  return expenseJson(row, account, (await contractsOf(db, account.workspaceId, [row.id])).get(row.id));
}

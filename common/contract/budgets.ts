import { z } from 'zod';
import { operation } from './define';
import { EXPENSE_STATUSES, billingCycleField, currencyField, moneyField } from './expenses';
import { MAX_COST_CENTRE, idParam, labelText } from './fields';

// Budgets (issue 13): a monthly amount for the whole workspace, and optionally per category and per cost centre, each
// in a currency of its own. Spend is the monthly equivalent of the scope's active and trial plans (the dashboard's
// monthly figure), in the base currency at the workspace's rates; a currency without a rate is left out and said so.

export const BUDGET_SCOPES = ['workspace', 'category', 'cost_centre'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

export interface Budget {
  id: number;
  scope: BudgetScope;
  /** The category (scope 'category'). */
  category_id: number | null;
  /** The cost centre as set (scope 'cost_centre'). */
  cost_centre: string | null;
  /** What it is a budget of: "Workspace", the category's name or the cost centre. */
  label: string;
  /** Per month, in `currency`. */
  amount: number;
  currency: string;
  /** The amount in the base currency; null when `currency` has no rate (then it is not compared). */
  amount_base: number | null;
  /** Monthly-equivalent spend of the scope's active and trial plans, base currency (plans with a rate). */
  spend: number;
  /** Plans of the scope left out of `spend`: their currency has no rate. */
  unconverted_count: number;
  /** spend − budget when over, else 0; null when the budget's currency has no rate. */
  over_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface BudgetStatus {
  base_currency: string;
  /** The workspace budget first, then categories and cost centres by label. */
  budgets: Budget[];
  /**
   * The dashboard's 12-month forecast (cash out per month) against the workspace budget in the base currency; over_by
   * is what a month charges beyond it (0: within; null: no workspace budget, or one in a currency without a rate).
   */
  forecast: { month: string; total: number; over_by: number | null }[];
  /** Currencies of budgets or plans that have no rate, in words ("GBP has no exchange rate: ..."). */
  notes: string[];
}

/** One budget a draft subscription would take over. */
export interface BudgetWarning {
  budget_id: number;
  scope: BudgetScope;
  label: string;
  /** Base currency: the budget, the scope's spend after the change, and by how much it would be over. */
  budget: number;
  spend_after: number;
  over_by: number;
  /** "Design would be $120 over its $500 monthly budget". */
  message: string;
}


export const budgetSetInput = z.strictObject({
  scope: z.enum(BUDGET_SCOPES, { error: 'Scope must be workspace, category or cost_centre' }),
  /** With scope 'category'. */
  category_id: idParam.optional(),
  /** With scope 'cost_centre': its name (letter case does not matter). */
  cost_centre: labelText('Cost centre', MAX_COST_CENTRE).optional(),
  /** Per month (number or decimal text), read in `currency`. */
  amount: moneyField('Budget amount'),
  /** Left out: the base currency. */
  currency: currencyField.optional(),
});
export type BudgetSetInput = z.output<typeof budgetSetInput>;

export const budgetCheckInput = z.strictObject({
  /** The subscription being edited (its current cost is taken out first); left out: a new one. */
  id: idParam.optional(),
  /** The category's name as the form has it (a new name has no budget). */
  category: labelText('Category', 60).optional(),
  cost_centre: labelText('Cost centre', MAX_COST_CENTRE).nullish(),
  amount: moneyField('Amount'),
  currency: currencyField.optional(),
  billing_cycle: billingCycleField.optional(),
  status: z.enum(EXPENSE_STATUSES, { error: 'Status must be active, trial, paused or cancelled' }).optional(),
});
export type BudgetCheckInput = z.output<typeof budgetCheckInput>;

export const budgetOperations = {
  'budgets.list': operation<BudgetStatus>()({
    method: 'GET',
    path: '/api/budgets',
    auth: true,
    role: 'viewer',
    input: z.strictObject({}),
    summary: "The workspace's budgets with this month's spend against each, and the forecast against the workspace budget",
  }),
  'budgets.set': operation<{ budget: Budget }>()({
    method: 'PUT',
    path: '/api/budgets',
    auth: true,
    role: 'admin',
    input: budgetSetInput,
    summary: 'Set a monthly budget (the workspace, a category or a cost centre), replacing the one it had',
  }),
  'budgets.delete': operation<{ message: string }>()({
    method: 'DELETE',
    path: '/api/budgets/:id',
    auth: true,
    role: 'admin',
    input: z.strictObject({ id: idParam }),
    summary: 'Delete a budget',
  }),
  'budgets.check': operation<{ warnings: BudgetWarning[]; notes: string[] }>()({
    method: 'POST',
    path: '/api/budgets/check',
    auth: true,
    role: 'member',
    input: budgetCheckInput,
    summary: 'Check a draft subscription against the budgets it counts towards (nothing is saved)',
  }),
};

import { z } from 'zod';
import type { BillingCycle } from '../domain/billing-cycles';
import type { IsoDate } from '../domain/calendar-date';
import { operation } from './define';
import type { Expense, ExpenseStatus } from './expenses';

/** All amounts in the account's base currency, major units, unless the field says otherwise. */
export interface DashboardStats {
  base_currency: string;
  /** Sum of monthly equivalents of active + trial subscriptions that have a rate. */
  monthly_spend: number;
  /** 12 × monthly_spend. */
  yearly_projection: number;
  /**
   * Active and trial plans per category. monthly_total sums those with a rate; it is null when none
   * of the category's plans has one ("not converted", never shown as 0). unconverted_count: plans left out.
   */
  category_breakdown: { category: string; monthly_total: number | null; count: number; unconverted_count: number }[];
  /** The same plans per cost centre (one entry per centre, whatever its letter case); cost_centre null: the plans without one. */
  cost_centre_breakdown: { cost_centre: string | null; monthly_total: number | null; count: number; unconverted_count: number }[];
  /** The same plans per owner (user_id, and owner_name: their username). */
  owner_breakdown: { user_id: number; owner_name: string; monthly_total: number | null; count: number; unconverted_count: number }[];
  /**
   * Active and trial plans renewing with 0 ≤ days_left ≤ 30 (today included), each once with its next
   * date, by date; at most 100 of them. `occurrences` is how often it charges in those 31 days (a
   * fortnightly plan: 2), counted like the forecast counts charges; a plan that does not auto-renew: 1.
   */
  upcoming_renewals: {
    id: number;
    name: string;
    category: string;
    renewal_date: IsoDate;
    days_left: number;
    /** In the subscription's own currency. */
    amount: number;
    currency: string;
    /** In the base currency; null without a rate. */
    amount_base: number | null;
    billing_cycle: BillingCycle;
    status: ExpenseStatus;
    occurrences: number;
  }[];
  /** Renewals (charges) in the upcoming window, every plan × its occurrences (the list above stops at 100 plans). */
  upcoming_count: number;
  /** What those renewals cost in the base currency (those with a rate), summed exactly and rounded once. */
  upcoming_total: number;
  /** Renewals in the window whose currency has no rate (left out of upcoming_total). */
  upcoming_unconverted: number;
  /** The 5 latest additions. */
  recent_expenses: Expense[];
  /**
   * Cash out per calendar month, this month first, 12 entries (fewer only before 9999-12): every charge of an active or trial plan
   * that auto-renews, from its next renewal on (an annual plan lands in its month). Charges earlier this
   * month have passed and are not counted; currencies without a rate are left out (see unconverted).
   */
  forecast: { month: string; total: number }[];
  /**
   * What was actually paid per calendar month over the last 12 months, oldest first, this month last (fewer only
   * before 0001-12): every payment's actual amount in the month of its paid date, converted at today's rates like
   * the rest of the dashboard. Payments in currencies without a rate are left out and counted in actual_unconverted;
   * a deleted subscription's payments are not shown.
   */
  actual_spend: { month: string; total: number }[];
  /** Payments of the last 12 months left out of actual_spend: their currency has no rate. */
  actual_unconverted: number;
  /** What cancelled subscriptions would cost now (count: all of them; amounts: those with a rate). */
  savings: { monthly: number; yearly: number; count: number };
  counts: Record<ExpenseStatus, number>;
  /** Active and trial plans in currencies with no exchange rate: shown in their own currency, never counted 1:1. */
  unconverted: { currency: string; count: number; monthly_total: number }[];
}

/**
 * Every total here and in DashboardStats is summed exactly and rounded once (half away from zero);
 * beyond 2^53 minor units (sums over very many rows) a total is the nearest JSON number instead.
 */
export interface DashboardSummary {
  base_currency: string;
  monthly_spend: number;
  yearly_projection: number;
  active_count: number;
  /** Renewals in the next 30 days, counted like DashboardStats.upcoming_count. */
  upcoming_count: number;
}

export const dashboardOperations = {
  'dashboard.stats': operation<DashboardStats>()({
    method: 'GET',
    path: '/api/dashboard/stats',
    auth: true,
    role: 'viewer',
    input: z.strictObject({}),
    summary: 'Everything the dashboard shows',
  }),
  'dashboard.summary': operation<DashboardSummary>()({
    method: 'GET',
    path: '/api/dashboard/summary',
    auth: true,
    role: 'viewer',
    input: z.strictObject({}),
    summary: 'The headline numbers',
  }),
};

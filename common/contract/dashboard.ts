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
  category_breakdown: { category: string; monthly_total: number; count: number }[];
  /**
   * Active and trial renewals with 0 ≤ days_left ≤ 30 (today included), by date; at most 100 of them
   * (upcoming_count has them all).
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
  }[];
  /** How many renewals fall in the upcoming window (the list above stops at 100). */
  upcoming_count: number;
  /** The 5 latest additions. */
  recent_expenses: Expense[];
  /**
   * Cash out per calendar month, this month first, 12 entries: every charge of an active or trial plan
   * that auto-renews, from its next renewal on (an annual plan lands in its month). Charges earlier this
   * month have passed and are not counted; currencies without a rate are left out (see unconverted).
   */
  forecast: { month: string; total: number }[];
  /** What cancelled subscriptions would cost now (count: all of them; amounts: those with a rate). */
  savings: { monthly: number; yearly: number; count: number };
  counts: Record<ExpenseStatus, number>;
  /** Active and trial plans in currencies with no exchange rate: shown in their own currency, never counted 1:1. */
  unconverted: { currency: string; count: number; monthly_total: number }[];
}

export interface DashboardSummary {
  base_currency: string;
  monthly_spend: number;
  yearly_projection: number;
  active_count: number;
  upcoming_count: number;
}

export const dashboardOperations = {
  'dashboard.stats': operation<DashboardStats>()({
    method: 'GET',
    path: '/api/dashboard/stats',
    auth: true,
    input: z.strictObject({}),
    summary: 'Everything the dashboard shows',
  }),
  'dashboard.summary': operation<DashboardSummary>()({
    method: 'GET',
    path: '/api/dashboard/summary',
    auth: true,
    input: z.strictObject({}),
    summary: 'The headline numbers',
  }),
};

import { z } from 'zod';
import type { BillingCycle } from '../domain/billing-cycles';
import type { IsoDate } from '../domain/calendar-date';
import { MAX_AMOUNT_TEXT, MAX_MAJOR_AMOUNT } from '../domain/money';
import { operation } from './define';
import { isoDateField } from './expenses';
import { idParam } from './fields';

// What was actually paid (issue 13): one payment per past renewal of a subscription, the plan's price that day as
// expected, and what was paid (the expected amount until someone records the real one). Amounts in major units of
// `currency`, the subscription's at that renewal.

export interface Payment {
  id: number;
  expense_id: number;
  /** The renewal paid. */
  renewal_date: IsoDate;
  currency: string;
  expected_amount: number;
  actual_amount: number;
  /** actual − expected, exact. */
  difference: number;
  paid_on: IsoDate;
  /** Whether someone recorded what was really paid (else actual is the expected amount). */
  recorded: boolean;
  recorded_by_name: string | null;
  recorded_at: string | null;
  /** The statement transaction matched to it (statements are not imported yet: null). */
  transaction_id: number | null;
}

/** One change of a subscription's price: amount, currency, seats or billing cycle, and the day it took effect. */
export interface PriceChange {
  id: number;
  expense_id: number;
  effective_on: IsoDate;
  /** 'update': the subscription was edited; 'downgrade': a renewal review's downgrade took effect. */
  source: 'update' | 'downgrade';
  user_name: string | null;
  currency_before: string;
  currency_after: string;
  amount_before: number;
  amount_after: number;
  seats_before: number | null;
  seats_after: number | null;
  billing_cycle_before: BillingCycle;
  billing_cycle_after: BillingCycle;
  created_at: string;
}

const actualAmount = z.union(
  [
    z.number({ error: 'Actual amount must be a number' }).min(0, 'Actual amount cannot be negative').max(MAX_MAJOR_AMOUNT, 'Actual amount must be at most 1,000,000,000'),
    z.string().trim().min(1, 'Actual amount is required').max(MAX_AMOUNT_TEXT, `Actual amount must be at most ${MAX_AMOUNT_TEXT} characters`),
  ],
  { error: 'Actual amount must be a number' },
);

export const paymentRecordInput = z.strictObject({
  /** The payment. */
  id: idParam,
  /** What was paid (number or decimal text, read in the payment's currency); null: back to the expected amount. */
  actual_amount: actualAmount.nullable(),
  /** The day it was paid; left out: the renewal date (or the day recorded before). */
  paid_on: isoDateField('Paid date').optional(),
});
export type PaymentRecordInput = z.output<typeof paymentRecordInput>;

export const paymentOperations = {
  'payments.list': operation<{ payments: Payment[] }>()({
    method: 'GET',
    path: '/api/expenses/:id/payments',
    auth: true,
    role: 'viewer',
    input: z.strictObject({ id: idParam }),
    summary: "A subscription's payments, newest renewal first",
  }),
  'payments.priceHistory': operation<{ changes: PriceChange[] }>()({
    method: 'GET',
    path: '/api/expenses/:id/price-history',
    auth: true,
    role: 'viewer',
    input: z.strictObject({ id: idParam }),
    summary: "A subscription's price history (amount, seats, billing cycle), newest first",
  }),
  'payments.record': operation<{ payment: Payment }>()({
    method: 'PUT',
    path: '/api/payments/:id',
    auth: true,
    // A member records the payments of the subscriptions they own; admins and owners any (checked with the row).
    role: 'member',
    input: paymentRecordInput,
    summary: 'Record what was actually paid for a renewal, and when',
  }),
};

import { minorToMajor } from '../../common/domain/money';
import type { Payment, PriceChange } from '../../common/contract/payments';
import { AppError, type FieldErrors } from '../../common/errors';
import { summarize } from '../../common/contract/validate';
import type { Ports, SignedInContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { findLiveExpense, mayChangeExpense } from '../db/repositories/expenses';
import { type PaymentWithNames, findPayment, paymentsOfExpense, updatePayment } from '../db/repositories/payments';
import { type PriceChangeWithName, priceChangesOfExpense } from '../db/repositories/price-changes';
import { loadAccount } from './account-settings';
import { moneyFor } from './expense-changes';
import { notFound } from './expense-rows';
import { alertPriceChange } from './price-alerts';

// What was actually paid (issue 13): a subscription's price history, its payments (written by the sweep, one per renewal it rolls past),
// and recording what a renewal really cost and when. The door lets members in; a member records only the payments of
// the subscriptions they own, admins and owners any (the member-owns-the-row rule), viewers read. A recorded amount
// more than 2 % off the expected one raises a price-change alert (price-alerts.ts).

function fail(fields: FieldErrors): never {
  throw new AppError('validation', summarize(fields), fields);
}

export function paymentJson(row: PaymentWithNames): Payment {
  return {
    id: row.id,
    expense_id: row.expense_id,
    renewal_date: row.renewal_date,
    currency: row.currency,
    expected_amount: minorToMajor(row.expected_minor, row.currency),
    actual_amount: minorToMajor(row.actual_minor, row.currency),
    difference: minorToMajor(row.actual_minor - row.expected_minor, row.currency),
    paid_on: row.paid_on,
    recorded: row.recorded_at !== null,
    recorded_by_name: row.recorded_by_name,
    recorded_at: row.recorded_at,
    transaction_id: row.transaction_id,
  };
}

export function priceChangeJson(row: PriceChangeWithName): PriceChange {
  return {
    id: row.id,
    expense_id: row.expense_id,
    effective_on: row.effective_on,
    source: row.source,
    user_name: row.user_name,
    currency_before: row.currency_before,
    currency_after: row.currency_after,
    amount_before: minorToMajor(row.amount_before_minor, row.currency_before),
    amount_after: minorToMajor(row.amount_after_minor, row.currency_after),
    seats_before: row.seats_before,
    seats_after: row.seats_after,
    billing_cycle_before: { unit: row.cycle_unit_before, every: row.cycle_every_before },
    billing_cycle_after: { unit: row.cycle_unit_after, every: row.cycle_every_after },
    created_at: row.created_at,
  };
}

const paymentNotFound = (id: number) => new AppError('not_found', `Payment ${id} not found`);

export function paymentHandlers(ports: Ports): HandlersFor<'payments'> {
  const { db, clock } = ports;

  return {
    async 'payments.list'(ctx: SignedInContext, input) {
      if (!(await findLiveExpense(db, ctx.workspaceId, input.id))) throw notFound(input.id);
      return { payments: (await paymentsOfExpense(db, ctx.workspaceId, input.id)).map(paymentJson) };
    },

    async 'payments.priceHistory'(ctx: SignedInContext, input) {
      if (!(await findLiveExpense(db, ctx.workspaceId, input.id))) throw notFound(input.id);
      return { changes: (await priceChangesOfExpense(db, ctx.workspaceId, input.id)).map(priceChangeJson) };
    },

    async 'payments.record'(ctx: SignedInContext, input) {
      const acc = await loadAccount(db, clock, ctx);
      const now = acc.now.toISOString();
      const payment = await db.transaction().execute(async (trx) => {
        const row = await findPayment(trx, ctx.workspaceId, input.id);
        if (!row) throw paymentNotFound(input.id);
        if (!(await mayChangeExpense(trx, ctx, ctx.workspaceId, row.expense_id))) {
          throw new AppError('forbidden', `Only the owner of "${row.expense_name}" or an admin can record its payments; you are a member who does not own it`);
        }
        const fields: FieldErrors = {};
        let actual = row.expected_minor;
        if (input.actual_amount !== null) {
          const parsed = moneyFor(input.actual_amount, row.currency, acc, fields, 'amount');
          if (parsed === undefined) fail({ actual_amount: (fields.amount ?? 'Actual amount must be a number').replace(/^Amount/, 'Actual amount') });
          actual = parsed;
        }
        // Back to the expected amount: the renewal date too, unless another day is given.
        const paidOn = input.paid_on ?? (input.actual_amount === null ? row.renewal_date : row.paid_on);
        if (paidOn > acc.today) fail({ paid_on: `Paid date cannot be after today (${acc.today})` });
        const recorded = input.actual_amount !== null || input.paid_on !== undefined;
        await updatePayment(trx, row.id, { actual_minor: actual, paid_on: paidOn, recorded_by: recorded ? ctx.userId : null, recorded_at: recorded ? now : null, updated_at: now });
        // More than 2 % off what the plan said: its recipients hear of it once; back within 2 %: an alert not sent yet is taken back.
        await alertPriceChange(trx, clock, { workspace_id: ctx.workspaceId, expense_id: row.expense_id, renewal_date: row.renewal_date, owner_id: row.owner_id, expected_minor: row.expected_minor, actual_minor: actual });
        return paymentJson((await findPayment(trx, ctx.workspaceId, row.id))!);
      });
      ports.reminders.rearm();
      return { payment };
    },
  };
}

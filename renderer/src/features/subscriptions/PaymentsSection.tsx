import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { Expense, Payment, PriceChange } from '../../../../common/contract';
import { ApiError } from '../../api/client';
import { Skeleton } from '../../components/Skeleton';
import { useToast } from '../../components/Toast';
import { useFormatters } from '../../lib/use-formatters';
import { recordPayment, usePayments, usePriceHistory } from './queries';

// Below a subscription's form: what each past renewal cost (recordable when the real charge differed) and every
// change of its price, newest first.

interface RecordFormProps {
  payment: Payment;
  onDone(): void;
}

function RecordForm({ payment, onDone }: RecordFormProps) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [amount, setAmount] = useState(String(payment.actual_amount));
  const [paidOn, setPaidOn] = useState(payment.paid_on);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const amountRef = useRef<HTMLInputElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);
  const id = `payment-${payment.id}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await recordPayment(queryClient, payment.expense_id, { id: payment.id, actual_amount: amount, paid_on: paidOn });
      toast.show({ message: 'Payment recorded' });
      onDone();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      const next = Object.keys(fields).length > 0 ? fields : { actual_amount: error instanceof Error ? error.message : 'It could not be saved' };
      setErrors(next);
      (next.actual_amount ? amountRef : dateRef).current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="payment-record" onSubmit={submit} aria-label={`Record the payment of ${payment.renewal_date}`}>
      <div className="field">
        <label htmlFor={`${id}-amount`}>Actual amount ({payment.currency})</label>
        <input id={`${id}-amount`} ref={amountRef} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={errors.actual_amount ? true : undefined} aria-describedby={errors.actual_amount ? `${id}-amount-error` : undefined} />
        {errors.actual_amount ? (
          <div id={`${id}-amount-error`} className="field-error">
            {errors.actual_amount}
          </div>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-date`}>Paid on</label>
        <input id={`${id}-date`} ref={dateRef} type="date" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} aria-invalid={errors.paid_on ? true : undefined} aria-describedby={errors.paid_on ? `${id}-date-error` : undefined} />
        {errors.paid_on ? (
          <div id={`${id}-date-error`} className="field-error">
            {errors.paid_on}
          </div>
        ) : null}
      </div>
      <div className="payment-record-actions">
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save payment'}
        </button>
      </div>
    </form>
  );
}

function PaymentRow({ payment, editable }: { payment: Payment; editable: boolean }) {
  const f = useFormatters();
  const [recording, setRecording] = useState(false);
  const differs = payment.difference !== 0;
  return (
    <li className="payment-row" data-testid="payment-row">
      <div className="payment-line">
        <span>
          <time dateTime={payment.renewal_date}>{f.date(payment.renewal_date)}</time>
          {payment.paid_on !== payment.renewal_date ? <span className="muted"> · paid {f.date(payment.paid_on)}</span> : null}
        </span>
        <span className="num">
          {f.money(payment.actual_amount, payment.currency)}
          {differs ? (
            <span className={payment.difference > 0 ? 'payment-diff up' : 'payment-diff down'}>
              {' '}
              ({payment.difference > 0 ? '+' : '−'}
              {f.money(Math.abs(payment.difference), payment.currency)} vs {f.money(payment.expected_amount, payment.currency)} expected)
            </span>
          ) : (
            <span className="muted"> {payment.recorded ? 'as expected' : 'expected'}</span>
          )}
        </span>
        {editable && !recording ? (
          <button type="button" className="btn btn-ghost" onClick={() => setRecording(true)}>
            Record
          </button>
        ) : null}
      </div>
      {recording ? <RecordForm payment={payment} onDone={() => setRecording(false)} /> : null}
    </li>
  );
}

function changeText(c: PriceChange, money: (amount: number, currency: string) => string): string {
  const parts: string[] = [];
  if (c.amount_before !== c.amount_after || c.currency_before !== c.currency_after) parts.push(`${money(c.amount_before, c.currency_before)} → ${money(c.amount_after, c.currency_after)}`);
  if (c.seats_before !== c.seats_after) parts.push(`${c.seats_before ?? 'no'} → ${c.seats_after ?? 'no'} seats`);
  const cycle = (b: PriceChange['billing_cycle_before']) => (b.every === 1 ? `${b.unit}ly`.replace('dayly', 'daily') : `every ${b.every} ${b.unit}s`);
  if (c.billing_cycle_before.unit !== c.billing_cycle_after.unit || c.billing_cycle_before.every !== c.billing_cycle_after.every) parts.push(`${cycle(c.billing_cycle_before)} → ${cycle(c.billing_cycle_after)}`);
  return parts.join(', ');
}

export function PaymentsSection({ expense, editable }: { expense: Expense; editable: boolean }) {
  const f = useFormatters();
  const payments = usePayments(expense.id);
  const prices = usePriceHistory(expense.id);
  return (
    <div className="payments-section">
      <section aria-labelledby="payments-heading">
        <h3 id="payments-heading">Payments</h3>
        {payments.isPending ? (
          <Skeleton className="field-skeleton" />
        ) : payments.error ? (
          <p role="alert">Payments could not be loaded: {payments.error.message}</p>
        ) : payments.data.length === 0 ? (
          <p className="muted">No payments yet — each renewal that passes is listed here with what it cost, so you can record a different charge.</p>
        ) : (
          <ul className="payment-list">
            {payments.data.map((p) => (
              <PaymentRow key={p.id} payment={p} editable={editable} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="prices-heading">
        <h3 id="prices-heading">Price history</h3>
        {prices.isPending ? (
          <Skeleton className="field-skeleton" />
        ) : prices.error ? (
          <p role="alert">Price history could not be loaded: {prices.error.message}</p>
        ) : prices.data.length === 0 ? (
          <p className="muted">No price changes yet — a new amount, seats or billing cycle is listed here from the day it applies.</p>
        ) : (
          <ul className="price-list">
            {prices.data.map((c) => (
              <li key={c.id} data-testid="price-change">
                <time dateTime={c.effective_on}>{f.date(c.effective_on)}</time>: {changeText(c, f.money)}
                <span className="muted"> · {c.source === 'downgrade' ? 'downgrade from a review' : 'edited'}{c.user_name ? ` by ${c.user_name}` : ''}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

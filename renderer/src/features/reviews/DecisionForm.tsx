import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { RenewalReview } from '../../../../common/contract/reviews';
import type { ReviewAction } from '../../../../common/domain/renewal-review';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { Icon } from '../../components/icons';
import { TextAreaField } from '../../components/TextAreaField';
import { useToast } from '../../components/Toast';
import { useFormSubmit } from '../../components/use-form-submit';
import type { Formatters } from '../../lib/format';
import { decideReview } from './queries';

const FIELDS = ['note', 'amount', 'seats', 'follow_up_on'] as const;

const CONFIRM: Record<ReviewAction, string> = {
  keep: 'Keep it',
  downgrade: 'Downgrade at renewal',
  cancel: 'Cancel at renewal',
  negotiate: 'Save negotiation',
};

const DONE: Record<ReviewAction, (renewal: string) => string> = {
  keep: () => 'kept',
  downgrade: (renewal) => `downgrades on ${renewal}`,
  cancel: (renewal) => `ends on ${renewal}, no more reminders`,
  negotiate: () => 'negotiation noted, the review stays open',
};

/** The second click of a decision: what the action needs (a note, a new price, a follow-up date), then confirm. */
export function DecisionForm({ review, action, f, onDone }: { review: RenewalReview; action: ReviewAction; f: Formatters; onDone: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const { formRef, errors, busy, refuse, run } = useFormSubmit(FIELDS);
  const [note, setNote] = useState(review.state === 'negotiating' && action === 'negotiate' ? (review.note ?? '') : '');
  const [amount, setAmount] = useState('');
  const [seats, setSeats] = useState('');
  const [followUp, setFollowUp] = useState(review.follow_up_on ?? '');
  const perSeat = review.seats !== null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (action === 'downgrade' && amount.trim() === '' && seats.trim() === '') {
      refuse({ [perSeat ? 'seats' : 'amount']: perSeat ? 'Give the new number of seats or the new amount' : 'Give the new amount per renewal' });
      return;
    }
    if (seats.trim() !== '' && !/^\d+$/.test(seats.trim())) {
      refuse({ seats: 'Seats must be a whole number' });
      return;
    }
    void run(async () => {
      const entry = await decideReview(queryClient, {
        id: review.expense_id,
        renewal_date: review.renewal_date,
        action,
        note: note.trim() || null,
        ...(action === 'downgrade' && amount.trim() !== '' ? { amount: amount.trim() } : {}),
        ...(action === 'downgrade' && seats.trim() !== '' ? { seats: Number(seats.trim()) } : {}),
        ...(action === 'negotiate' ? { follow_up_on: followUp } : {}),
      });
      const saved = entry.saving > 0 ? ` — saves ${f.money(entry.saving, entry.currency)} over 12 months` : '';
      toast.show({ message: `${review.name}: ${DONE[action](f.date(review.renewal_date))}${saved}` });
      onDone();
    });
  }

  return (
    <form ref={formRef} className="review-form" onSubmit={submit} noValidate aria-label={`${CONFIRM[action]}: ${review.name}`}>
      {action === 'cancel' ? (
        <p className="review-cancel-how">
          Cancel with the vendor by <strong>{f.date(review.last_day)}</strong> (last day to cancel).{' '}
          {review.url ? (
            <a href={review.url} target="_blank" rel="noreferrer noopener">
              Open the cancel page <Icon name="external" size={14} />
            </a>
          ) : (
            'No cancel link saved for this subscription.'
          )}{' '}
          It stays active until {f.date(review.renewal_date)}, then ends; its reminders stop now.
        </p>
      ) : null}
      {action === 'downgrade' ? (
        <div className="review-form-row">
          <Field
            label={`New amount (${review.currency})`}
            name="amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            error={errors.fields.amount}
            hint={`Now ${f.money(review.amount, review.currency)}; from ${f.date(review.renewal_date)}`}
          />
          {perSeat ? (
            <Field label="Seats" name="seats" inputMode="numeric" value={seats} onChange={(e) => setSeats(e.target.value)} error={errors.fields.seats} hint={`Now ${review.seats} seats`} />
          ) : null}
        </div>
      ) : null}
      {action === 'negotiate' ? (
        <Field label="Follow up on" name="follow_up_on" type="date" value={followUp} max={review.last_day} onChange={(e) => setFollowUp(e.target.value)} error={errors.fields.follow_up_on} />
      ) : null}
      <TextAreaField
        label={action === 'negotiate' ? 'What are you negotiating?' : 'Note (optional)'}
        name="note"
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={errors.fields.note}
        placeholder={action === 'keep' ? 'Still used by 12 people' : ''}
      />
      <FormAlert message={errors.message} />
      <div className="review-form-actions">
        <button type="submit" className={action === 'cancel' ? 'btn btn-danger-solid' : 'btn btn-primary'} disabled={busy}>
          {CONFIRM[action]}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          Back
        </button>
      </div>
    </form>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { RenewalReview, ReviewLogEntry } from '../../../../common/contract/reviews';
import type { ReviewAction } from '../../../../common/domain/renewal-review';
import { Avatar } from '../../components/Avatar';
import { Chip } from '../../components/Chip';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { Skeleton } from '../../components/Skeleton';
import { useToast } from '../../components/Toast';
import { amountWithCycle, type Formatters } from '../../lib/format';
import { useFormatters } from '../../lib/use-formatters';
import { daysLeftTone } from '../dashboard/days-left';
import { useAccess } from '../team/access';
import { DecisionForm } from './DecisionForm';
import { ThresholdForm } from './ThresholdForm';
import { reopenReview, useReviewLog, useReviews } from './queries';
import { LOG_WORDS } from './review-words';
import './reviews.css';

const ACTIONS: { action: ReviewAction; label: string }[] = [
  { action: 'keep', label: 'Keep' },
  { action: 'downgrade', label: 'Downgrade' },
  { action: 'cancel', label: 'Cancel' },
  { action: 'negotiate', label: 'Negotiate' },
];


/** The Reviews screen: renewals that need a decision, by last day to act, and the log of decisions. */
export function ReviewsScreen() {
  const f = useFormatters();
  const access = useAccess();
  const reviews = useReviews();
  const log = useReviewLog();

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Reviews</h1>
          <p>
            Renewals that need a decision — keep, downgrade, cancel or negotiate — before their last day to cancel.
            {access.role === 'viewer' ? ' As a viewer you see them; their owners and the admins decide.' : ''}
          </p>
        </div>
      </header>
      {reviews.error ? (
        <LoadError what="The reviews" error={reviews.error} onRetry={() => void reviews.refetch()} />
      ) : !reviews.data ? (
        <Skeleton className="list-skeleton" />
      ) : reviews.data.reviews.length === 0 ? (
        <EmptyState title="Nothing to review right now">
          A renewal comes up here a week before its last day to cancel: every yearly plan, and any renewal of 100 or more in
          your base currency. Give a subscription its notice period so its last day to cancel is right.
        </EmptyState>
      ) : (
        <ul className="review-list" aria-label="Renewals to review">
          {reviews.data.reviews.map((review) => (
            <ReviewCard key={`${review.expense_id}|${review.renewal_date}`} review={review} f={f} base={reviews.data.base_currency} />
          ))}
        </ul>
      )}
      <section className="card review-log" aria-labelledby="review-log-title">
        <h2 id="review-log-title">Decisions</h2>
        {log.data ? <ReviewLog entries={log.data.entries} f={f} /> : log.error ? <LoadError what="The decisions" error={log.error} onRetry={() => void log.refetch()} /> : <Skeleton className="list-skeleton" />}
      </section>
      <ThresholdForm f={f} canChange={access.canAdmin} />
    </>
  );
}

function ReviewCard({ review, f, base }: { review: RenewalReview; f: Formatters; base: string }) {
  const [action, setAction] = useState<ReviewAction | null>(null);
  const yearly = review.yearly_cost_base ?? review.yearly_cost;
  return (
    <li className="card review-card" aria-label={review.name}>
      <div className="review-head">
        <Avatar name={review.name} />
        <div className="review-title">
          <h3>{review.name}</h3>
          <p className="muted">
            Renews {f.date(review.renewal_date)} · {amountWithCycle(f, review.amount, review.currency, review.billing_cycle)} · owner {review.owner_name}
          </p>
        </div>
        <div className="review-figures">
          <span className="num review-yearly" title="Yearly cost">
            {f.money(yearly, review.yearly_cost_base === null ? review.currency : base)}
            <span className="muted"> a year</span>
          </span>
          <Chip tone={daysLeftTone(review.days_left)} title={`Last day to cancel: ${f.date(review.last_day)}`}>
            {review.days_left === 0 ? 'Last day today' : `Last day ${f.date(review.last_day)} · ${f.relativeDays(review.days_left)}`}
          </Chip>
        </div>
      </div>
      {review.state === 'negotiating' ? (
        <p className="review-negotiation">
          Negotiating: {review.note}
          {review.follow_up_on ? ` — follow up ${f.date(review.follow_up_on)}` : ''}
        </p>
      ) : null}
      {review.can_decide ? (
        action === null ? (
          <div className="review-actions" role="group" aria-label={`Decide ${review.name}`}>
            {ACTIONS.map((a) => (
              <button key={a.action} type="button" className={a.action === 'cancel' ? 'btn btn-danger' : 'btn'} onClick={() => setAction(a.action)}>
                {a.label}
              </button>
            ))}
          </div>
        ) : (
          <DecisionForm review={review} action={action} f={f} onDone={() => setAction(null)} />
        )
      ) : (
        <p className="muted review-who">Its owner ({review.owner_name}) or an admin decides.</p>
      )}
    </li>
  );
}

function ReviewLog({ entries, f }: { entries: ReviewLogEntry[]; f: Formatters }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const access = useAccess();
  if (entries.length === 0) return <p className="muted">No decisions yet. Each one is kept here: who, when, what, why and what it saved.</p>;
  async function reopen(entry: ReviewLogEntry) {
    try {
      await reopenReview(queryClient, { id: entry.expense_id, renewal_date: entry.renewal_date });
      toast.show({ message: `${entry.name}: review reopened` });
    } catch (error) {
      toast.show({ tone: 'error', message: error instanceof Error ? error.message : 'Could not reopen the review' });
    }
  }
  return (
    <ul className="review-entries">
      {entries.map((e) => (
        <li key={e.id} className="review-entry" data-current={e.current || undefined}>
          <div>
            <strong>{e.name}</strong> — {LOG_WORDS[e.action]}
            {e.action === 'downgrade' ? ` from ${f.money(e.amount_before, e.currency)} to ${f.money(e.amount_after, e.currency)}` : ''}
            {e.saving > 0 ? <span className="review-saving"> · saves {f.money(e.saving, e.currency)}</span> : null}
            {!e.current && (e.action === 'cancel' || e.action === 'downgrade' || e.action === 'keep') ? <span className="muted"> (reopened)</span> : null}
            <div className="muted review-entry-meta">
              {e.user_name ?? 'Spend Manager'} · {f.dateTime(e.created_at)} · renewal of {f.date(e.renewal_date)}
              {e.note ? ` · “${e.note}”` : ''}
            </div>
          </div>
          {e.current && !e.applied && (e.action === 'cancel' || e.action === 'downgrade' || e.action === 'keep') && access.canAdd ? (
            <button type="button" className="btn btn-sm" onClick={() => void reopen(e)}>
              Reopen
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

import type { ReviewsSummary } from '../../../../common/contract/reviews';
import type { Formatters } from '../../lib/format';
import { LOG_WORDS } from './review-words';
import { useReviewsSummary } from './queries';
import './reviews.css';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The dashboard's line on renewal reviews: what is up for a decision, and what decisions saved this year. */
export function ReviewsStrip({ f }: { f: Formatters }) {
  const { data } = useReviewsSummary();
  if (!data || (data.due_count === 0 && data.decisions.length === 0)) return null;
  return (
    <div className="reviews-strip">
      <section className="card reviews-due" aria-labelledby="reviews-due-title">
        <h2 id="reviews-due-title" className="kpi-label">
          Renewal reviews
        </h2>
        {data.due_count > 0 ? (
          <a href="#/reviews" className="reviews-due-link" data-testid="reviews-due">
            {plural(data.due_count, 'renewal')} to review, {f.money(data.yearly_at_stake, data.base_currency)} a year at stake
          </a>
        ) : (
          <p className="muted">Nothing to review right now.</p>
        )}
      </section>
      <SavedThisYear data={data} f={f} />
    </div>
  );
}

function SavedThisYear({ data, f }: { data: ReviewsSummary; f: Formatters }) {
  return (
    <section className="card reviews-saved" aria-labelledby="reviews-saved-title" data-testid="reviews-saved">
      <h2 id="reviews-saved-title" className="kpi-label">
        Saved by decisions in {data.year}
      </h2>
      <div className="kpi-value num">{f.money(data.saved_this_year, data.base_currency)}</div>
      {data.decisions.length > 0 ? (
        <details>
          <summary>{plural(data.decisions.length, 'decision')} behind it</summary>
          <ul className="reviews-saved-list">
            {data.decisions.map((d) => (
              <li key={d.id}>
                {d.name}: {LOG_WORDS[d.action].toLowerCase()} on {f.dayOf(d.created_at)} — {f.money(d.saving_base ?? d.saving, d.saving_base === null ? d.currency : data.base_currency)} over 12 months
              </li>
            ))}
          </ul>
        </details>
      ) : (
        <p className="kpi-detail">Cancel or downgrade a renewal under review and its saving counts here.</p>
      )}
    </section>
  );
}

import { useId } from 'react';
import type { DashboardStats } from '../../../../common/contract';
import { Avatar } from '../../components/Avatar';
import { Chip } from '../../components/Chip';
import type { Formatters } from '../../lib/format';
import { daysLeftTone } from './days-left';

type Renewal = DashboardStats['upcoming_renewals'][number];
const SHOWN = 8;

/** Renewals in the next 30 days, soonest first; each row opens the subscription. */
export function UpcomingRenewals({ renewals, f }: { renewals: Renewal[]; f: Formatters }) {
  const titleId = useId();
  const shown = renewals.slice(0, SHOWN);
  return (
    <section className="card list-card" aria-labelledby={titleId}>
      <header className="chart-head">
        <h2 id={titleId}>Upcoming renewals</h2>
        <span className="muted">next 30 days</span>
      </header>
      {shown.length === 0 ? (
        <p className="muted list-empty">Nothing renews in the next 30 days.</p>
      ) : (
        <ul className="row-list">
          {shown.map((r) => (
            <li key={r.id}>
              <a className="row-link" href={`#/subscriptions/${r.id}`} data-testid="upcoming-renewal">
                <Avatar name={r.name} />
                <span className="row-main">
                  <span className="row-title">{r.name}</span>
                  <span className="row-sub">
                    {f.date(r.renewal_date)}
                    {r.occurrences > 1 ? <span className="occurrences"> · ×{r.occurrences} in 30 days</span> : null}
                  </span>
                </span>
                <span className="row-amount num">{f.money(r.amount, r.currency)}</span>
                <Chip tone={daysLeftTone(r.days_left)}>{f.relativeDays(r.days_left)}</Chip>
              </a>
            </li>
          ))}
        </ul>
      )}
      {renewals.length > SHOWN ? (
        <p className="list-more muted">
          and {renewals.length - SHOWN} more in the next 30 days · <a href="#/subscriptions">See all subscriptions</a>
        </p>
      ) : null}
    </section>
  );
}

import { useId } from 'react';
import type { Expense } from '../../../../common/contract';
import { Avatar } from '../../components/Avatar';
import { amountWithCycle, type Formatters } from '../../lib/format';

/** The latest additions, newest first; each row opens the subscription. */
export function RecentlyAdded({ expenses, f }: { expenses: Expense[]; f: Formatters }) {
  const titleId = useId();
  return (
    <section className="card list-card" aria-labelledby={titleId}>
      <header className="chart-head">
        <h2 id={titleId}>Recently added</h2>
      </header>
      <ul className="row-list">
        {expenses.map((e) => (
          <li key={e.id}>
            <a className="row-link" href={`#/subscriptions/${e.id}`}>
              <Avatar name={e.name} />
              <span className="row-main">
                <span className="row-title">{e.name}</span>
                <span className="row-sub">
                  {e.category} · added {f.dayOf(e.created_at)}
                </span>
              </span>
              <span className="row-amount num">{amountWithCycle(f, e.amount, e.currency, e.billing_cycle)}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

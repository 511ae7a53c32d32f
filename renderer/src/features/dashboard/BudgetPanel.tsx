import type { BudgetStatus } from '../../../../common/contract';
import type { Formatters } from '../../lib/format';

// Budgets against this month's spend (monthly equivalents, as the Monthly spend card counts): one line each, in words,
// so "Design $620 / $500 — $120 over" reads the same to everyone. No chart library: it renders with the cards.

export function BudgetPanel({ status, f }: { status: BudgetStatus; f: Formatters }) {
  const base = status.base_currency;
  if (status.budgets.length === 0) return null;
  return (
    <section className="card list-card budget-panel" aria-labelledby="budget-panel-title" data-testid="budget-panel">
      <div className="chart-head">
        <h2 id="budget-panel-title">Budgets</h2>
        <span className="muted">a month</span>
      </div>
      <ul className="budget-list">
        {status.budgets.map((b) => {
          const over = b.over_by !== null && b.over_by > 0;
          const share = b.amount_base ? Math.min(100, (b.spend / b.amount_base) * 100) : 0;
          return (
            <li key={b.id} className={over ? 'budget-row budget-over' : 'budget-row'} data-testid="budget-row">
              <div className="budget-line">
                <span className="budget-label">{b.scope === 'workspace' ? 'Whole workspace' : b.scope === 'cost_centre' ? `${b.label} (cost centre)` : b.label}</span>
                <span className="num">
                  {f.money(b.spend, base)} / {b.amount_base === null ? f.money(b.amount, b.currency) : f.money(b.amount_base, base)}
                  {b.over_by === null ? <span className="no-rate"> — no rate for {b.currency}</span> : over ? <strong className="budget-over-by"> — {f.money(b.over_by, base)} over</strong> : null}
                </span>
              </div>
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill" style={{ width: `${share}%` }} />
              </span>
            </li>
          );
        })}
      </ul>
      {status.notes.map((note) => (
        <p key={note} className="muted budget-note">
          {note}
        </p>
      ))}
    </section>
  );
}

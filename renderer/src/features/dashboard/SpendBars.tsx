import type { Formatters } from '../../lib/format';

// Monthly spend split one way (by cost centre, by owner) as a compact bar list: each row says its
// numbers in words, so the bars are decoration and screen readers read the same table.

export interface SpendBar {
  key: string;
  label: string;
  /** null: none of its plans has an exchange rate ("not converted", never 0). */
  monthly_total: number | null;
  count: number;
  unconverted_count: number;
}

interface SpendBarsProps {
  title: string;
  bars: SpendBar[];
  baseCurrency: string;
  f: Formatters;
  testId: string;
}

export function SpendBars({ title, bars, baseCurrency, f, testId }: SpendBarsProps) {
  const largest = Math.max(0, ...bars.map((b) => b.monthly_total ?? 0));
  return (
    <section className="card list-card spend-bars" aria-label={title} data-testid={testId}>
      <div className="chart-head">
        <h2>{title}</h2>
        <span className="muted">a month</span>
      </div>
      <table className="bar-list">
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.key}>
              <th scope="row">
                <span className="bar-label">{bar.label}</span>
                <span className="bar-track" aria-hidden="true">
                  <span className="bar-fill" style={{ width: `${largest > 0 && bar.monthly_total ? Math.max(2, (bar.monthly_total / largest) * 100) : 0}%` }} />
                </span>
              </th>
              <td className="num">
                {bar.monthly_total === null ? <span className="no-rate">not converted</span> : f.money(bar.monthly_total, baseCurrency)}
                <span className="bar-count">
                  {bar.count} {bar.count === 1 ? 'plan' : 'plans'}
                  {bar.unconverted_count > 0 && bar.monthly_total !== null ? `, ${bar.unconverted_count} without a rate` : ''}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

import { useId } from 'react';
import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import type { DashboardStats } from '../../../../common/contract';
import type { Formatters } from '../../lib/format';
import { ChartTooltip } from './ChartTooltip';
import { sumMajor } from './sum-money';

type Slice = DashboardStats['category_breakdown'][number];

const PALETTE = 10;
const fillClass = (index: number) => `chart-fill-${(index % PALETTE) + 1}`;

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '0%';
}

/** Monthly spend by category: a donut with its total in the middle and a legend table that is also its text alternative. */
export function CategoryDonut({ breakdown, currency, f }: { breakdown: Slice[]; currency: string; f: Formatters }) {
  const titleId = useId();
  const total = sumMajor(
    breakdown.map((s) => s.monthly_total),
    currency,
  );
  return (
    <section className="card chart-card" aria-labelledby={titleId}>
      <header className="chart-head">
        <h2 id={titleId}>Spend by category</h2>
        <span className="muted">per month</span>
      </header>
      {breakdown.length === 0 ? (
        <p className="chart-empty muted">Nothing active yet: categories appear here once a subscription is active or in trial.</p>
      ) : (
        <div className="donut-layout">
          <div className="donut-chart" aria-hidden="true">
            <ResponsiveContainer width="100%" height="100%">
              <PieChart accessibilityLayer={false}>
                <Pie
                  data={breakdown}
                  dataKey="monthly_total"
                  nameKey="category"
                  innerRadius="68%"
                  outerRadius="100%"
                  paddingAngle={breakdown.length > 1 ? 1.5 : 0}
                  isAnimationActive={false}
                  stroke="none"
                >
                  {breakdown.map((slice, index) => (
                    <Cell key={slice.category} className={fillClass(index)} />
                  ))}
                </Pie>
                <Tooltip
                  isAnimationActive={false}
                  content={({ active, payload }) => {
                    const slice = payload?.[0]?.payload as Slice | undefined;
                    return (
                      <ChartTooltip
                        active={active}
                        title={slice?.category}
                        value={slice ? `${f.money(slice.monthly_total, currency)} / month` : undefined}
                        detail={slice ? `${slice.count} subscription${slice.count === 1 ? '' : 's'} · ${percent(slice.monthly_total, total)}` : undefined}
                      />
                    );
                  }}
                />
              </PieChart>
            </ResponsiveContainer>
            <div className="donut-center">
              <span className="donut-total num">{f.money(total, currency)}</span>
              <span className="donut-caption">a month</span>
            </div>
          </div>
          <table className="donut-legend">
            <caption className="visually-hidden">Monthly spend by category</caption>
            <thead className="visually-hidden">
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Monthly</th>
                <th scope="col">Share</th>
                <th scope="col">Subscriptions</th>
              </tr>
            </thead>
            <tbody>
              {breakdown.map((slice, index) => (
                <tr key={slice.category}>
                  <th scope="row">
                    <span className={`legend-swatch ${fillClass(index)}`} aria-hidden="true" />
                    {slice.category}
                  </th>
                  <td className="num">{f.money(slice.monthly_total, currency)}</td>
                  <td className="num muted">{percent(slice.monthly_total, total)}</td>
                  <td className="visually-hidden">{slice.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import { useId } from 'react';
import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import type { DashboardStats } from '../../../../common/contract';
import type { Formatters } from '../../lib/format';
import { ChartTooltip } from './ChartTooltip';

type Slice = DashboardStats['category_breakdown'][number];

const PALETTE = 10;
const fillClass = (index: number) => `chart-fill-${(index % PALETTE) + 1}`;

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '0%';
}

type Converted = Slice & { monthly_total: number };
const isConverted = (s: Slice): s is Converted => s.monthly_total !== null;

/**
 * Monthly spend by category: a donut with its total in the middle and a legend table that is also its
 * text alternative. The centre is the server's monthly spend (summed exactly, rounded once), never a
 * sum of the rounded slices, so it always equals the Monthly spend card.
 */
export function CategoryDonut({ breakdown, total, currency, f }: { breakdown: Slice[]; total: number; currency: string; f: Formatters }) {
  const titleId = useId();
  const slices = breakdown.filter(isConverted);
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
                  data={slices}
                  dataKey="monthly_total"
                  nameKey="category"
                  innerRadius="68%"
                  outerRadius="100%"
                  paddingAngle={slices.length > 1 ? 1.5 : 0}
                  isAnimationActive={false}
                  stroke="none"
                >
                  {slices.map((slice) => (
                    <Cell key={slice.category} className={fillClass(breakdown.indexOf(slice))} />
                  ))}
                </Pie>
                <Tooltip
                  isAnimationActive={false}
                  content={({ active, payload }) => {
                    const slice = payload?.[0]?.payload as Converted | undefined;
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
                  {slice.monthly_total === null ? (
                    <td className="num muted not-converted" colSpan={2} title={`No exchange rate to ${currency} for these subscriptions yet`}>
                      not converted
                    </td>
                  ) : (
                    <>
                      <td className="num">{f.money(slice.monthly_total, currency)}</td>
                      <td className="num muted">{percent(slice.monthly_total, total)}</td>
                    </>
                  )}
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

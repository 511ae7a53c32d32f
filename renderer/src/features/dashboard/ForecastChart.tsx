import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardStats } from '../../../../common/contract';
import type { Formatters } from '../../lib/format';
import { ChartTooltip } from './ChartTooltip';

type Month = DashboardStats['forecast'][number];
interface TickProps {
  x: number | string;
  y: number | string;
  className?: string | undefined;
  payload: { value: string; index: number };
}

/** Cash out per month for the next 12 months as bars; a visually hidden table carries the same numbers. */
export function ForecastChart({ forecast, currency, f }: { forecast: Month[]; currency: string; f: Formatters }) {
  const titleId = useId();
  const data = forecast.map((m, index) => ({
    ...m,
    label: f.month(m.month),
    // The year goes under the first bar and under every January, so "Jan" is never ambiguous.
    year: index === 0 || m.month.slice(5, 7) === '01' ? m.month.slice(0, 4) : '',
  }));
  return (
    <section className="card chart-card" aria-labelledby={titleId}>
      <header className="chart-head">
        <h2 id={titleId}>Next 12 months</h2>
        <span className="muted">cash out by month</span>
      </header>
      <div className="forecast-chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 4, bottom: 0, left: 4 }}>
            <CartesianGrid vertical={false} />
            <XAxis
              dataKey="label"
              interval={0}
              tickLine={false}
              axisLine={false}
              height={40}
              tick={({ x, y, payload, className }: TickProps) => (
                <text x={x} y={y} dy={14} textAnchor="middle" className={className}>
                  <tspan x={x}>{payload.value}</tspan>
                  {data[payload.index]?.year ? (
                    <tspan x={x} dy={14} className="tick-year">
                      {data[payload.index]!.year}
                    </tspan>
                  ) : null}
                </text>
              )}
            />
            <YAxis tickFormatter={(v: number) => f.moneyCompact(v, currency)} tickLine={false} axisLine={false} tick={{ fontSize: 12 }} width={64} />
            <Tooltip
              isAnimationActive={false}
              content={({ active, payload }) => {
                const month = payload?.[0]?.payload as Month | undefined;
                return <ChartTooltip active={active} title={month ? f.month(month.month, 'long') : undefined} value={month ? f.money(month.total, currency) : undefined} />;
              }}
            />
            <Bar dataKey="total" className="forecast-bar" radius={[4, 4, 0, 0]} isAnimationActive={false} maxBarSize={36} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="visually-hidden">
        <caption>Cash out by month, next 12 months</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Amount</th>
          </tr>
        </thead>
        <tbody>
          {forecast.map((m) => (
            <tr key={m.month}>
              <th scope="row">{f.month(m.month, 'long')}</th>
              <td>{f.money(m.total, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardStats } from '../../../../common/contract';
import type { Formatters } from '../../lib/format';
import { ChartTooltip } from './ChartTooltip';

type Month = DashboardStats['forecast'][number];

interface MonthBarsProps {
  months: Month[];
  currency: string;
  f: Formatters;
  title: string;
  subtitle: string;
  /** The hidden table's caption: what the numbers are, for screen readers. */
  caption: string;
  /** The chart box's class (its height and colours in dashboard.css). */
  className: string;
}
interface TickProps {
  x: number | string;
  y: number | string;
  className?: string | undefined;
  payload: { value: string; index: number };
}

/** An amount per calendar month as bars (the forecast, the last 12 months); a visually hidden table carries the same numbers. */
export function MonthBarsChart({ months, currency, f, title, subtitle, caption, className }: MonthBarsProps) {
  const titleId = useId();
  const data = months.map((m, index) => ({
    ...m,
    label: f.month(m.month),
    // The year goes under the first bar and under every January, so "Jan" is never ambiguous.
    year: index === 0 || m.month.slice(5, 7) === '01' ? m.month.slice(0, 4) : '',
  }));
  return (
    <section className="card chart-card" aria-labelledby={titleId}>
      <header className="chart-head">
        <h2 id={titleId}>{title}</h2>
        <span className="muted">{subtitle}</span>
      </header>
      <div className={`month-bars ${className}`} aria-hidden="true">
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
            <Bar dataKey="total" className="month-bar" radius={[4, 4, 0, 0]} isAnimationActive={false} maxBarSize={36} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="visually-hidden">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Amount</th>
          </tr>
        </thead>
        <tbody>
          {months.map((m) => (
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

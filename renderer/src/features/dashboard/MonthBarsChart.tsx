import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
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
  /** The workspace budget to draw against the months, if any. */
  budget?: MonthBudget | null;
}
interface TickProps {
  x: number | string;
  y: number | string;
  className?: string | undefined;
  payload: { value: string; index: number };
}

/** The workspace's monthly budget in the base currency, and what each month charges beyond it. */
export interface MonthBudget {
  monthly: number;
  overBy: ReadonlyMap<string, number>;
}

/**
 * An amount per calendar month as bars (the forecast, the last 12 months); a visually hidden table carries the same
 * numbers. With a budget (the forecast's), a line marks it and the months that go over it are highlighted (and said so).
 */
export function MonthBarsChart({ months, currency, f, title, subtitle, caption, className, budget }: MonthBarsProps) {
  const titleId = useId();
  const overMonths = budget ? months.filter((m) => (budget.overBy.get(m.month) ?? 0) > 0) : [];
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
      {budget ? (
        <p className="forecast-budget" data-testid="forecast-budget">
          <span className="forecast-budget-key" aria-hidden="true" />
          Budget {f.money(budget.monthly, currency)} a month ·{' '}
          {overMonths.length === 0 ? 'no month goes over' : `over in ${overMonths.map((m) => f.month(m.month)).join(', ')}`}
          {/* The amounts for screen readers here, not in the hidden table: a table is never narrower than its text, and a wider one widened the page at 360 px. */}
          {overMonths.length > 0 ? <span className="visually-hidden"> ({overMonths.map((m) => `${f.month(m.month, 'long')}: ${f.money(budget!.overBy.get(m.month)!, currency)} over`).join('; ')})</span> : null}
        </p>
      ) : null}
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
                const over = month ? (budget?.overBy.get(month.month) ?? 0) : 0;
                const value = month ? `${f.money(month.total, currency)}${over > 0 ? ` · ${f.money(over, currency)} over budget` : ''}` : undefined;
                return <ChartTooltip active={active} title={month ? f.month(month.month, 'long') : undefined} value={value} />;
              }}
            />
            <Bar dataKey="total" className="month-bar" radius={[4, 4, 0, 0]} isAnimationActive={false} maxBarSize={36}>
              {data.map((m) => (
                <Cell key={m.month} className={(budget?.overBy.get(m.month) ?? 0) > 0 ? 'month-bar forecast-bar-over' : 'month-bar'} />
              ))}
            </Bar>
            {budget ? <ReferenceLine y={budget.monthly} className="forecast-budget-line" strokeDasharray="4 4" ifOverflow="extendDomain" /> : null}
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

import { useId } from 'react';
import type { DashboardStats } from '../../../../common/contract';
import type { Formatters } from '../../lib/format';
import { CategoryDonut } from './CategoryDonut';
import { type MonthBudget, MonthBarsChart } from './MonthBarsChart';

/**
 * The dashboard's charts: recharts and all it brings, in a chunk of their own that the KPI cards never wait for.
 * What was paid over the last 12 months sits beside what the next 12 will cost.
 */
export function DashboardCharts({ data, f, budget }: { data: DashboardStats; f: Formatters; budget?: MonthBudget | null }) {
  const left = data.actual_unconverted;
  return (
    <>
      <CategoryDonut breakdown={data.category_breakdown} total={data.monthly_spend} currency={data.base_currency} f={f} />
      {data.actual_spend.every((m) => m.total === 0) && left === 0 ? (
        <NothingPaidYet />
      ) : (
        <MonthBarsChart
          months={data.actual_spend}
          currency={data.base_currency}
          f={f}
          title="Last 12 months"
          subtitle={left > 0 ? `actually paid · ${left} payment${left === 1 ? '' : 's'} without a rate left out` : 'actually paid by month'}
          caption="Actually paid by month, last 12 months"
          className="actual-chart"
        />
      )}
      <MonthBarsChart
        months={data.forecast}
        currency={data.base_currency}
        f={f}
        title="Next 12 months"
        subtitle="cash out by month"
        caption="Cash out by month, next 12 months"
        className="forecast-chart"
        budget={budget ?? null}
      />
    </>
  );
}

/** Before any renewal has passed there is nothing to chart: a flat row of zeros on a $0–$4 axis says less than this. */
function NothingPaidYet() {
  const titleId = useId();
  return (
    <section className="card chart-card" aria-labelledby={titleId}>
      <header className="chart-head">
        <h2 id={titleId}>Last 12 months</h2>
        <span className="muted">actually paid by month</span>
      </header>
      <p className="muted actual-empty">Nothing paid in the last 12 months yet: each renewal that passes is recorded here, at the price charged.</p>
    </section>
  );
}

import type { DashboardStats } from '../../../../common/contract';
import type { Formatters } from '../../lib/format';
import { CategoryDonut } from './CategoryDonut';
import { type ForecastBudget, ForecastChart } from './ForecastChart';

/** The dashboard's two charts: recharts and all it brings, in a chunk of their own that the KPI cards never wait for. */
export function DashboardCharts({ data, f, budget }: { data: DashboardStats; f: Formatters; budget?: ForecastBudget | null }) {
  return (
    <>
      <CategoryDonut breakdown={data.category_breakdown} total={data.monthly_spend} currency={data.base_currency} f={f} />
      <ForecastChart forecast={data.forecast} currency={data.base_currency} f={f} budget={budget ?? null} />
    </>
  );
}

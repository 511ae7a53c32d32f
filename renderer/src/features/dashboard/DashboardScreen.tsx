import type { QueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import type { BudgetStatus, DashboardStats, Workspace } from '../../../../common/contract';
import { lazyComponent } from '../../app/lazy-component';
import { navigate } from '../../app/router';
import { ChunkErrorBoundary } from '../../app/ScreenBoundary';
import { useSession } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/icons';
import { KpiCard } from '../../components/KpiCard';
import { Skeleton } from '../../components/Skeleton';
import type { Formatters } from '../../lib/format';
import { useFormatters } from '../../lib/use-formatters';
import { useAfterPaint } from '../../lib/use-after-paint';
import { dashboardStatsQuery, useBudgetStatus, useDashboardStats } from './queries';
import { BudgetPanel } from './BudgetPanel';
import type { MonthBudget } from './MonthBarsChart';
import { RecentlyAdded } from './RecentlyAdded';
import { UpcomingRenewals } from './UpcomingRenewals';
import './dashboard.css';
import { LoadError } from '../../components/LoadError';
import { useAccess } from '../team/access';
import { useCurrentWorkspace } from '../team/queries';
import { SpendBars } from './SpendBars';
import { ReviewsStrip } from '../reviews/ReviewsStrip';
import { reviewsSummaryQuery } from '../reviews/queries';

// The charts are a chunk of their own (recharts), fetched once the numbers are on screen: its download and
// evaluation never compete with the request and the render that put the KPI cards up.
const charts = lazyComponent(() => import('./DashboardCharts').then((m) => m.DashboardCharts));

/** Starts what the dashboard shows first, before it renders: its numbers and the renewals to review. */
export function preloadDashboard(queryClient: QueryClient): void {
  void queryClient.prefetchQuery(dashboardStatsQuery);
  void queryClient.prefetchQuery(reviewsSummaryQuery);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function DashboardScreen() {
  const { user } = useSession();
  const f = useFormatters();
  const stats = useDashboardStats();
  const access = useAccess();
  const workspace = useCurrentWorkspace();
  const data = stats.data;
  const total = data ? Object.values(data.counts).reduce((a, b) => a + b, 0) : null;

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Dashboard</h1>
          <p>{workspace?.name ?? user.company_name ?? user.username}</p>
        </div>
        {total && access.canAdd ? (
          <button type="button" className="btn btn-primary" onClick={() => navigate('/subscriptions/new')}>
            <Icon name="plus" size={16} />
            Add subscription
          </button>
        ) : null}
      </header>
      {stats.error ? (
        <LoadError what="The dashboard" error={stats.error} onRetry={() => void stats.refetch()} />
      ) : total === 0 ? (
        <NewAccount canAdd={access.canAdd} />
      ) : (
        <Overview data={data} f={f} workspace={workspace} />
      )}
    </>
  );
}

function NewAccount({ canAdd }: { canAdd: boolean }) {
  return (
    <EmptyState
      title="No subscriptions yet"
      actions={
        canAdd ? (
          <>
            <button type="button" className="btn btn-primary" onClick={() => navigate('/subscriptions/new')}>
              <Icon name="plus" size={16} />
              Add subscription
            </button>
            <a className="btn" href="#/import">
              <Icon name="import" size={16} />
              Import a CSV
            </a>
          </>
        ) : undefined
      }
    >
      {canAdd ? 'Add your first one, or bring them all from a spreadsheet or Wallos — then see where the money goes and what renews next.' : 'Nobody has added one to this workspace yet.'}
    </EmptyState>
  );
}

function Overview({ data, f, workspace }: { data: DashboardStats | undefined; f: Formatters; workspace: Workspace | undefined }) {
  const loading = !data;
  // The charts render once the numbers have been painted, in a pass of their own (which fetches their chunk the
  // first time) that never holds up the cards' paint.
  const chartData = useAfterPaint(data);
  const budgets = useBudgetStatus().data;
  const base = data?.base_currency ?? 'USD';
  // Every total comes from the server, summed exactly and rounded once: the cards and the donut agree.
  const renewals = data?.upcoming_count ?? 0;
  const missingRate = data?.upcoming_unconverted ?? 0;

  return (
    <div className="dashboard">
      <div className="kpi-grid">
        <KpiCard
          label="Monthly spend"
          loading={loading}
          value={f.money(data?.monthly_spend ?? 0, base)}
          detail={data ? `${data.counts.active} active${data.counts.trial ? ` · ${data.counts.trial} in trial` : ''}` : null}
        />
        <KpiCard label="Yearly projection" loading={loading} value={f.money(data?.yearly_projection ?? 0, base)} detail="at today's prices" />
        <KpiCard
          label="Renewing in 30 days"
          loading={loading}
          value={f.money(data?.upcoming_total ?? 0, base)}
          detail={`${plural(renewals, 'renewal')}${missingRate ? ` · ${missingRate} without a rate` : ''}`}
        />
        <KpiCard
          label="Saved by cancelling"
          loading={loading}
          value={`${f.money(data?.savings.monthly ?? 0, base)}`}
          detail={
            data && data.savings.count > 0
              ? `a month · ${f.money(data.savings.yearly, base)} a year from ${plural(data.savings.count, 'cancelled subscription')}`
              : 'a month: cancel what you no longer use'
          }
        />
      </div>

      {data && data.unconverted.length > 0 ? <UnconvertedNotice data={data} f={f} /> : null}

      <ReviewsStrip f={f} />

      <div className="chart-grid">
        {chartData ? (
          <ChunkErrorBoundary label="The charts">
            <Suspense fallback={<ChartSkeletons />}>
              <charts.Component data={chartData} f={f} budget={forecastBudget(budgets)} />
            </Suspense>
          </ChunkErrorBoundary>
        ) : (
          <ChartSkeletons />
        )}
      </div>

      {budgets ? <BudgetPanel status={budgets} f={f} /> : null}

      {data ? <Breakdowns data={data} f={f} company={workspace?.kind === 'company'} /> : null}

      <div className="list-grid">
        {data ? (
          <>
            <UpcomingRenewals renewals={data.upcoming_renewals} f={f} />
            <RecentlyAdded expenses={data.recent_expenses} f={f} />
          </>
        ) : (
          <>
            <Skeleton className="list-skeleton" />
            <Skeleton className="list-skeleton" />
          </>
        )}
      </div>
    </div>
  );
}

/** The workspace budget for the forecast chart: its line and the months over it (none without a workspace budget with a rate). */
function forecastBudget(status: BudgetStatus | undefined): MonthBudget | null {
  const monthly = status?.budgets.find((b) => b.scope === 'workspace')?.amount_base;
  if (monthly === undefined || monthly === null) return null;
  return { monthly, overBy: new Map(status!.forecast.map((m) => [m.month, m.over_by ?? 0])) };
}

/** Spend by cost centre (once any plan has one) and by owner (in a company workspace, or once plans have more than one owner). */
function Breakdowns({ data, f, company }: { data: DashboardStats; f: Formatters; company: boolean }) {
  const centres = data.cost_centre_breakdown.some((c) => c.cost_centre !== null);
  // A personal workspace of one member: everything is theirs, a breakdown by owner would be one bar.
  const owners = company || data.owner_breakdown.length > 1;
  if (!centres && !owners) return null;
  return (
    <div className="list-grid">
      {centres ? (
        <SpendBars
          title="By cost centre"
          testId="cost-centre-breakdown"
          baseCurrency={data.base_currency}
          f={f}
          bars={data.cost_centre_breakdown.map((c) => ({ ...c, key: c.cost_centre === null ? '' : `=${c.cost_centre}`, label: c.cost_centre ?? 'No cost centre' }))}
        />
      ) : null}
      {owners ? (
        <SpendBars
          title="By owner"
          testId="owner-breakdown"
          baseCurrency={data.base_currency}
          f={f}
          bars={data.owner_breakdown.map((o) => ({ ...o, key: String(o.user_id), label: o.owner_name }))}
        />
      ) : null}
    </div>
  );
}

function ChartSkeletons() {
  return (
    <>
      <Skeleton className="chart-skeleton" />
      <Skeleton className="chart-skeleton" />
      <Skeleton className="chart-skeleton" />
    </>
  );
}

function UnconvertedNotice({ data, f }: { data: DashboardStats; f: Formatters }) {
  const parts = data.unconverted.map((u) => `${plural(u.count, 'subscription')} in ${u.currency} (${f.money(u.monthly_total, u.currency)} a month)`);
  return (
    <div className="notice notice-warning" role="note">
      <Icon name="alert" size={18} />
      <p>
        Not counted above: {parts.join(', ')} — there is no exchange rate to {data.base_currency} yet.{' '}
        <a href="#/settings">Add exchange rates in Settings</a>
      </p>
    </div>
  );
}

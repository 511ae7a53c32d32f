import { useQuery } from '@tanstack/react-query';
import type { DashboardStats } from '../../../../common/contract';
import { api } from '../../api/client';
import { navigate } from '../../app/router';
import { hasScreen } from '../../app/screens';
import { useSession } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/icons';
import { KpiCard } from '../../components/KpiCard';
import { Skeleton } from '../../components/Skeleton';
import type { Formatters } from '../../lib/format';
import { queryKeys } from '../../lib/queries';
import { useFormatters } from '../../lib/use-formatters';
import { CategoryDonut } from './CategoryDonut';
import { ForecastChart } from './ForecastChart';
import { RecentlyAdded } from './RecentlyAdded';
import { UpcomingRenewals } from './UpcomingRenewals';
import './dashboard.css';
import { LoadError } from '../../components/LoadError';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function DashboardScreen() {
  const { user } = useSession();
  const f = useFormatters();
  const stats = useQuery({ queryKey: [...queryKeys.dashboard, 'stats'], queryFn: () => api('dashboard.stats', {}) });
  const data = stats.data;
  const total = data ? Object.values(data.counts).reduce((a, b) => a + b, 0) : null;

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Dashboard</h1>
          <p>{user.company_name ?? user.username}</p>
        </div>
        {total ? (
          <button type="button" className="btn btn-primary" onClick={() => navigate('/subscriptions/new')}>
            <Icon name="plus" size={16} />
            Add subscription
          </button>
        ) : null}
      </header>
      {stats.error ? (
        <LoadError what="The dashboard" error={stats.error} onRetry={() => void stats.refetch()} />
      ) : total === 0 ? (
        <NewAccount />
      ) : (
        <Overview data={data} f={f} />
      )}
    </>
  );
}

function NewAccount() {
  const canImport = hasScreen('/import');
  return (
    <EmptyState
      title="No subscriptions yet"
      actions={
        <>
          <button type="button" className="btn btn-primary" onClick={() => navigate('/subscriptions/new')}>
            <Icon name="plus" size={16} />
            Add subscription
          </button>
          {canImport ? (
            <a className="btn" href="#/import">
              <Icon name="import" size={16} />
              Import a CSV
            </a>
          ) : null}
        </>
      }
    >
      {canImport
        ? 'Add your first one, or import a CSV — then see where the money goes and what renews next.'
        : 'Add your first one — then see where the money goes and what renews next.'}
    </EmptyState>
  );
}

function Overview({ data, f }: { data: DashboardStats | undefined; f: Formatters }) {
  const loading = !data;
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

      <div className="chart-grid">
        {data ? (
          <>
            <CategoryDonut breakdown={data.category_breakdown} total={data.monthly_spend} currency={base} f={f} />
            <ForecastChart forecast={data.forecast} currency={base} f={f} />
          </>
        ) : (
          <>
            <Skeleton className="chart-skeleton" />
            <Skeleton className="chart-skeleton" />
          </>
        )}
      </div>

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

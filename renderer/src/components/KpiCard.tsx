import { useId, type ReactNode } from 'react';
import { Skeleton } from './Skeleton';
import './components.css';

interface KpiCardProps {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  loading?: boolean;
}

/** One headline number with its label and a line of context; a region named by its label. */
export function KpiCard({ label, value, detail, loading = false }: KpiCardProps) {
  const id = useId();
  return (
    <section className="card kpi" aria-labelledby={id} aria-busy={loading || undefined}>
      <h2 id={id} className="kpi-label">
        {label}
      </h2>
      {loading ? (
        <>
          <Skeleton className="kpi-value-skeleton" />
          <Skeleton className="kpi-detail-skeleton" />
        </>
      ) : (
        <>
          <div className="kpi-value num">{value}</div>
          {detail ? <div className="kpi-detail">{detail}</div> : null}
        </>
      )}
    </section>
  );
}

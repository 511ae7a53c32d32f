/** Recharts tooltip content: a title and one formatted amount (recharts passes the props). */
export function ChartTooltip({
  active,
  title,
  value,
  detail,
}: {
  active?: boolean | undefined;
  title: string | undefined;
  value: string | undefined;
  detail?: string | undefined;
}) {
  if (!active || title === undefined) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{title}</div>
      <div className="chart-tooltip-value num">{value}</div>
      {detail ? <div className="chart-tooltip-detail">{detail}</div> : null}
    </div>
  );
}

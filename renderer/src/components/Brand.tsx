/** The product mark and name, as in the sidebar and on the sign-in card. */
export function Brand({ className = '' }: { className?: string }) {
  return (
    <div className={`brand ${className}`.trim()}>
      <span className="brand-mark" aria-hidden="true">
        S
      </span>
      Spend Manager
    </div>
  );
}

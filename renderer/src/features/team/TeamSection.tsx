import { useId, type ReactNode } from 'react';

/** One card of the Team screen: a titled section with a line saying what it is for. */
export function TeamSection({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card team-section" aria-labelledby={id}>
      <header className="team-section-head">
        <h2 id={id}>{title}</h2>
        {description ? <p className="muted">{description}</p> : null}
      </header>
      {children}
    </section>
  );
}

import type { ReactNode } from 'react';
import './components.css';

/** What to do when there is nothing yet: a title, one sentence and the buttons that do it. */
export function EmptyState({ title, children, actions }: { title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card empty" aria-label={title}>
      <h2>{title}</h2>
      {children ? <p>{children}</p> : null}
      {actions ? <div className="actions">{actions}</div> : null}
    </section>
  );
}

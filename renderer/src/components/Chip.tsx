import type { ReactNode } from 'react';
import './components.css';

export type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger';

/** A small coloured label (status, category, days left); the tone is also exposed as data-tone. */
export function Chip({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`chip chip-${tone}`} data-tone={tone} title={title}>
      {children}
    </span>
  );
}

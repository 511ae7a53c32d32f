import type { ReactNode } from 'react';
import './components.css';

export type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger';

/**
 * A small coloured label (status, category, days left); the tone is also exposed as data-tone.
 * Too long for its column, it ends in an ellipsis and its title says the whole text.
 */
export function Chip({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  const fullText = title ?? (typeof children === 'string' || typeof children === 'number' ? String(children) : undefined);
  return (
    <span className={`chip chip-${tone}`} data-tone={tone} title={fullText}>
      <span className="chip-text">{children}</span>
    </span>
  );
}

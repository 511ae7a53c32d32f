import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useShortcut } from '../lib/keyboard';
import { Icon } from './icons';
import './components.css';

interface SidePanelProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Sticky bottom bar (Save / Cancel). */
  footer?: ReactNode;
}

/** A non-modal panel sliding in from the right so the list behind stays in view; Esc closes it. */
export function SidePanel({ title, onClose, children, footer }: SidePanelProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useShortcut('Escape', onClose);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // A field with autoFocus may already hold focus; otherwise start at the panel itself.
    if (ref.current && !ref.current.contains(document.activeElement)) ref.current.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  return (
    <div ref={ref} className="side-panel" role="dialog" aria-modal="false" aria-labelledby={titleId} tabIndex={-1}>
      <header className="side-panel-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="btn btn-ghost btn-icon" onClick={onClose} aria-label="Close panel" title="Close (Esc)">
          <Icon name="close" />
        </button>
      </header>
      <div className="side-panel-body">{children}</div>
      {footer ? <footer className="side-panel-foot">{footer}</footer> : null}
    </div>
  );
}

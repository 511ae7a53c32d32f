import { createContext, useCallback, useContext, useEffect, useEffectEvent, useMemo, useRef, useState, type ReactNode } from 'react';
import { Icon } from './icons';
import './components.css';

export interface ToastInput {
  message: string;
  /** e.g. { label: 'Undo', run: restore } — the toast closes once it ran. */
  action?: { label: string; run(): void | Promise<void> };
  /** How long it stays, in ms (default 6000). Hovering or focusing it holds it. */
  duration?: number;
  tone?: 'info' | 'error';
}

interface ToastItem extends ToastInput {
  id: number;
}

interface ToastApi {
  show(toast: ToastInput): number;
  dismiss(id: number): void;
}

const ToastContext = createContext<ToastApi | null>(null);

/** Short messages at the bottom of the window, announced politely, with an optional action (Undo). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback((toast: ToastInput) => {
    const id = nextId.current++;
    setToasts((list) => [...list.slice(-2), { ...toast, id }]);
    return id;
  }, []);
  const value = useMemo(() => ({ show, dismiss }), [show, dismiss]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <Toast key={t.id} toast={t} onDone={() => dismiss(t.id)} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function Toast({ toast, onDone }: { toast: ToastItem; onDone(): void }) {
  const [held, setHeld] = useState(false);
  const [running, setRunning] = useState(false);
  const expire = useEffectEvent(onDone);
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => expire(), toast.duration ?? 6000);
    return () => clearTimeout(timer);
  }, [held, toast.duration]);

  return (
    <div
      className={`toast toast-${toast.tone ?? 'info'}`}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span className="toast-message">{toast.message}</span>
      {toast.action ? (
        <button
          type="button"
          className="toast-action"
          disabled={running}
          onClick={async () => {
            setRunning(true);
            try {
              await toast.action!.run();
            } finally {
              onDone();
            }
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <button type="button" className="btn-icon toast-close" onClick={onDone} aria-label="Dismiss">
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}

export function useToast(): ToastApi {
  const value = useContext(ToastContext);
  if (!value) throw new Error('useToast outside ToastProvider');
  return value;
}

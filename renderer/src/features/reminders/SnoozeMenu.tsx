import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

interface SnoozeMenuProps {
  /** Names the subscription, so "Snooze" buttons in a list are told apart by screen readers. */
  subject: string;
  /** Earliest date that can be picked (tomorrow on the account's calendar). */
  minDate: string;
  /** Latest useful date: the day the reminder is about. */
  maxDate: string;
  busy: boolean;
  onSnooze(choice: { days: number } | { until: string }): Promise<string | null>;
}

/** "Snooze" opens a small popover: 1 day, or until a date (labelled input, Esc closes, focus returns). */
export function SnoozeMenu({ subject, minDate, maxDate, busy, onSnooze }: SnoozeMenuProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [until, setUntil] = useState(minDate);
  const [error, setError] = useState<string | null>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    popoverRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!popoverRef.current?.contains(target) && !triggerRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  function close() {
    setOpen(false);
    setError(null);
    triggerRef.current?.focus();
  }

  async function choose(choice: { days: number } | { until: string }) {
    const problem = await onSnooze(choice);
    if (problem) setError(problem);
    else close();
  }

  function submitDate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) {
      setError('Pick a date to snooze until');
      return;
    }
    if (until < minDate) {
      setError('Snooze until a day after today');
      return;
    }
    void choose({ until });
  }

  return (
    <div className="snooze">
      <button
        ref={triggerRef}
        type="button"
        className="btn btn-sm"
        aria-expanded={open}
        aria-controls={open ? `${id}-popover` : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Snooze<span className="visually-hidden"> the reminder for {subject}</span>
      </button>
      {open ? (
        <div
          ref={popoverRef}
          id={`${id}-popover`}
          className="snooze-popover"
          role="dialog"
          aria-label={`Snooze the reminder for ${subject}`}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              close();
            }
          }}
        >
          <button type="button" className="btn btn-sm btn-block" disabled={busy} onClick={() => void choose({ days: 1 })}>
            For 1 day
          </button>
          <form onSubmit={submitDate} noValidate className="snooze-until">
            <label htmlFor={`${id}-until`}>Or until</label>
            <div className="snooze-until-row">
              <input
                id={`${id}-until`}
                type="date"
                className="input"
                value={until}
                min={minDate}
                max={maxDate >= minDate ? maxDate : undefined}
                onChange={(e) => setUntil(e.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
              />
              <button type="submit" className="btn btn-sm btn-primary" disabled={busy}>
                Snooze
              </button>
            </div>
            {error ? (
              <span id={`${id}-error`} className="field-error" role="alert">
                {error}
              </span>
            ) : null}
          </form>
        </div>
      ) : null}
    </div>
  );
}

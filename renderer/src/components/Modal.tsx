import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { Icon } from './icons';
import './components.css';

interface ModalProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'small' | 'medium';
  role?: 'dialog' | 'alertdialog';
}

/** A modal native <dialog> (focus trap, Esc, backdrop for free); mount it to open, unmount to close. */
export function Modal({ title, onClose, children, footer, size = 'medium', role = 'dialog' }: ModalProps) {
  const titleId = useId();
  const ref = useRef<HTMLDialogElement>(null);

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    // close() makes the browser hand focus back to where it was before the dialog opened.
    return () => dialog.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal modal-${size}`}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="btn btn-ghost btn-icon" onClick={onClose} aria-label="Close dialog">
          <Icon name="close" />
        </button>
      </header>
      <div className="modal-body">{children}</div>
      {footer ? <footer className="modal-foot">{footer}</footer> : null}
    </dialog>
  );
}

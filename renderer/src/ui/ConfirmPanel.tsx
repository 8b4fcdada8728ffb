import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  question: string;
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  busy?: boolean;
  /** Red for what cannot be undone (discard, publish twice); plain otherwise. */
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * The app's "are you sure?": an inline panel under the button that asked, with the confirming
 * button focused so Enter confirms and Tab reaches "keep it".
 */
export function ConfirmPanel({ question, children, confirmLabel, cancelLabel, busy = false, danger = false, onConfirm, onCancel }: Props) {
  const id = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div className={danger ? 'notice notice-error confirm' : 'notice confirm'} role="alertdialog" aria-labelledby={`${id}-q`}>
      <p id={`${id}-q`}>{question}</p>
      {children}
      <p className="actions">
        <button ref={confirmRef} type="button" className={danger ? 'button button-danger' : 'button'} disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="button button-secondary" disabled={busy} onClick={onCancel}>
          {cancelLabel}
        </button>
      </p>
    </div>
  );
}

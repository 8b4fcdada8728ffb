import { useEffect, useRef } from 'react';

export interface ToastContent {
  /** Changes for every new toast, so its timer starts again. */
  id: number;
  message: string;
  action?: { label: string; run: () => void };
  tone?: 'info' | 'error';
  /** Moves focus to the action, when the button the owner pressed has just disappeared. */
  takeFocus?: boolean;
}

const SHOW_FOR_MS = 10_000;

/**
 * A message at the bottom of the window that leaves on its own after ten seconds, with at most
 * one action (such as Undo). The live region is always present so screen readers announce it.
 */
export function ToastRegion({ toast, onClose }: { toast: ToastContent | null; onClose: () => void }) {
  const actionRef = useRef<HTMLButtonElement>(null);
  const toastId = toast?.id;
  const takeFocus = toast?.takeFocus ?? false;

  useEffect(() => {
    if (toastId === undefined) return;
    if (takeFocus) actionRef.current?.focus();
    const timer = setTimeout(onClose, SHOW_FOR_MS);
    return () => clearTimeout(timer);
  }, [toastId, takeFocus, onClose]);

  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast && (
        <div className={toast.tone === 'error' ? 'toast toast-error' : 'toast'}>
          <span>{toast.message}</span>
          {toast.action && (
            <button type="button" className="toast-action" ref={actionRef} onClick={toast.action.run}>
              {toast.action.label}
            </button>
          )}
          <button type="button" className="toast-close" aria-label="Dismiss message" onClick={onClose}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}

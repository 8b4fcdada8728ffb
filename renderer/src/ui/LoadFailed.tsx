/**
 * What every screen shows when its data could not be read: what failed, why, and a way to try
 * again (one wording and one layout app-wide).
 */
export function LoadFailed({ action, message, onRetry }: { action: string; message: string; onRetry: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <p>
        We couldn’t {action}. {message}
      </p>
      <p className="actions">
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      </p>
    </div>
  );
}

import { useSyncExternalStore } from 'react';
import { formatClockTime } from '../format/dates';
import type { DraftSaver } from './draft-saver';

/** A few words beside the title telling the owner whether what they typed is safe. */
export function SaveStatusText({ saver }: { saver: DraftSaver }) {
  const status = useSyncExternalStore(saver.subscribe, saver.getStatus);
  switch (status.kind) {
    case 'idle':
      return <p className="save-status">Saved automatically as you type</p>;
    case 'pending':
    case 'saving':
      return <p className="save-status">Saving…</p>;
    case 'saved':
      return <p className="save-status save-status-ok">Saved {formatClockTime(status.at)}</p>;
    case 'error':
      return <p className="save-status save-status-error">Not saved yet</p>;
  }
}

/** When a save failed: why, that nothing is lost, and a way to try again. */
export function SaveProblem({ saver }: { saver: DraftSaver }) {
  const status = useSyncExternalStore(saver.subscribe, saver.getStatus);
  if (status.kind !== 'error') return null;
  return (
    <div className="notice notice-error" role="alert">
      <p>Your latest changes are not saved yet. {status.message}</p>
      <p>
        {status.retrying
          ? 'It will be saved as soon as AgencyIQ answers again.'
          : 'What you typed is kept on this computer.'}
      </p>
      <p className="actions">
        <button type="button" className="button button-secondary button-small" onClick={() => saver.flush()}>
          Try again now
        </button>
      </p>
    </div>
  );
}

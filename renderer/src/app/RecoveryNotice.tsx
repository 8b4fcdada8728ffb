import { useState } from 'react';
import { hrefFor } from './route';
import type { RecoveryOutcome } from '../compose/recover-journal';

/** Tells the owner that text from before a reload or crash was kept, and where it is. */
export function RecoveryNotice({ outcome }: { outcome: RecoveryOutcome }) {
  const [dismissed, setDismissed] = useState(false);
  if (dismissed || (outcome.restored.length === 0 && outcome.failure === null)) return null;
  const [only] = outcome.restored;
  return (
    <div className={outcome.failure ? 'notice notice-error' : 'notice'} role="status">
      {outcome.restored.length > 0 && (
        <p>
          {outcome.restored.length === 1
            ? 'A draft had changes that were not saved when AgencyIQ last closed. They are saved now.'
            : `${outcome.restored.length} drafts had changes that were not saved when AgencyIQ last closed. They are saved now.`}
        </p>
      )}
      {outcome.failure && (
        <p>
          Some earlier changes could not be saved yet: {outcome.failure} They are kept on this computer and will be saved
          when you open the draft.
        </p>
      )}
      <p className="actions">
        {outcome.restored.length === 1 && only !== undefined && (
          <a className="button" href={hrefFor({ page: 'compose', draftId: only })} onClick={() => setDismissed(true)}>
            Open the draft
          </a>
        )}
        <button type="button" className="button button-secondary" onClick={() => setDismissed(true)}>
          Dismiss
        </button>
      </p>
    </div>
  );
}

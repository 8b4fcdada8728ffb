import { useState } from 'react';
import { updateBanner } from '@shared/updates/describe-update';
import { useUpdateStatus } from './use-update-status';

/**
 * A quiet line at the top of the content when an update needs the owner: never a modal, never
 * takes focus (it is announced politely), and "Later" hides it until it has something new to say.
 */
export function UpdateBanner() {
  const { status, failure, run } = useUpdateStatus();
  const [hiddenKey, setHiddenKey] = useState<string | null>(null);
  const banner = status === null ? null : updateBanner(status);
  if (banner === null || banner.key === hiddenKey) return null;
  return (
    <div className="update-banner" role="status">
      <p className="update-banner-text">{banner.text}</p>
      {banner.progress !== null && <progress max={100} value={banner.progress} aria-label="Download progress" />}
      {failure !== null && <p className="field-error">{failure}</p>}
      <p className="update-banner-actions">
        {banner.action && (
          <button type="button" className="button button-small" onClick={() => run(banner.action!)}>
            {banner.action.label}
          </button>
        )}
        <button type="button" className="button button-secondary button-small" onClick={() => setHiddenKey(banner.key)}>
          {banner.action?.kind === 'restart' || banner.action?.kind === 'download' ? 'Later' : 'Hide'}
        </button>
      </p>
    </div>
  );
}

import { describeUpdateForSettings } from '@shared/updates/describe-update';
import { formatClockTime } from '../format/dates';
import { PreferenceSwitch } from '../settings/PreferenceSwitch';
import { useUpdateStatus } from './use-update-status';

/** Settings → Updates: where the app stands, the one thing to do next, and automatic download. */
export function UpdateSettingsSection() {
  const { status, failure, run } = useUpdateStatus();
  const description = status === null ? null : describeUpdateForSettings(status, formatClockTime);
  return (
    <section className="settings-section" aria-labelledby="settings-updates">
      <h2 id="settings-updates">Updates</h2>
      <div className="update-state">
        {description === null ? (
          <p className="loading">Looking at updates…</p>
        ) : (
          <>
            <p role="status">{description.text}</p>
            {description.progress !== null && (
              <progress max={100} value={description.progress} aria-label="Download progress" />
            )}
            {description.detail !== null && <p className="update-notes">{description.detail}</p>}
          </>
        )}
      </div>
      {description?.action && (
        <p className="actions">
          <button type="button" className="button button-secondary" onClick={() => run(description.action!)}>
            {description.action.label}
          </button>
        </p>
      )}
      {failure !== null && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      <PreferenceSwitch
        name="autoDownloadUpdates"
        label="Download updates automatically"
        help="When this is off, AgencyIQ tells you about a new version and waits for you to choose Download. It never restarts without asking."
      />
    </section>
  );
}

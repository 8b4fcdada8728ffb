import { useEffect, useState } from 'react';
import { call, errorMessage, subscribe } from '../ipc/client';

/** Settings → Notifications: the one switch for published, failed, reconnect and missed posts. */
export function NotificationsSection() {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    call('preferences.get', {})
      .then((preferences) => current && setEnabled(preferences.notificationsEnabled))
      .catch((caught: unknown) => current && setError(errorMessage(caught)));
    const stop = subscribe('preferences.changed', (preferences) => setEnabled(preferences.notificationsEnabled));
    return () => {
      current = false;
      stop();
    };
  }, []);

  const change = async (next: boolean) => {
    setError(null);
    setEnabled(next);
    try {
      setEnabled((await call('preferences.update', { notificationsEnabled: next })).notificationsEnabled);
    } catch (caught) {
      setEnabled(!next);
      setError(`The change was not saved. ${errorMessage(caught)}`);
    }
  };

  return (
    <section className="settings-section" aria-labelledby="settings-notifications">
      <h2 id="settings-notifications">Notifications</h2>
      <label className="check-line">
        <input
          type="checkbox"
          checked={enabled ?? false}
          disabled={enabled === null}
          onChange={(event) => void change(event.target.checked)}
        />
        Tell me when a post is published, fails, is missed, or an account needs reconnecting
      </label>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

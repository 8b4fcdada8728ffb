import { useState } from 'react';
import { useIpcQuery } from '../data/use-ipc-query';
import { dismissFirstRunNotice, firstRunNoticeDismissed, firstRunSentence } from './first-run-notice';

/** The installed app's first-run sentence about starting at login and notifications; closed for good. */
export function FirstRunNotice() {
  const info = useIpcQuery('app.info', {});
  const preferences = useIpcQuery('preferences.get', {});
  const [dismissed, setDismissed] = useState(firstRunNoticeDismissed);
  if (!info.data || !preferences.data) return null;
  const sentence = firstRunSentence(info.data.host, preferences.data, dismissed);
  if (sentence === null) return null;
  return (
    <div className="notice first-run-notice" role="note">
      <p>{sentence}</p>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          dismissFirstRunNotice();
          setDismissed(true);
        }}
      >
        Got it
      </button>
    </div>
  );
}

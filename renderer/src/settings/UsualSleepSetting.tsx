import { useId, useState } from 'react';
import type { UsualSleep } from '@shared/ipc/scheduling-channels';
import { useIpcQuery } from '../data/use-ipc-query';
import { usePreference } from './use-preference';

const SUGGESTED: UsualSleep = { from: '22:00', to: '07:00' };

/**
 * "This computer usually sleeps between … and …": posts due in those hours are marked "likely
 * asleep" in Compose and on the Calendar. Times are the business's, like every time in the app.
 */
export function UsualSleepSetting() {
  const loaded = useIpcQuery('preferences.get', {}).data !== undefined;
  const { value, failure, saving, set } = usePreference('usualSleep');
  const [draft, setDraft] = useState<UsualSleep>(value ?? SUGGESTED);
  const [problem, setProblem] = useState<string | null>(null);
  const helpId = useId();
  const on = value !== null;
  const shown = value ?? draft;

  const change = (next: UsualSleep) => {
    setDraft(next);
    if (next.from === next.to) {
      setProblem('Choose two different times.');
      return;
    }
    setProblem(null);
    if (on) set(next);
  };

  return (
    <div className="setting">
      <label className="setting-switch">
        <input
          type="checkbox"
          checked={on}
          disabled={!loaded}
          aria-busy={saving}
          aria-describedby={helpId}
          onChange={(event) => set(event.target.checked && shown.from !== shown.to ? shown : null)}
        />
        This computer usually sleeps
      </label>
      {/* Shown once it is on: disabled fields looked like settings in force. */}
      {on && (
        <p className="setting-times">
          <label>
            Asleep from{' '}
            <input type="time" value={shown.from} onChange={(event) => change({ ...shown, from: event.target.value })} />
          </label>{' '}
          <label>
            until{' '}
            <input type="time" value={shown.to} onChange={(event) => change({ ...shown, to: event.target.value })} />
          </label>
        </p>
      )}
      <p id={helpId} className="setting-help">
        Posts due in these hours are marked “Likely asleep” in Compose and on the Calendar, since nothing goes out while the
        computer sleeps. AgencyIQ also notices by itself when it was not running at a post’s time on each of the last three
        days.
      </p>
      {(problem ?? failure) !== null && (
        <p className="field-error" role="alert">
          {problem ?? failure}
        </p>
      )}
    </div>
  );
}

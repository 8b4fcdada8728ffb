import { useId } from 'react';
import type { Preferences } from '@shared/ipc/preferences-channels';
import { usePreference } from './use-preference';

type BooleanPreference = { [K in keyof Preferences]: Preferences[K] extends boolean ? K : never }[keyof Preferences];

/** A labelled checkbox bound to one stored Settings switch, with its explanation and any error. */
export function PreferenceSwitch({ name, label, help }: { name: BooleanPreference; label: string; help: string }) {
  const { value, failure, saving, set } = usePreference(name);
  const helpId = useId();
  return (
    <div className="setting">
      <label className="setting-switch">
        <input
          type="checkbox"
          checked={value ?? false}
          disabled={value === null}
          aria-busy={saving}
          aria-describedby={helpId}
          onChange={(event) => set(event.target.checked)}
        />
        {label}
      </label>
      <p id={helpId} className="setting-help">
        {help}
      </p>
      {failure !== null && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}

import { useCallback, useEffect, useState } from 'react';
import type { Preferences } from '@shared/ipc/preferences-channels';
import { call, errorMessage, subscribe } from '../ipc/client';

/**
 * One Settings switch: its stored value (null while loading), kept current by
 * `preferences.changed`, and `set` to change it. `failure` says in plain words what went wrong.
 */
export function usePreference<K extends keyof Preferences>(
  name: K,
): { value: Preferences[K] | null; failure: string | null; saving: boolean; set: (value: Preferences[K]) => void } {
  const [value, setValue] = useState<Preferences[K] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let current = true;
    const unsubscribe = subscribe('preferences.changed', (preferences) => setValue(preferences[name]));
    call('preferences.get', {}).then(
      (preferences) => current && setValue(preferences[name]),
      (error: unknown) => current && setFailure(errorMessage(error)),
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, [name]);

  // Shows the new value at once (a switch must move when clicked) and puts the old one back if
  // saving fails, with the reason.
  const set = useCallback(
    (next: Preferences[K]) => {
      let previous: Preferences[K] | null = null;
      setValue((current) => {
        previous = current;
        return next;
      });
      setSaving(true);
      setFailure(null);
      call('preferences.update', { [name]: next } as Partial<Preferences>)
        .then(
          (preferences) => setValue(preferences[name]),
          (error: unknown) => {
            setValue(previous);
            setFailure(errorMessage(error));
          },
        )
        .finally(() => setSaving(false));
    },
    [name],
  );

  return { value, failure, saving, set };
}

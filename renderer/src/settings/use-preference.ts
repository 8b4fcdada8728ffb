import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { Preferences } from '@shared/ipc/preferences-channels';
import { ipcQueryKey, useIpcQuery } from '../data/use-ipc-query';
import { call, errorMessage } from '../ipc/client';

const KEY = ipcQueryKey('preferences.get', {});

/**
 * One Settings switch: its stored value (null while loading), kept current by
 * `preferences.changed`, and `set` to change it. `failure` says in plain words what went wrong.
 */
export function usePreference<K extends keyof Preferences>(
  name: K,
): { value: Preferences[K] | null; failure: string | null; saving: boolean; set: (value: Preferences[K]) => void } {
  const client = useQueryClient();
  const query = useIpcQuery('preferences.get', {});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // Shows the new value at once (a switch must move when clicked) and puts the old one back if
  // saving fails, with the reason.
  const set = useCallback(
    (next: Preferences[K]) => {
      const before = client.getQueryData<Preferences>(KEY);
      if (before) client.setQueryData<Preferences>(KEY, { ...before, [name]: next });
      setSaving(true);
      setFailure(null);
      call('preferences.update', { [name]: next } as Partial<Preferences>)
        .then(
          (preferences) => client.setQueryData(KEY, preferences),
          (error: unknown) => {
            const now = client.getQueryData<Preferences>(KEY);
            if (before && now) client.setQueryData<Preferences>(KEY, { ...now, [name]: before[name] });
            setFailure(errorMessage(error));
          },
        )
        .finally(() => setSaving(false));
    },
    [client, name],
  );

  const loadFailure = query.isError && query.data === undefined ? errorMessage(query.error) : null;
  return { value: query.data?.[name] ?? null, failure: failure ?? loadFailure, saving, set };
}

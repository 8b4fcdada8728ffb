import { useEffect, useState } from 'react';
import type { Profile } from '@shared/ipc/profile-channels';
import { call, errorMessage } from '../ipc/client';

export type LoadedProfile =
  | { state: 'loading' }
  | { state: 'ready'; profile: Profile }
  | { state: 'error'; message: string };

/** The saved business profile; `attempt` changes to load it again after a failure. */
export function useProfile(attempt: number): LoadedProfile {
  const [loaded, setLoaded] = useState<{ attempt: number; value: LoadedProfile } | null>(null);
  useEffect(() => {
    let current = true;
    call('profile.get', {}).then(
      (profile) => current && setLoaded({ attempt, value: { state: 'ready', profile } }),
      (error: unknown) => current && setLoaded({ attempt, value: { state: 'error', message: errorMessage(error) } }),
    );
    return () => {
      current = false;
    };
  }, [attempt]);
  return loaded?.attempt === attempt ? loaded.value : { state: 'loading' };
}

import type { UseQueryResult } from '@tanstack/react-query';
import type { Profile } from '@shared/ipc/profile-channels';
import { useIpcQuery } from '../data/use-ipc-query';

/** The saved business profile (`profile.get`); saving it replaces the cached copy. */
export function useProfile(): UseQueryResult<Profile> {
  return useIpcQuery('profile.get', {});
}

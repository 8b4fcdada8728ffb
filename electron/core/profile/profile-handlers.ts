import type { profileChannels } from '@shared/ipc/profile-channels';
import type { HandlersFor } from '../handler-types';
import { countryOptions, regionOptions } from './places';
import type { ProfileStore } from './profile-store';

/** The business-profile domain's part of the IPC contract. */
export function createProfileHandlers(store: ProfileStore): HandlersFor<keyof typeof profileChannels> {
  return {
    'profile.get': () => store.get(),
    'profile.save': (input) => store.save(input),
    'profile.places': async ({ country }) => ({ countries: countryOptions(), regions: regionOptions(country) }),
  };
}

import type { preferencesChannels } from '@shared/ipc/preferences-channels';
import type { EventSink } from '../events/event-hub';
import type { HandlersFor } from '../handler-types';
import type { PreferencesStore } from './preferences-store';

/** The Settings switches' part of the IPC contract; a change is announced to every listener. */
export function createPreferencesHandlers(
  store: PreferencesStore,
  events: EventSink,
): HandlersFor<keyof typeof preferencesChannels> {
  return {
    'preferences.get': () => store.get(),
    'preferences.update': async (changes) => {
      const updated = await store.update(changes);
      events.emit('preferences.changed', updated);
      return updated;
    },
  };
}

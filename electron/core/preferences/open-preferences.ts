import type { Preferences } from '@shared/ipc/preferences-channels';
import type { Database } from '../db/schema';
import type { Domain } from '../domain';
import type { EventSink } from '../events/event-hub';
import type { Clock } from '../ports/clock';
import { createPreferencesHandlers } from './preferences-handlers';
import { PreferencesStore } from './preferences-store';

/** The Settings switches on one database (defaults depend on the host). Nothing runs in the background. */
export function openPreferences(deps: {
  db: Database;
  clock: Clock;
  defaults: Preferences;
  events: EventSink;
}): Domain<ReturnType<typeof createPreferencesHandlers>> & { store: PreferencesStore } {
  const store = new PreferencesStore(deps.db, deps.clock, deps.defaults);
  return { store, handlers: createPreferencesHandlers(store, deps.events), close: () => {} };
}

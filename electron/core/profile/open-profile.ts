import type { Database } from '../db/schema';
import type { Domain } from '../domain';
import type { Clock } from '../ports/clock';
import { createProfileHandlers } from './profile-handlers';
import { ProfileStore } from './profile-store';

/** The business-profile domain on one database. Nothing runs in the background. */
export function openProfile(deps: { db: Database; clock: Clock }): Domain<ReturnType<typeof createProfileHandlers>> & { store: ProfileStore } {
  const store = new ProfileStore(deps.db, deps.clock);
  return { store, handlers: createProfileHandlers(store), close: () => {} };
}

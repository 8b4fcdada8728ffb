import type { Database } from '../db/schema';
import type { Domain } from '../domain';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { DraftStore, type ReadQuery } from './draft-store';
import { createDraftsHandlers } from './drafts-handlers';

/** How long a deleted draft stays in the bin. */
export const BIN_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** The drafts domain on one database; opening empties the bin of drafts deleted over 30 days ago. */
export async function openDrafts(deps: {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** Runs a search's compiled query in the background worker (see DraftStore). */
  search?: (query: ReadQuery) => Promise<Array<Record<string, unknown>>>;
}): Promise<Domain<ReturnType<typeof createDraftsHandlers>> & { store: DraftStore }> {
  const store = new DraftStore(deps.db, deps.clock, deps.search);
  const emptied = await store.emptyBin(deps.clock.now() - BIN_RETENTION_MS);
  if (emptied > 0) deps.logger.info('Emptied old drafts from the bin', { count: emptied });
  return { store, handlers: createDraftsHandlers(store), close: () => {} };
}

import type { resultsChannels } from '@shared/ipc/results-channels';
import type { Database } from '../db/schema';
import type { HandlersFor } from '../handler-types';
import { readPostNumbers } from './post-numbers';
import { readResultsOverview } from './results-queries';

/** The Results page's part of the IPC contract. */
export function createResultsHandlers(deps: { db: Database; timeZone(): Promise<string>; collectX(): Promise<boolean> }): HandlersFor<keyof typeof resultsChannels> {
  return {
    'results.overview': async (period) => readResultsOverview(deps.db, period, await deps.timeZone()),
    'results.post': async ({ targetId }) => readPostNumbers(deps.db, targetId, await deps.collectX()),
  };
}

import type { OpenedDatabase } from '../db/open-database';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { TimerHandle, Timers } from '../ports/timers';
import { createMediaHandlers } from './media-handlers';
import { MediaLibrary } from './media-library';

/** How often unused media is looked for; files go 30 days (plus at most this) after their last post. */
export const MEDIA_SWEEP_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * The media domain on one open database: the library, its channels, and the daily sweep of
 * unused files on the Timers port (first pass a day after start: files are kept 30 days unused,
 * so nothing is due sooner, and nothing competes with the start-up's own work).
 */
export function openMedia(deps: { database: OpenedDatabase; dataDir: string; clock: Clock; timers: Timers; logger: Logger }) {
  const library = new MediaLibrary(deps.database.db, deps.dataDir, deps.clock, deps.logger);
  const { handlers, close } = createMediaHandlers(library);
  let timer: TimerHandle | null = null;
  let closed = false;
  const schedule = (delay: number) => {
    timer = deps.timers.setTimeout(() => {
      library
        .sweep()
        .catch((error: unknown) => deps.logger.error('Cleaning unused media failed', { error: error instanceof Error ? error.message : String(error) }))
        .finally(() => {
          if (!closed) schedule(MEDIA_SWEEP_EVERY_MS);
        });
    }, delay);
  };
  schedule(MEDIA_SWEEP_EVERY_MS);
  return {
    library,
    handlers,
    close: async () => {
      closed = true;
      if (timer !== null) deps.timers.clearTimeout(timer);
      await close();
    },
  };
}

import type { Timers } from '../ports/timers';

/** Every six hours, as the issue asks: often enough to reach owners who leave the app running. */
export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** The start-up check waits a little so it never competes with opening the database and window. */
export const FIRST_UPDATE_CHECK_DELAY_MS = 10_000;

/**
 * Checks shortly after start, then `intervalMs` after each check finished (a slow or failed
 * check never makes two overlap). Returns `stop`, which cancels the next check.
 */
export function scheduleUpdateChecks(options: {
  check: () => Promise<unknown>;
  timers: Timers;
  intervalMs?: number;
  firstDelayMs?: number;
}): () => void {
  const intervalMs = options.intervalMs ?? UPDATE_CHECK_INTERVAL_MS;
  let stopped = false;
  let handle: unknown = null;

  const schedule = (delayMs: number): void => {
    handle = options.timers.setTimeout(() => {
      handle = null;
      void options
        .check()
        .catch(() => undefined)
        .then(() => {
          if (!stopped) schedule(intervalMs);
        });
    }, delayMs);
  };

  schedule(options.firstDelayMs ?? FIRST_UPDATE_CHECK_DELAY_MS);
  return () => {
    stopped = true;
    if (handle !== null) options.timers.clearTimeout(handle);
    handle = null;
  };
}

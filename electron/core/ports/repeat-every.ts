import type { TimerHandle, Timers } from './timers';

/**
 * Calls `callback` every `everyMs` on the Timers port (first after `firstAfterMs`, default one
 * period) until `stop`. Each call re-arms the next one, so a test's fake timers see one pending
 * timer at a time.
 */
export function repeatEvery(
  timers: Timers,
  everyMs: number,
  callback: () => void,
  options: { firstAfterMs?: number } = {},
): { stop(): void } {
  let handle: TimerHandle | null = null;
  let stopped = false;
  const arm = (delayMs: number) => {
    handle = timers.setTimeout(() => {
      handle = null;
      if (stopped) return;
      arm(everyMs);
      callback();
    }, delayMs);
  };
  arm(options.firstAfterMs ?? everyMs);
  return {
    stop: () => {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
  };
}

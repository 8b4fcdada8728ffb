import type { Timers } from '../ports/timers';

/** How an adapter polls a platform that is processing media: doubling waits, capped, within a total. */
export interface MediaPoll {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Longer than this in one try and the try ends as `transient` (nothing public yet); the next try looks again. */
  maxWaitMs: number;
}

/** How long to wait before the status check number `attempt` (0-based): doubling from `firstMs`, capped. */
export function pollDelay(attempt: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(attempt, 20));
}

/**
 * Waits `ms` on the Timers port (so tests move time instead of waiting); resolves false at once
 * when `signal` aborts (the app quits) and true when the time is up.
 */
export function waitOnTimers(timers: Timers, ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      timers.clearTimeout(handle);
      resolve(false);
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

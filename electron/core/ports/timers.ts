/** An opaque handle from `Timers.setTimeout`. */
export type TimerHandle = unknown;

/** Delayed calls, injected so tests can fire them by hand instead of waiting. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Node's timers; `unref` so a pending check never keeps a process alive on its own. */
export const systemTimers: Timers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

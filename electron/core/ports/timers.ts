/** An opaque handle from `Timers.setTimeout`. */
export type TimerHandle = unknown;

/**
 * Delayed calls, injected so tests can fire them by hand instead of waiting. Every timer of the
 * core goes through this port (a unit test forbids Node's timer globals anywhere else in
 * electron/core); repeating work re-arms itself (`repeatEvery`, `WakeTimer`).
 */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Node's timers; `unref` so a pending check never keeps a process alive on its own. */
export const systemTimers: Timers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Runs `callback` once the current turn of the event loop is over (after its I/O callbacks),
 * not after a delay: the publishing write batcher gathers the writes of one turn with it. Not a
 * timer a test would move, so it is not on the injected port, but it lives here so that this
 * file stays the only one in the core that touches Node's timer globals.
 */
export function afterThisTurn(callback: () => void): void {
  setImmediate(callback);
}

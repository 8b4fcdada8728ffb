import type { TimerHandle, Timers } from './timers';

/**
 * One pending "look again" on the Timers port for a loop that sleeps until its next due instant
 * (the publishing engine, the results collector): setting it replaces what was pending, so a loop
 * never holds two.
 */
export class WakeTimer {
  #handle: TimerHandle | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly onFire: () => void,
  ) {}

  /** Fires `onFire` once after `delayMs`, replacing any pending one. */
  set(delayMs: number): void {
    this.clear();
    this.#handle = this.timers.setTimeout(() => {
      this.#handle = null;
      this.onFire();
    }, delayMs);
  }

  clear(): void {
    if (this.#handle !== null) this.timers.clearTimeout(this.#handle);
    this.#handle = null;
  }
}

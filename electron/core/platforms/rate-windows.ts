import type { RateLimitWindow } from './platform-adapter';

/**
 * Request windows as a platform last reported them (X's `x-rate-limit-limit/remaining/reset`),
 * one per key: the publishing engine keys them by connection (`POST /2/tweets`), the X media
 * upload by account and endpoint (each media endpoint has its own window). The one rule for
 * following them: no more requests awaiting answers than the window has left, and none at all
 * once it said `remaining: 0`, until its reset.
 */
export class RateWindows {
  /** null: the key's last answer reported no window (nothing to follow). */
  readonly #windows = new Map<string, RateLimitWindow | null>();

  /** Keeps what an answer said: the smaller count within one window; null when it said nothing. */
  note(key: string, reported: RateLimitWindow | null): void {
    if (reported === null) {
      this.#windows.set(key, null);
      return;
    }
    const known = this.#windows.get(key);
    const sameWindow = known !== undefined && known !== null && known.resetAt === reported.resetAt;
    this.#windows.set(key, sameWindow ? { ...reported, remaining: Math.min(known.remaining, reported.remaining) } : reported);
  }

  /**
   * Whether one more request fits beside the `awaiting` ones (counted as spent, whether or not
   * the last answer included them), so none is sent that can only get a 429. Nothing awaiting
   * always may (a spent window is for `spentUntil` to hold). Before the first answer of a platform
   * that reports windows (`reportsWindows`): one at a time.
   */
  hasRoom(key: string, awaiting: number, now: number, reportsWindows: boolean): boolean {
    if (awaiting === 0) return true;
    const window = this.#windows.get(key);
    if (window === undefined) return !reportsWindows;
    if (window === null) return true;
    const left = now >= window.resetAt ? window.limit : window.remaining;
    return left - awaiting > 0;
  }

  /** Until when the window said nothing is left (`remaining: 0`); null when it has room or has reset. */
  spentUntil(key: string, now: number): number | null {
    const window = this.#windows.get(key);
    return window !== undefined && window !== null && window.remaining === 0 && window.resetAt > now ? window.resetAt : null;
  }
}

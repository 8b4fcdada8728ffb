import type { HttpResult } from '../ports/http-client';
import { RateWindows } from './rate-windows';
import type { RateLimitWindow } from './platform-adapter';
import { limitedUntil, rateLimitWindow } from './x-answers';

/** X's media endpoints, each rate-limited in its own 15-minute window per user. */
export type XMediaEndpoint = 'initialize' | 'append' | 'finalize' | 'status' | 'metadata';

/** A media request the endpoint's window has no room for until `resetAt`: it was not sent. */
export class XMediaWindowSpent extends Error {
  constructor(
    readonly endpoint: XMediaEndpoint,
    readonly resetAt: number,
  ) {
    super(`X's media ${endpoint} window is spent until ${new Date(resetAt).toISOString()}`);
    this.name = 'XMediaWindowSpent';
  }
}

/**
 * Follows the `x-rate-limit-*` headers of X's media endpoints as the engine follows
 * `POST /2/tweets` (the same rule, `RateWindows`), per account and endpoint, across every
 * target uploading at once: after `remaining: 0` nothing is sent to that endpoint before its
 * reset (`XMediaWindowSpent`), and never more requests await answers than the window has left
 * (a request waits for one of them to be answered). A 429 spends the window until its reset
 * even when its headers do not say `remaining: 0`, so the other targets uploading on the account
 * are deferred to the reset without a request. One per X adapter.
 */
export class XMediaWindows {
  readonly #windows = new RateWindows();
  readonly #awaiting = new Map<string, number>();
  readonly #answered = new Map<string, Set<() => void>>();

  async send(account: string, endpoint: XMediaEndpoint, now: () => number, signal: AbortSignal | undefined, send: () => Promise<HttpResult>): Promise<HttpResult> {
    const key = `${account}\n${endpoint}`;
    for (;;) {
      const spentUntil = this.#windows.spentUntil(key, now());
      if (spentUntil !== null) throw new XMediaWindowSpent(endpoint, spentUntil);
      if (this.#windows.hasRoom(key, this.#awaiting.get(key) ?? 0, now(), true)) break;
      if (signal?.aborted) return { kind: 'not_sent', reason: 'aborted', message: 'The app closed before the media request was sent.' };
      await this.#nextAnswer(key, signal);
    }
    this.#awaiting.set(key, (this.#awaiting.get(key) ?? 0) + 1);
    try {
      const result = await send();
      if (result.kind === 'response') this.#windows.note(key, answeredWindow(result, now()));
      return result;
    } finally {
      this.#awaiting.set(key, (this.#awaiting.get(key) ?? 1) - 1);
      const waiting = this.#answered.get(key);
      this.#answered.delete(key);
      for (const wake of waiting ?? []) wake();
    }
  }

  /** Resolves when a request awaiting on `key` is answered (or the app quits). */
  #nextAnswer(key: string, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        signal?.removeEventListener('abort', wake);
        this.#answered.get(key)?.delete(wake);
        resolve();
      };
      const waiting = this.#answered.get(key) ?? new Set();
      waiting.add(wake);
      this.#answered.set(key, waiting);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }
}

/** The window an answer reports; a 429 always leaves none until its reset (the figures it gave, else a window of one). */
function answeredWindow(result: Extract<HttpResult, { kind: 'response' }>, now: number): RateLimitWindow | null {
  const window = rateLimitWindow(result.headers);
  if (result.status !== 429) return window;
  return { limit: window?.limit ?? 1, remaining: 0, resetAt: window?.resetAt ?? limitedUntil(result.headers, now) };
}

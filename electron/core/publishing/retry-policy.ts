/** How transient failures (the platform certainly did not create the post) are retried. */
export interface RetryPolicy {
  /** Retries after the first try; the try after the last retry that fails is final. */
  readonly maxTransientRetries: number;
  /** How long to wait before retry number `retry` (1-based). */
  delayMs(retry: number): number;
}

/**
 * Exponential backoff with jitter: retry n waits between half and all of `baseMs · 2^(n-1)`
 * (capped at `maxMs`), so many targets that failed together (a platform outage) do not all
 * come back at the same instant. `random` is injected so tests can pin the jitter.
 */
export function exponentialBackoff(options: {
  baseMs?: number;
  maxMs?: number;
  maxRetries?: number;
  random?: () => number;
} = {}): RetryPolicy {
  const baseMs = options.baseMs ?? 10_000;
  const maxMs = options.maxMs ?? 15 * 60_000;
  const random = options.random ?? Math.random;
  return {
    maxTransientRetries: options.maxRetries ?? 3,
    delayMs: (retry) => {
      const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
      return Math.round(ceiling / 2 + (random() * ceiling) / 2);
    },
  };
}

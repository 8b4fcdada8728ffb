import { describe, expect, it } from 'vitest';
import { describeAssistantProblem, retryAfterMs } from '../../electron/core/assistant/assistant-errors';

// Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3); the composer's sentences name the wait.

describe('assistant errors', () => {
  const now = Date.parse('2027-03-01T00:00:00Z');

  it('reads Retry-After as seconds or as an HTTP date, and nothing else', () => {
    expect(retryAfterMs('7', now)).toBe(7_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Mon, 01 Mar 2027 00:00:20 GMT', now)).toBe(20_000);
    expect(retryAfterMs('Sun, 28 Feb 2027 23:59:00 GMT', now)).toBe(0); // already past
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs('-5', now)).toBeNull();
  });

  it('says how long to wait, rounding up to whole seconds', () => {
    expect(describeAssistantProblem({ kind: 'rate_limited', retryAfterMs: 1_500 })).toBe('The assistant is busy (too many requests). Try again in 2 seconds.');
    expect(describeAssistantProblem({ kind: 'rate_limited', retryAfterMs: null })).toBe('The assistant is busy (too many requests). Try again in a minute.');
  });
});

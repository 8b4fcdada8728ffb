import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../electron/core/publishing/classify-outcome';
import { exponentialBackoff } from '../../electron/core/publishing/retry-policy';
import type { PublishOutcome } from '../../electron/core/platforms/platform-adapter';

const NOW = 1_800_000_000_000;
const policy = exponentialBackoff({ baseMs: 10_000, maxRetries: 3, random: () => 1 });
const classify = (outcome: PublishOutcome, more: { triesSoFar?: number; tokenRenewed?: boolean } = {}) =>
  classifyOutcome({ outcome, httpStatus: null, platformErrorCode: null }, { platform: 'x', now: NOW, triesSoFar: 0, tokenRenewed: false, policy, ...more });

describe('classifying a platform answer', () => {
  it('a refused token is renewed once, then the target needs a reconnect', () => {
    expect(classify({ kind: 'auth', message: 'Unauthorized' })).toEqual({ state: 'renew-token' });
    expect(classify({ kind: 'auth', message: 'Unauthorized' }, { tokenRenewed: true })).toMatchObject({ state: 'needs_reconnect', errorKind: 'auth' });
  });

  it('a rate limit waits for the platform’s reset time and holds the connection; a reset in the past still waits', () => {
    expect(classify({ kind: 'rate_limited', retryAt: NOW + 900_000, message: '429' })).toMatchObject({
      state: 'scheduled',
      nextAttemptAt: NOW + 900_000,
      holdConnectionUntil: NOW + 900_000,
      countsAsTry: false,
    });
    expect(classify({ kind: 'rate_limited', retryAt: NOW - 5, message: '429' })).toMatchObject({ nextAttemptAt: NOW + 1_000 });
  });

  it('a media endpoint’s rate limit (scope media) waits for its reset like any rate limit but holds nothing else on the connection', () => {
    const connection = classify({ kind: 'rate_limited', retryAt: NOW + 900_000, message: '429', scope: 'connection' });
    const media = classify({ kind: 'rate_limited', retryAt: NOW + 900_000, message: '429', scope: 'media' });
    expect(connection).toMatchObject({ state: 'scheduled', nextAttemptAt: NOW + 900_000, holdConnectionUntil: NOW + 900_000 });
    // The same kind of wait, told to the owner in the same words; only the connection is not held.
    expect(media).toEqual({ ...connection, holdConnectionUntil: null });
    expect(media).toMatchObject({ attemptOutcome: 'rate_limited', errorKind: 'rate_limited', countsAsTry: false, message: expect.stringMatching(/^X asked AgencyIQ to slow down/) });
    expect(classify({ kind: 'rate_limited', retryAt: NOW - 5, message: '429', scope: 'media' })).toMatchObject({ nextAttemptAt: NOW + 1_000, holdConnectionUntil: null });
    // A publishing answer that also said its window is spent still holds the connection, whatever the scope.
    const spentToo = classifyOutcome(
      { outcome: { kind: 'rate_limited', retryAt: NOW + 900_000, message: '429', scope: 'media' }, httpStatus: 429, platformErrorCode: null, rateLimit: { limit: 100, remaining: 0, resetAt: NOW + 600_000 } },
      { platform: 'x', now: NOW, triesSoFar: 0, tokenRenewed: false, policy },
    );
    expect(spentToo).toMatchObject({ nextAttemptAt: NOW + 900_000, holdConnectionUntil: NOW + 600_000 });
  });

  it('an answer saying no request is left holds the connection until the reset, whatever its outcome', () => {
    const spent = (outcome: PublishOutcome, resetAt: number, remaining = 0) =>
      classifyOutcome(
        { outcome, httpStatus: 201, platformErrorCode: null, rateLimit: { limit: 100, remaining, resetAt } },
        { platform: 'x', now: NOW, triesSoFar: 0, tokenRenewed: false, policy },
      );
    expect(spent({ kind: 'published', platformPostId: '1', url: null }, NOW + 600_000)).toMatchObject({ state: 'published', holdConnectionUntil: NOW + 600_000 });
    expect(spent({ kind: 'duplicate', message: 'dup' }, NOW + 600_000)).toMatchObject({ state: 'failed', holdConnectionUntil: NOW + 600_000 });
    // A reset already past holds nothing.
    expect(spent({ kind: 'published', platformPostId: '1', url: null }, NOW - 1)).toMatchObject({ holdConnectionUntil: null });
    expect(spent({ kind: 'published', platformPostId: '1', url: null }, NOW + 600_000, 1)).toMatchObject({ holdConnectionUntil: null });
    expect(classify({ kind: 'published', platformPostId: '1', url: null })).toMatchObject({ holdConnectionUntil: null });
    // Answered without readable figures: nothing to hold.
    const unread = classifyOutcome({ outcome: { kind: 'published', platformPostId: '1', url: null }, httpStatus: 201, platformErrorCode: null, rateLimit: null }, { platform: 'x', now: NOW, triesSoFar: 0, tokenRenewed: false, policy });
    expect(unread).toMatchObject({ holdConnectionUntil: null });
  });

  it('duplicate and invalid fail with the platform’s own words', () => {
    expect(classify({ kind: 'duplicate', message: 'Status is a duplicate.' })).toMatchObject({ state: 'failed', errorKind: 'duplicate', message: 'Status is a duplicate.' });
    expect(classify({ kind: 'invalid', message: 'Too long' })).toMatchObject({ state: 'failed', errorKind: 'invalid', message: 'Too long' });
  });

  it('transient failures retry with growing waits, three times, then fail', () => {
    const waits = [0, 1, 2].map((tries) => {
      const decision = classify({ kind: 'transient', message: '503' }, { triesSoFar: tries });
      expect(decision).toMatchObject({ state: 'scheduled', countsAsTry: true });
      return (decision as { nextAttemptAt: number }).nextAttemptAt - NOW;
    });
    expect(waits).toEqual([10_000, 20_000, 40_000]);
    expect(classify({ kind: 'transient', message: '503' }, { triesSoFar: 3 })).toMatchObject({ state: 'failed', errorKind: 'transient' });
  });

  it('an unknown outcome is needs_check and never scheduled again', () => {
    expect(classify({ kind: 'unknown', message: 'timeout' })).toMatchObject({ state: 'needs_check', nextAttemptAt: null, attemptOutcome: 'unknown' });
  });

  it('jitter keeps each wait between half and all of its ceiling, capped', () => {
    const low = exponentialBackoff({ baseMs: 10_000, maxMs: 25_000, random: () => 0 });
    expect([1, 2, 3].map((n) => low.delayMs(n))).toEqual([5_000, 10_000, 12_500]);
    const high = exponentialBackoff({ baseMs: 10_000, maxMs: 25_000, random: () => 1 });
    expect([1, 2, 3].map((n) => high.delayMs(n))).toEqual([10_000, 20_000, 25_000]);
  });
});

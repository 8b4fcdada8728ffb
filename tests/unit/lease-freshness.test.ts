import { describe, expect, it } from 'vitest';
import { isFreshLease } from '../../electron/core/licence/lease-freshness';
import { CLOCK_TOLERANCE_MS } from '../../electron/core/licence/verify-lease';
import { postsPerCycleAfterKnownUsage, usedAtLeast, withKnownUsage } from '../../electron/core/licence/usage-floor';
import { asVersion2, DAY_MS, growthLease } from '../support/lease-signer';

const T = Date.UTC(2026, 10, 26, 9);
const lease = (issuedAt: number) => growthLease('c'.repeat(64), issuedAt);

describe('isFreshLease', () => {
  it('with a nonce: only a version-2 lease carrying that nonce', () => {
    const nonce = 'n'.repeat(32);
    expect(isFreshLease({ payload: asVersion2(lease(T), { nonce }), nonce, heldIssuedAt: T + DAY_MS, clockHighWater: T + DAY_MS })).toBe(true);
    expect(isFreshLease({ payload: asVersion2(lease(T), { nonce: 'm'.repeat(32) }), nonce, heldIssuedAt: null, clockHighWater: 0 })).toBe(false);
    expect(isFreshLease({ payload: lease(T), nonce, heldIssuedAt: null, clockHighWater: 0 })).toBe(false);
  });

  it('without: not older than the lease held, and not before the high-water mark', () => {
    expect(isFreshLease({ payload: lease(T), nonce: null, heldIssuedAt: T, clockHighWater: T })).toBe(true); // the server's cached lease again
    expect(isFreshLease({ payload: lease(T - 1), nonce: null, heldIssuedAt: T, clockHighWater: 0 })).toBe(false);
    expect(isFreshLease({ payload: lease(T), nonce: null, heldIssuedAt: null, clockHighWater: T + CLOCK_TOLERANCE_MS })).toBe(true);
    expect(isFreshLease({ payload: lease(T), nonce: null, heldIssuedAt: null, clockHighWater: T + CLOCK_TOLERANCE_MS + 1 })).toBe(false);
    // The recorded lease a year later.
    expect(isFreshLease({ payload: lease(T), nonce: null, heldIssuedAt: T, clockHighWater: T + 365 * DAY_MS })).toBe(false);
  });
});

describe('known usage', () => {
  it('used is the larger of the local ledger and what is known elsewhere; offline the local count rules', () => {
    expect(usedAtLeast(3, 0)).toBe(3);
    expect(usedAtLeast(3, 5)).toBe(5);
    const allowance = { postsPerCycle: 27, cycle: { start: 0, end: 30 * DAY_MS }, used: 0, reserved: 1, left: 26 };
    expect(withKnownUsage(allowance, 5)).toMatchObject({ used: 5, reserved: 1, left: 21 });
  });

  it('the engine sees the allowance shrunk by posts it does not count itself', () => {
    expect(postsPerCycleAfterKnownUsage(27, 0, 5)).toBe(22); // ledger wiped: the server counted five
    expect(postsPerCycleAfterKnownUsage(27, 5, 5)).toBe(27); // the same five, counted here too
    expect(postsPerCycleAfterKnownUsage(27, 7, 5)).toBe(27); // more here than the server knows yet
    expect(postsPerCycleAfterKnownUsage(3, 0, 10)).toBe(0);
  });
});

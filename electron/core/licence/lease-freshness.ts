import type { LeasePayload } from '@shared/licence/lease-format';
import { CLOCK_TOLERANCE_MS } from './verify-lease';

export interface FreshnessInput {
  /** The lease the server just sent (its signature held). */
  payload: LeasePayload;
  /** The nonce this request carried, or null when the app asked without one. */
  nonce: string | null;
  /** `issuedAt` of the lease this computer holds (signature checked), or null when it holds none. */
  heldIssuedAt: number | null;
  /** The stored high-water mark of trusted time. */
  clockHighWater: number;
}

/**
 * Whether a lease answer is the server speaking now rather than a recording of an earlier
 * answer. Its `issuedAt` is the server's signed clock (the only time the app takes from the
 * network; HTTP `Date` headers are unauthenticated).
 * - With a nonce (sent whenever the app has no trusted record to compare with: no lease, an
 *   unsealed row, a replay seen): the signed lease must carry that nonce. Nothing recorded can.
 * - Without: it must not be older than the lease held (the server's minute-long cache may send
 *   the same one again), and its signed time must not lie before the high-water mark of time
 *   this computer has already trusted. A lease recorded while the plan was paid fails both a
 *   year later.
 * Pure.
 */
export function isFreshLease(input: FreshnessInput): boolean {
  const { payload } = input;
  if (input.nonce !== null) return payload.v === 2 && payload.nonce === input.nonce;
  if (input.heldIssuedAt !== null && payload.issuedAt < input.heldIssuedAt) return false;
  return payload.issuedAt >= input.clockHighWater - CLOCK_TOLERANCE_MS;
}

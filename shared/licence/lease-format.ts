import { z } from 'zod';
import { PLAN_IDS } from './plans';

const leaseFields = {
  licenceId: z.string().min(1).max(100),
  plan: z.enum(PLAN_IDS),
  postsPerCycle: z.number().int().min(0).max(100_000),
  /**
   * The subscription's current billing period from Stripe: the quota cycle, so it resets on the
   * date the owner is billed. Past `cycleEnd`, cycles follow by calendar month (billing-cycle.ts).
   */
  cycleStart: z.number().int().nonnegative(),
  cycleEnd: z.number().int().positive(),
  seats: z.number().int().min(1).max(1000),
  /** Lower-case hex SHA-256 of the device's raw 32-byte Ed25519 public key. */
  deviceKeyHash: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * The server's clock when it signed. The app takes its time from this (never from an HTTP
   * header): the server re-signs at least every LEASE_RESIGN_AFTER_MS, so it is that fresh.
   */
  issuedAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().nonnegative(),
  status: z.enum(['active', 'past_due']),
  graceUntil: z.number().int().nonnegative().nullable(),
};

/**
 * What the licence server signs (Ed25519). Instants are epoch milliseconds, UTC.
 * `status` is `past_due` while Stripe retries a failed payment: the app shows a grace notice
 * until `graceUntil`; after that the server stops renewing and the lease runs out.
 *
 * Version 2 (sent only to apps that ask for it, so version-1 apps keep working) adds what the
 * server knows beyond the plan: the posts it has counted in a cycle, and the app's freshness
 * nonce when the app sent one.
 */
export const leasePayloadV1Schema = z.strictObject({ v: z.literal(1), ...leaseFields });
export const leasePayloadV2Schema = z.strictObject({
  v: z.literal(2),
  ...leaseFields,
  /** Posts this licence has published in the cycle starting `cycleStart`, as devices reported them. */
  serverCount: z.strictObject({ cycleStart: z.number().int().nonnegative(), posts: z.number().int().nonnegative() }).nullable(),
  /** The nonce the app sent with this request (`leaseRequestSchema.nonce`), or null: proves the lease is not a replay. */
  nonce: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/).nullable(),
});
export const leasePayloadSchema = z
  .discriminatedUnion('v', [leasePayloadV1Schema, leasePayloadV2Schema])
  .refine((lease) => lease.cycleEnd > lease.cycleStart, { path: ['cycleEnd'], message: 'the billing period must end after it starts' });
export type LeasePayload = z.infer<typeof leasePayloadSchema>;
export type LeasePayloadV2 = z.infer<typeof leasePayloadV2Schema>;

/** The newest payload version; apps ask for it with `leaseRequestSchema.leaseVersion`. */
export const LEASE_PAYLOAD_VERSION = 2;

/** The server re-signs a cached lease once it is this old, so `issuedAt` is a fresh signed time. */
export const LEASE_RESIGN_AFTER_MS = 60_000;

/** Posts the server counted in the cycle starting `cycleStart` (0 when the lease says nothing about it). */
export function serverPostCount(payload: LeasePayload, cycleStart: number): number {
  if (payload.v !== 2 || payload.serverCount === null) return 0;
  return payload.serverCount.cycleStart === cycleStart ? payload.serverCount.posts : 0;
}

/**
 * A signed lease travels as `v1.<base64url(payload JSON)>.<base64url(signature)>`. The signature
 * covers the exact payload bytes as sent, so there is no canonical-JSON step to get wrong. (The
 * `v1.` is the envelope; the payload carries its own version.)
 */
export const SIGNED_LEASE_PATTERN = /^v1\.([A-Za-z0-9_-]{1,4000})\.([A-Za-z0-9_-]{86})$/;

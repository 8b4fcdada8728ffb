import { z } from 'zod';
import { PLAN_IDS } from './plans';

/**
 * What the licence server signs (Ed25519). Instants are epoch milliseconds, UTC.
 * `status` is `past_due` while Stripe retries a failed payment: the app shows a grace notice
 * until `graceUntil`; after that the server stops renewing and the lease runs out.
 */
export const leasePayloadSchema = z.strictObject({
  v: z.literal(1),
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
  issuedAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().nonnegative(),
  status: z.enum(['active', 'past_due']),
  graceUntil: z.number().int().nonnegative().nullable(),
}).refine((lease) => lease.cycleEnd > lease.cycleStart, { path: ['cycleEnd'], message: 'the billing period must end after it starts' });
export type LeasePayload = z.infer<typeof leasePayloadSchema>;

/**
 * A signed lease travels as `v1.<base64url(payload JSON)>.<base64url(signature)>`. The signature
 * covers the exact payload bytes as sent, so there is no canonical-JSON step to get wrong.
 */
export const SIGNED_LEASE_PATTERN = /^v1\.([A-Za-z0-9_-]{1,4000})\.([A-Za-z0-9_-]{86})$/;

import { z } from 'zod';
import { PLAN_IDS } from './plans';

/**
 * The licence server's HTTP API, shared by the server (request validation) and the app (response
 * validation). Every error is JSON `{code, message}` with a plain-words message.
 *
 * Device "session" without passwords: the app holds an Ed25519 key pair. It asks for a nonce,
 * signs `DEVICE_SESSION_SIGNING_PREFIX + nonce`, and gets a short-lived bearer token for the
 * other calls. The private key never leaves the device, so no login prompt is ever needed.
 */
export const LICENCE_API = {
  health: '/healthz',
  /** GET: the plans on sale with their Stripe prices (no sign-in needed). */
  plans: '/v1/plans',
  challenge: '/v1/devices/challenge',
  session: '/v1/devices/session',
  checkout: '/v1/checkout',
  lease: '/v1/lease',
  /** POST: reports one post charged on this device (device-signed, idempotent by post id). */
  charges: '/v1/charges',
  activate: '/v1/activations',
  devices: '/v1/devices',
  /** DELETE `${devices}/:deviceId` */
  portal: '/v1/portal',
  stripeWebhook: '/webhooks/stripe',
  /** Stripe's success_url / cancel_url land here; the page sends the owner back to the app. */
  checkoutReturn: '/checkout/return',
  checkoutCancel: '/checkout/cancel',
  /** The billing portal's return_url; the page sends the owner back to the app. */
  portalReturn: '/portal/return',
} as const;

export const DEVICE_SESSION_SIGNING_PREFIX = 'agencyiq-device-session:v1:';
/** A charge report is signed over `CHARGE_SIGNING_PREFIX + postId + ':' + cycleStart` with the device key. */
export const CHARGE_SIGNING_PREFIX = 'agencyiq-charge:v1:';

const base64url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/);

/** Raw 32-byte Ed25519 public key, base64url without padding (43 characters). */
export const devicePublicKeySchema = base64url(43, 43);

export const challengeRequestSchema = z.strictObject({ publicKey: devicePublicKeySchema });
export const challengeResponseSchema = z.strictObject({ nonce: base64url(22, 64), expiresAt: z.number().int() });

export const sessionRequestSchema = z.strictObject({
  publicKey: devicePublicKeySchema,
  nonce: base64url(22, 64),
  /** Ed25519 signature (64 bytes, base64url) over DEVICE_SESSION_SIGNING_PREFIX + nonce. */
  signature: base64url(86, 86),
  /** Shown to the owner when listing devices, e.g. "Sam's MacBook Air". */
  deviceName: z.string().trim().min(1).max(80),
  os: z.enum(['mac', 'windows', 'linux', 'other']),
});
export const sessionResponseSchema = z.strictObject({
  token: z.string().min(20).max(1000),
  expiresAt: z.number().int(),
  deviceId: z.string().min(1).max(100),
});

/** A plan's price as Stripe bills it: `amount` in the currency's minor unit (cents), every `intervalCount` `interval`s. */
export const planPriceSchema = z.strictObject({
  amount: z.number().int().nonnegative(),
  /** ISO 4217, lower case as Stripe writes it (`aud`). */
  currency: z.string().regex(/^[a-z]{3}$/),
  interval: z.enum(['day', 'week', 'month', 'year']),
  intervalCount: z.number().int().positive(),
});
export type PlanPrice = z.infer<typeof planPriceSchema>;

/** GET /v1/plans: each plan's terms (the server's, which may override the defaults) and price. */
export const plansResponseSchema = z.strictObject({
  plans: z
    .array(
      z.strictObject({
        id: z.enum(PLAN_IDS),
        label: z.string().min(1).max(40),
        postsPerCycle: z.number().int().positive(),
        seats: z.number().int().positive(),
        price: planPriceSchema,
      }),
    )
    .max(PLAN_IDS.length),
});
export type PlansResponse = z.infer<typeof plansResponseSchema>;

/**
 * POST /v1/lease (and the lease options of POST /v1/activations). An app that sends nothing gets
 * a version-1 lease. `leaseVersion: 2` asks for version 2; `nonce` (version 2 only) is echoed in
 * the freshly signed lease, so the app knows the answer was made for this request (it asks so
 * whenever it has no trusted record to compare a lease with).
 */
const leaseOptions = {
  leaseVersion: z.literal(2).optional(),
  nonce: base64url(22, 64).optional(),
};
export const leaseRequestSchema = z.strictObject(leaseOptions);
export type LeaseRequest = z.infer<typeof leaseRequestSchema>;

/** POST /v1/charges: one published post, reported by the device that published it. */
export const chargeRequestSchema = z.strictObject({
  postId: z.string().min(1).max(100),
  /** The start of the billing cycle (shared/licence/billing-cycle.ts) the post was charged in. */
  cycleStart: z.number().int().nonnegative(),
  /** Ed25519 over CHARGE_SIGNING_PREFIX + postId + ':' + cycleStart, base64url. */
  signature: base64url(86, 86),
});
/** The server's count for the cycle the charge went to, after it (a repeat changes nothing). */
export const chargeResponseSchema = z.strictObject({ cycleStart: z.number().int(), posts: z.number().int().nonnegative() });

export const checkoutRequestSchema = z.strictObject({ plan: z.enum(PLAN_IDS) });
export const checkoutResponseSchema = z.strictObject({ url: z.url(), checkoutSessionId: z.string() });

/**
 * POST /v1/lease: the current signed lease for this device, renewed. `none` means the device has
 * no licence (drafting only); `lapsed`, `deactivated` and `seats_exceeded` are refusals to renew,
 * with no lease. `seats_exceeded`: the plan now covers fewer computers than hold it (a downgrade)
 * and this one is beyond `seats`; removing another computer from the plan gives it back.
 */
export const leaseResponseSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('none') }),
  z.strictObject({
    status: z.enum(['active', 'past_due']),
    lease: z.string().max(6000),
    /** Shown in the app so the owner can activate another device. */
    licenceKey: z.string().min(8).max(100),
  }),
  z.strictObject({ status: z.enum(['lapsed', 'deactivated']), message: z.string() }),
  z.strictObject({ status: z.literal('seats_exceeded'), message: z.string(), seats: z.number().int().positive() }),
]);

export const activateRequestSchema = z.strictObject({ licenceKey: z.string().trim().min(8).max(100), ...leaseOptions });
/** POST /v1/activations answers like POST /v1/lease: the device's lease on the licence it joined. */
export const activateResponseSchema = leaseResponseSchema;

export const deviceSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  os: z.enum(['mac', 'windows', 'linux', 'other']),
  activatedAt: z.number().int(),
  lastSeenAt: z.number().int().nullable(),
  /** The device that asked. */
  current: z.boolean(),
});
export const devicesResponseSchema = z.strictObject({ devices: z.array(deviceSchema) });

export const portalResponseSchema = z.strictObject({ url: z.url() });

/** Error codes the app understands; the message is always plain words for the owner. */
export const LICENCE_ERROR_CODES = [
  'invalid_request',
  'unauthenticated',
  'nonce_expired',
  'unknown_licence_key',
  'seats_full',
  'no_licence',
  'licence_lapsed',
  'device_deactivated',
  /** Checkout refused: this device already has a plan that is paid for (change it in the billing portal). */
  'already_licensed',
  'unknown_device',
  'stripe_unavailable',
  /** Too many sign-in requests (from this device key, or from this address): wait `Retry-After` seconds. */
  'rate_limited',
  /** Media staging (staging-api.ts): larger than Instagram takes (8 MiB). */
  'media_too_large',
  /** Media staging: the bytes are not a JPEG (checked from the bytes, whatever the header says). */
  'media_type_refused',
  /** Media staging: this device already has as many files or bytes staged as it may. */
  'staging_full',
  /** Media staging: no such staged file for this device (released, expired, or never staged). */
  'unknown_media',
  'internal',
] as const;
export const licenceErrorSchema = z.strictObject({
  code: z.enum(LICENCE_ERROR_CODES),
  message: z.string(),
  /** With `seats_full`: the devices holding the seats, so the message can name them. */
  devices: z.array(deviceSchema).optional(),
});
export type LicenceErrorBody = z.infer<typeof licenceErrorSchema>;

import { z } from 'zod';
import { platformSchema } from '../domain/platform';

/**
 * The OAuth relay between the app and the licence server (strategy `relay`: Facebook,
 * Instagram, LinkedIn need an https redirect and a client secret). Every call but the provider's
 * redirect is authenticated with the device session bearer token (see licence-api.ts), so a
 * handoff can only be redeemed by the device that registered the flow.
 */
/** Paths on the licence server. */
export const RELAY_API = {
  /** POST: registers {platform, state, codeVerifier?} for the calling device. */
  flows: '/v1/oauth/relay/flows',
  /** GET: where the providers redirect (`?code&state` or `?error&state`). */
  callback: '/oauth/relay/callback',
  /** POST: `${redeem}/:handoff` — hands the tokens over once, to the device that started the flow. */
  redeem: '/v1/oauth/relay/handoffs',
} as const;

export const relayStartRequestSchema = z.strictObject({
  platform: z.enum(['facebook', 'instagram', 'linkedin']),
  state: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/),
  /** Present when the provider takes PKCE: the server sends it with the code exchange. */
  codeVerifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/).nullable(),
});
export const relayStartResponseSchema = z.strictObject({ redirectUri: z.url(), expiresAt: z.number().int() });

/**
 * What a redeemed handoff carries: the tokens the server obtained with the client secret, or
 * the provider's refusal (the owner declined, the code was refused). Either way the `state` the
 * app registered comes back, so the app checks it against its own waiting flow.
 */
export const relayRedeemResponseSchema = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('tokens'),
    platform: platformSchema,
    state: z.string(),
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1).nullable(),
    expiresIn: z.number().int().positive().nullable(),
    refreshTokenExpiresIn: z.number().int().positive().nullable(),
    scope: z.string().nullable(),
  }),
  z.strictObject({
    outcome: z.literal('error'),
    platform: platformSchema,
    state: z.string(),
    /** `access_denied` when the owner declined; `exchange_failed` when the provider refused the code. */
    error: z.string().max(64),
  }),
]);
export type RelayRedeemResponse = z.infer<typeof relayRedeemResponseSchema>;


/** Error codes of the relay routes (JSON `{code, message}`); used, foreign and expired handoffs look alike. */
export const RELAY_ERROR_CODES = [
  'unauthenticated',
  'invalid_request',
  'relay_not_configured',
  'unknown_handoff',
  'state_in_use',
  /** Starting a flow needs a seat on a plan in force (no_licence, licence_lapsed, device_deactivated). */
  'no_licence',
  'licence_lapsed',
  'device_deactivated',
  /** Too many flows started by this device in the last hour (`Retry-After`). */
  'rate_limited',
] as const;

/** Seconds a handoff can be redeemed after the provider's redirect; then the server forgets it. */
export const RELAY_HANDOFF_TTL_SECONDS = 300;
/** Seconds a registered flow waits for the provider's redirect (the app's own flow timeout). */
export const RELAY_FLOW_TTL_SECONDS = 600;

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  RELAY_API,
  RELAY_FLOW_TTL_SECONDS,
  RELAY_HANDOFF_TTL_SECONDS,
  relayRedeemResponseSchema,
  relayStartRequestSchema,
  type relayStartResponseSchema,
} from '@shared/oauth/relay-api';
import { requireDevice } from '../auth/require-device';
import { deviceStore } from '../db/device-store';
import { LicenceHttpError } from '../errors';
import { ExchangeError, exchangeCode } from '../oauth-relay/exchange-code';
import { handoffHash, newHandoffId, openForHandoff, sealForHandoff } from '../oauth-relay/handoff-seal';
import type { OAuthRelayConfig, RelayPlatform } from '../oauth-relay/relay-config';
import type { OAuthRelayTables } from '../oauth-relay/relay-migration';
import { relayStore } from '../oauth-relay/relay-store';
import { seatedLicence } from './devices-routes';
import type { Services } from '../services';
import { parseRequest } from '../validate';

type RedeemBody = z.infer<typeof relayRedeemResponseSchema>;

const STATE = /^[A-Za-z0-9_-]{16,256}$/;
const HANDOFF = /^[A-Za-z0-9_-]{16,128}$/;
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_CODE_LENGTH = 2048;
const HOUR_MS = 60 * 60 * 1000;

/** Refuses (no_licence, device_deactivated, licence_lapsed) unless the device holds a seat on a plan in force. */
async function requireLicensedDevice(services: Services, deviceId: string, now: number): Promise<void> {
  const row = await deviceStore.findForLease(services.db.db, deviceId);
  seatedLicence(row);
  const inForce = row?.status === 'active' || (row?.status === 'past_due' && row.grace_until !== null && now < row.grace_until);
  if (!inForce) throw new LicenceHttpError('licence_lapsed', 'Your plan has ended, so connecting accounts is paused. Choose a plan to connect again.');
}

function relayPage(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} — AgencyIQ</title>` +
        `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1d2330}</style>` +
        `</head><body><main><h1>${title}</h1><p>${body}</p></main></body></html>`,
    );
}

/**
 * The OAuth relay for confidential clients (Facebook, Instagram, LinkedIn need an https redirect
 * and a client secret; the app can hold neither):
 * - `POST /v1/oauth/relay/flows` — the signed-in device registers `state` (and a PKCE verifier).
 * - `GET /oauth/relay/callback` — the provider redirects the owner's browser here; the flow is
 *   taken out (single use), the code exchanged with the secret, the result sealed under a fresh
 *   handoff id, and the browser sent on to `agencyiq://oauth/complete?handoff=…`.
 * - `POST /v1/oauth/relay/handoffs/:handoff` — the device that registered the flow (its bearer
 *   session proves it) takes the result, once. Used, expired and other devices' handoffs are
 *   refused alike. Nothing outlives redemption or five minutes; the database only ever holds
 *   a hash of the handoff and a blob sealed with a key derived from it.
 */
export function oauthRelayRoutes(app: FastifyInstance, services: Services, config: OAuthRelayConfig): void {
  const db = services.db.db as unknown as Kysely<OAuthRelayTables>;
  const redirectUri = () => `${services.config.publicUrl}${RELAY_API.callback}`;

  app.post(RELAY_API.flows, async (request, reply) => {
    const deviceId = requireDevice(request, services);
    const body = parseRequest(relayStartRequestSchema, request.body);
    if (config[body.platform] === undefined) {
      return reply.status(503).send({ code: 'relay_not_configured', message: `Connecting ${body.platform} is not available on this server yet.` });
    }
    const now = services.clock.now();
    // AgencyIQ's confidential clients are for its paying owners: a seated device on a plan in force.
    await requireLicensedDevice(services, deviceId, now);
    const quota = await services.rates.hit('relay-flow', deviceId, { max: services.config.relayFlowsPerDevicePerHour, windowMs: HOUR_MS }, now);
    if (!quota.allowed) {
      throw new LicenceHttpError('rate_limited', 'This computer has started too many sign-ins in the last hour. Wait a while, then try again.', undefined, quota.retryAfterSeconds);
    }
    const expiresAt = now + RELAY_FLOW_TTL_SECONDS * 1000;
    const added = await relayStore.addFlow(db, { state: body.state, deviceId, platform: body.platform, codeVerifier: body.codeVerifier, expiresAt }, now);
    if (!added) return reply.status(409).send({ code: 'state_in_use', message: 'That sign-in is already registered. Start again.' });
    request.log.info({ platform: body.platform }, 'OAuth relay flow registered');
    return { redirectUri: redirectUri(), expiresAt } satisfies z.infer<typeof relayStartResponseSchema>;
  });

  app.get<{ Querystring: Record<string, unknown> }>(RELAY_API.callback, async (request, reply) => {
    const { code, state, error } = request.query;
    const expired = () =>
      relayPage(reply, 400, 'This sign-in link has run out', 'It was already used, or it is too old. Go back to AgencyIQ and press Connect again.');
    if (typeof state !== 'string' || !STATE.test(state)) return expired();
    const now = services.clock.now();
    const flow = await relayStore.takeFlow(db, state);
    if (flow === null || flow.expiresAt <= now) return expired();
    const platform = flow.platform as RelayPlatform;
    const provider = config[platform];
    if (provider === undefined) return expired();

    let result: RedeemBody;
    if (typeof error === 'string' || typeof code !== 'string' || code === '' || code.length > MAX_CODE_LENGTH) {
      const reason = typeof error === 'string' && ERROR_CODE.test(error) ? error : 'invalid_request';
      result = { outcome: 'error', platform, state, error: reason };
    } else {
      try {
        const tokens = await exchangeCode(provider, { code, redirectUri: redirectUri(), codeVerifier: flow.codeVerifier });
        result = { outcome: 'tokens', platform, state, ...tokens };
      } catch (caught) {
        if (!(caught instanceof ExchangeError)) throw caught;
        request.log.warn({ platform, error: caught.error }, 'OAuth relay code exchange refused');
        result = { outcome: 'error', platform, state, error: 'exchange_failed' };
      }
    }
    const handoff = newHandoffId();
    await relayStore.addHandoff(
      db,
      { idHash: handoffHash(handoff), deviceId: flow.deviceId, sealed: sealForHandoff(handoff, JSON.stringify(result)), expiresAt: now + RELAY_HANDOFF_TTL_SECONDS * 1000 },
      now,
    );
    request.log.info({ platform, outcome: result.outcome }, 'OAuth relay handoff ready');
    return reply
      .status(302)
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('location', `agencyiq://oauth/complete?handoff=${handoff}`)
      .send();
  });

  app.post<{ Params: { handoff: string } }>(`${RELAY_API.redeem}/:handoff`, async (request, reply) => {
    const deviceId = requireDevice(request, services);
    const refused = () =>
      reply.status(404).send({ code: 'unknown_handoff', message: 'This sign-in hand-over is not valid: it was used, it ran out, or it belongs to another device.' });
    const { handoff } = request.params;
    if (typeof handoff !== 'string' || !HANDOFF.test(handoff)) return refused();
    const sealed = await relayStore.redeemHandoff(db, handoffHash(handoff), deviceId, services.clock.now());
    if (sealed === null) return refused();
    const opened = openForHandoff(handoff, sealed);
    const parsed = opened === null ? null : relayRedeemResponseSchema.safeParse(JSON.parse(opened));
    if (!parsed?.success) return refused();
    request.log.info({ platform: parsed.data.platform, outcome: parsed.data.outcome }, 'OAuth relay handoff redeemed');
    return parsed.data;
  });
}

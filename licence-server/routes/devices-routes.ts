import type { FastifyInstance } from 'fastify';
import {
  LICENCE_API,
  challengeRequestSchema,
  sessionRequestSchema,
  type challengeResponseSchema,
  type devicesResponseSchema,
  type sessionResponseSchema,
} from '@shared/licence/licence-api';
import type { z } from 'zod';
import { deviceKeyHash, devicePublicKey, verifySessionSignature } from '../auth/device-keys';
import { checkChallengeLimits } from '../auth/challenge-limits';
import { requireDevice } from '../auth/require-device';
import { deviceStore, type DeviceLeaseRow } from '../db/device-store';
import { nonceStore } from '../db/nonce-store';
import { LicenceHttpError } from '../errors';
import type { Services } from '../services';
import { parseRequest } from '../validate';

const NONCE_TTL_MS = 5 * 60 * 1000;

/**
 * Device identity without passwords: a nonce, the device's Ed25519 signature over it, a bearer
 * token. And the seats of the device's licence: list, and remove one from any seated device.
 */
export function devicesRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services.db;

  app.post(LICENCE_API.challenge, async (request) => {
    const { publicKey } = parseRequest(challengeRequestSchema, request.body);
    if (!devicePublicKey(publicKey)) throw new LicenceHttpError('invalid_request', 'The device key is not an Ed25519 public key.');
    const now = services.clock.now();
    const nonce = services.ids.nonce();
    const expiresAt = now + NONCE_TTL_MS;
    await checkChallengeLimits(services.db, services.rates, services.config, { publicKey, sourceAddress: request.ip }, now);
    await nonceStore.create(db, { nonce, publicKey, expiresAt });
    return { nonce, expiresAt } satisfies z.infer<typeof challengeResponseSchema>;
  });

  app.post(LICENCE_API.session, async (request) => {
    const body = parseRequest(sessionRequestSchema, request.body);
    const now = services.clock.now();
    // Consumed before the signature is checked: a nonce is worth one attempt, right or wrong.
    const expiresAt = await nonceStore.consume(db, body.nonce, body.publicKey);
    if (expiresAt === null) throw new LicenceHttpError('unauthenticated', 'This sign-in request is unknown or was already used. Try again.');
    if (expiresAt <= now) throw new LicenceHttpError('nonce_expired', 'This sign-in request took too long and expired. Try again.');
    if (!verifySessionSignature(body.publicKey, body.nonce, body.signature)) {
      throw new LicenceHttpError('unauthenticated', 'The device could not prove its identity (the signature did not match).');
    }
    const deviceId = await deviceStore.register(db, {
      id: services.ids.device(),
      publicKey: body.publicKey,
      keyHash: deviceKeyHash(body.publicKey),
      name: body.deviceName,
      os: body.os,
      now,
    });
    const { token, expiresAt: tokenExpiresAt } = services.tokens.issue(deviceId, now);
    request.log.info({ deviceId }, 'Device signed in');
    return { token, expiresAt: tokenExpiresAt, deviceId } satisfies z.infer<typeof sessionResponseSchema>;
  });

  app.get(LICENCE_API.devices, async (request) => {
    const deviceId = requireDevice(request, services);
    const licenceId = seatedLicence(await deviceStore.findForLease(db, deviceId));
    return listDevices(services, licenceId, deviceId);
  });

  app.delete<{ Params: { deviceId: string } }>(`${LICENCE_API.devices}/:deviceId`, async (request) => {
    const deviceId = requireDevice(request, services);
    const licenceId = seatedLicence(await deviceStore.findForLease(db, deviceId));
    const target = request.params.deviceId;
    if (!(await deviceStore.unseat(db, target, licenceId, services.clock.now()))) {
      throw new LicenceHttpError('unknown_device', 'That device does not use this plan (it may have been removed already).');
    }
    request.log.info({ deviceId, removed: target }, 'Device removed from licence');
    return listDevices(services, licenceId, deviceId);
  });
}

/** The licence the device holds a seat on, or the refusal that says why it has none. */
export function seatedLicence(row: DeviceLeaseRow | undefined): string {
  if (!row) throw new LicenceHttpError('unauthenticated', 'This device is not known to the licence server. Sign in again.');
  if (row.licence_id === null) throw new LicenceHttpError('no_licence', 'This device has no plan yet.');
  if (row.deactivated_at !== null) {
    throw new LicenceHttpError('device_deactivated', 'This computer was removed from your plan on another device. Enter your licence key to use it here again.');
  }
  return row.licence_id;
}

/** The licence's seated devices in the API's shape, `current` marking the one asking. */
export async function listDevices(services: Services, licenceId: string, currentId: string): Promise<z.infer<typeof devicesResponseSchema>> {
  const rows = await deviceStore.listSeated(services.db.db, licenceId);
  return {
    devices: rows.map((row) => ({
      id: row.id,
      name: row.name,
      os: row.os as 'mac' | 'windows' | 'linux' | 'other',
      activatedAt: row.activated_at ?? 0,
      lastSeenAt: row.last_seen_at,
      current: row.id === currentId,
    })),
  };
}

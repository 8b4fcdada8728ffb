import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { CHARGE_SIGNING_PREFIX, LICENCE_API, chargeRequestSchema, type chargeResponseSchema } from '@shared/licence/licence-api';
import { verifyDeviceSignature } from '../auth/device-keys';
import { requireDevice } from '../auth/require-device';
import { chargeStore } from '../charges/charge-store';
import { deviceStore } from '../db/device-store';
import { billingCycle } from '../leases/lease-service';
import { LicenceHttpError } from '../errors';
import type { Services } from '../services';
import { parseRequest } from '../validate';
import { seatedLicence } from './devices-routes';

/**
 * POST /v1/charges: a device reports a post it published (signed with its device key, so a
 * stolen bearer token alone cannot inflate a count), once or many times. The server's count per
 * cycle goes into the next lease, so a device whose local ledger was wiped still knows what its
 * plan has used.
 */
export function chargeRoutes(app: FastifyInstance, services: Services): void {
  app.post(LICENCE_API.charges, async (request) => {
    const deviceId = requireDevice(request, services);
    const body = parseRequest(chargeRequestSchema, request.body);
    const { db } = services.db;
    const row = await deviceStore.findForLease(db, deviceId);
    const licenceId = seatedLicence(row);
    const device = await db.selectFrom('devices').select('public_key').where('id', '=', deviceId).executeTakeFirstOrThrow();
    if (!verifyDeviceSignature(device.public_key, `${CHARGE_SIGNING_PREFIX}${body.postId}:${body.cycleStart}`, body.signature)) {
      throw new LicenceHttpError('unauthenticated', 'The device could not prove this report is its own (the signature did not match).');
    }
    const now = services.clock.now();
    // A billing cycle the licence really has: the current one, or the one before it (a post
    // published just before the billing date and reported after it). Never one in the future.
    const current = row ? billingCycle(row, now) : null;
    const previous = row && current ? billingCycle(row, current.start - 1) : null;
    if (current === null || (body.cycleStart !== current.start && body.cycleStart !== previous?.start)) {
      throw new LicenceHttpError('invalid_request', 'The request was not understood (cycleStart): not a cycle of this plan.');
    }
    const counted = await chargeStore.record(db, { licenceId, postId: body.postId, cycleStart: body.cycleStart, deviceId, now });
    return counted satisfies z.infer<typeof chargeResponseSchema>;
  });
}

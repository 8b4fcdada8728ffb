import type { FastifyInstance } from 'fastify';
import { LICENCE_API, activateRequestSchema } from '@shared/licence/licence-api';
import { requireDevice } from '../auth/require-device';
import { deviceStore } from '../db/device-store';
import { licenceStore } from '../db/licence-store';
import { LicenceHttpError } from '../errors';
import { maskLicenceKey, normaliseLicenceKey } from '../licence-key';
import type { Services } from '../services';
import { parseRequest } from '../validate';
import { listDevices } from './devices-routes';

const quoteList = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/**
 * POST /v1/activations {licenceKey}: gives this device a seat on the licence, within the plan's
 * seat limit. A full licence is refused with the devices that hold the seats, by name.
 */
export function activationRoutes(app: FastifyInstance, services: Services): void {
  app.post(LICENCE_API.activate, async (request, reply) => {
    const deviceId = requireDevice(request, services);
    const { licenceKey, ...leaseOptions } = parseRequest(activateRequestSchema, request.body);
    const key = normaliseLicenceKey(licenceKey);
    const now = services.clock.now();
    await services.db.db.transaction().execute(async (trx) => {
      const licence = await licenceStore.findByKey(trx, key, services.db.kind);
      if (!licence) throw new LicenceHttpError('unknown_licence_key', 'That licence key is not one we issued. Check it against the key on your other device or your receipt page.');
      const usable = licence.status === 'active' || (licence.status === 'past_due' && licence.grace_until !== null && now < licence.grace_until);
      if (!usable) throw new LicenceHttpError('licence_lapsed', 'The plan behind this licence key has ended, so it cannot be used on another device.');
      if (!licence.plan) throw new LicenceHttpError('no_licence', 'This licence is still being set up. Try again in a minute.');
      const seated = await deviceStore.listSeated(trx, licence.id);
      if (seated.some((device) => device.id === deviceId)) return;
      const seats = services.config.plans[licence.plan as keyof typeof services.config.plans].seats;
      if (seated.length >= seats) {
        const { devices } = await listDevices({ ...services, db: { ...services.db, db: trx } }, licence.id, deviceId);
        const names = quoteList(devices.map((device) => `“${device.name}”`));
        const label = services.config.plans[licence.plan as keyof typeof services.config.plans].label;
        throw new LicenceHttpError(
          'seats_full',
          `${label} allows ${seats} ${seats === 1 ? 'device' : 'devices'}, and ${seats === 1 ? 'it is' : 'all are'} in use: ${names}. ` +
            'Remove one of them from the plan (on any device that uses it), then enter the key here again.',
          devices,
        );
      }
      await deviceStore.seat(trx, deviceId, licence.id, now);
      request.log.info({ deviceId, licenceKeyMasked: maskLicenceKey(key) }, 'Device activated');
    });
    const body = await services.leases.renewJson(deviceId, now, leaseOptions);
    return reply.type('application/json; charset=utf-8').send(body);
  });
}

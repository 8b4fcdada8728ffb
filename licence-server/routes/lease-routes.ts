import type { FastifyInstance } from 'fastify';
import { LICENCE_API, leaseRequestSchema } from '@shared/licence/licence-api';
import { requireDevice } from '../auth/require-device';
import type { Services } from '../services';
import { parseRequest } from '../validate';

/** POST /v1/lease: the device's renewed lease, or why there is none. One request, one read. */
export function leaseRoutes(app: FastifyInstance, services: Services): void {
  app.post(LICENCE_API.lease, async (request, reply) => {
    const deviceId = requireDevice(request, services);
    // No body (a version-1 app) reads as {}.
    const options = parseRequest(leaseRequestSchema, request.body ?? {});
    const body = await services.leases.renewJson(deviceId, services.clock.now(), options);
    return reply.type('application/json; charset=utf-8').send(body);
  });
}

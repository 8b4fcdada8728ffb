import type { FastifyRequest } from 'fastify';
import { LicenceHttpError } from '../errors';
import type { Services } from '../services';

/** The device id behind the request's `Authorization: Bearer` token, or a 401. */
export function requireDevice(request: FastifyRequest, services: Pick<Services, 'tokens' | 'clock'>): string {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) {
    throw new LicenceHttpError('unauthenticated', 'This request needs the device to sign in first.');
  }
  const deviceId = services.tokens.verify(header.slice(7), services.clock.now());
  if (deviceId === null) throw new LicenceHttpError('unauthenticated', 'The device session has expired or is not valid. Sign in again.');
  return deviceId;
}

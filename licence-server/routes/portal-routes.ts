import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { LICENCE_API, type portalResponseSchema } from '@shared/licence/licence-api';
import { requireDevice } from '../auth/require-device';
import { deviceStore } from '../db/device-store';
import { licenceStore } from '../db/licence-store';
import { LicenceHttpError } from '../errors';
import type { Services } from '../services';
import { seatedLicence } from './devices-routes';
import { stripeFailure } from './stripe-failure';

/** POST /v1/portal: a Stripe billing-portal session for the customer behind this device's licence. */
export function portalRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services.db;
  app.post(LICENCE_API.portal, async (request) => {
    const deviceId = requireDevice(request, services);
    const licenceId = seatedLicence(await deviceStore.findForLease(db, deviceId));
    const licence = await licenceStore.findById(db, licenceId);
    if (!licence?.stripe_customer_id) throw new LicenceHttpError('no_licence', 'This plan has no billing account yet. Try again in a minute.');
    let session;
    try {
      session = await (await services.stripe()).billingPortal.sessions.create({
        customer: licence.stripe_customer_id,
        return_url: `${services.config.publicUrl}${LICENCE_API.portalReturn}`,
      });
    } catch (error) {
      throw stripeFailure(request.log, error, 'billingPortal.sessions.create');
    }
    return { url: session.url } satisfies z.infer<typeof portalResponseSchema>;
  });
}

import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { LICENCE_API, checkoutRequestSchema, type checkoutResponseSchema } from '@shared/licence/licence-api';
import { requireDevice } from '../auth/require-device';
import { checkoutStore } from '../db/checkout-store';
import { deviceStore } from '../db/device-store';
import { licenceStore } from '../db/licence-store';
import { LicenceHttpError } from '../errors';
import type { Services } from '../services';
import { parseRequest } from '../validate';
import { stripeFailure } from './stripe-failure';

/**
 * POST /v1/checkout {plan}: a pending checkout for this device and a Stripe Checkout Session in
 * subscription mode whose client_reference_id names it. Nothing is provisioned here: only the
 * webhook, once Stripe says the owner paid, gives out a licence.
 */
export function checkoutRoutes(app: FastifyInstance, services: Services): void {
  const { db } = services.db;
  app.post(LICENCE_API.checkout, async (request) => {
    const deviceId = requireDevice(request, services);
    const { plan } = parseRequest(checkoutRequestSchema, request.body);
    const now = services.clock.now();
    const row = await deviceStore.findForLease(db, deviceId);
    if (!row) throw new LicenceHttpError('unauthenticated', 'This device is not known to the licence server. Sign in again.');
    const holdsPaidPlan =
      row.licence_id !== null &&
      row.deactivated_at === null &&
      (row.status === 'active' || (row.status === 'past_due' && row.grace_until !== null && now < row.grace_until));
    if (holdsPaidPlan) {
      throw new LicenceHttpError('already_licensed', 'This device already has a plan. To change it, use Manage billing so you are not charged twice.');
    }
    // A returning customer keeps their Stripe customer (and saved payment details).
    const previous = row.licence_id ? await licenceStore.findById(db, row.licence_id) : undefined;
    const checkoutId = services.ids.checkout();
    await checkoutStore.create(db, { id: checkoutId, deviceId, plan, now });
    const base = services.config.publicUrl;
    let session;
    try {
      session = await (await services.stripe()).checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: services.config.priceIds[plan], quantity: 1 }],
        client_reference_id: checkoutId,
        success_url: `${base}${LICENCE_API.checkoutReturn}?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${base}${LICENCE_API.checkoutCancel}`,
        ...(previous?.stripe_customer_id ? { customer: previous.stripe_customer_id } : {}),
      });
    } catch (error) {
      throw stripeFailure(request.log, error, 'checkout.sessions.create');
    }
    if (!session.url) throw stripeFailure(request.log, new Error('Checkout Session has no url'), 'checkout.sessions.create');
    await checkoutStore.attachSession(db, checkoutId, session.id);
    request.log.info({ deviceId, plan, checkoutId }, 'Checkout started');
    return { url: session.url, checkoutSessionId: session.id } satisfies z.infer<typeof checkoutResponseSchema>;
  });
}

import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import { LICENCE_API } from '@shared/licence/licence-api';
import { LicenceHttpError } from '../errors';
import type { Services } from '../services';
import { applyStripeEvent } from '../webhooks/apply-stripe-event';

/** Stripe's own default: a signature older than five minutes is a replay. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * POST /webhooks/stripe. The signature covers the exact bytes Stripe sent, so this route gets
 * the raw body (its own content-type parser, in its own scope) and verifies before parsing.
 * A bad signature is a 400 that changes nothing; every verified event is answered 200 once it
 * is stored with its effect in one transaction (a replay finds it stored and changes nothing).
 */
export function stripeWebhookRoute(app: FastifyInstance, services: Services): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, body));

    scope.post(LICENCE_API.stripeWebhook, async (request) => {
      const signature = request.headers['stripe-signature'];
      if (!Buffer.isBuffer(request.body) || typeof signature !== 'string') {
        throw new LicenceHttpError('invalid_request', 'A Stripe webhook needs a body and a Stripe-Signature header.');
      }
      const stripe = await services.stripe();
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(
          request.body,
          signature,
          services.config.stripeWebhookSecret,
          SIGNATURE_TOLERANCE_SECONDS,
          undefined,
          services.clock.now(),
        );
      } catch (error) {
        request.log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'Stripe webhook refused: signature did not verify');
        throw new LicenceHttpError('invalid_request', 'The webhook signature did not verify.');
      }
      const now = services.clock.now();
      const outcome = await services.db.db.transaction().execute((trx) =>
        applyStripeEvent({ trx, kind: services.db.kind, config: services.config, now, ids: services.ids, log: request.log }, event),
      );
      request.log.info({ eventId: event.id, type: event.type, created: event.created, outcome }, 'Stripe event');
      return { received: true };
    });
  });
}

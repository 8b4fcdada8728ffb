import type { FastifyInstance } from 'fastify';
import { LICENCE_API } from '@shared/licence/licence-api';
import { LicenceHttpError } from '../errors';
import type { Services } from '../services';
import { applyStripeEvent } from '../webhooks/apply-stripe-event';

/** Stripe's own default: a signature older than five minutes is a replay. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * POST /webhooks/stripe. The signature covers the exact bytes Stripe sent, so this route gets
 * the raw body (its own content-type parser, in its own scope) and verifies before parsing.
 * A bad signature, or a signed body that is not JSON, is a 400 that changes nothing and says
 * which it was; every signed event is answered 200 once it is stored with its effect in one
 * transaction (a replay finds it stored and changes nothing), including one whose fields are
 * unusable (stored as such: a retry could not fix it).
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
      const body = request.body;
      const stripe = await services.stripe();
      try {
        if (!stripe.webhooks.signature) throw new Error('the Stripe SDK has no signature helper');
        stripe.webhooks.signature.verifyHeader(body, signature, services.config.stripeWebhookSecret, SIGNATURE_TOLERANCE_SECONDS, undefined, services.clock.now());
      } catch (error) {
        request.log.warn({ reason: error instanceof Error ? error.message.split('\n')[0] : String(error) }, 'Stripe webhook refused: signature did not verify');
        throw new LicenceHttpError('invalid_request', 'The webhook signature did not verify.');
      }
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch (error) {
        const reason = error instanceof Error ? error.message.slice(0, 200) : 'unreadable';
        request.log.warn({ reason }, 'Stripe webhook refused: signed, but the body is not JSON');
        throw new LicenceHttpError('invalid_request', `The webhook signature verified, but its body is not valid JSON (${reason}).`);
      }
      const now = services.clock.now();
      const result = await services.db.db.transaction().execute((trx) =>
        applyStripeEvent({ trx, kind: services.db.kind, config: services.config, now, ids: services.ids, log: request.log }, payload, body),
      );
      // Only these fixed words and the event's own id and type: never the event or any context.
      if (result.outcome === 'unusable') request.log.warn({ eventId: result.id, type: result.type, problem: result.problem }, 'Stripe event unusable; recorded');
      else request.log.info({ eventId: result.id, type: result.type, outcome: result.outcome }, 'Stripe event');
      return { received: true };
    });
  });
}

import type Stripe from 'stripe';
import { eventStore } from '../db/event-store';
import { onCheckoutSessionCompleted } from './checkout-session-completed';
import { onInvoiceEvent } from './invoice-event';
import { onSubscriptionEvent } from './subscription-event';
import type { EventOutcome, WebhookContext } from './webhook-context';

type Handler = (ctx: WebhookContext, event: Stripe.Event) => Promise<EventOutcome>;

const HANDLERS: Readonly<Record<string, Handler>> = {
  'checkout.session.completed': onCheckoutSessionCompleted,
  'customer.subscription.created': onSubscriptionEvent,
  'customer.subscription.updated': onSubscriptionEvent,
  'customer.subscription.deleted': onSubscriptionEvent,
  'invoice.paid': onInvoiceEvent,
  'invoice.payment_failed': onInvoiceEvent,
};

/**
 * Applies one verified event inside the caller's transaction: recorded by id first (a replay
 * finds it and changes nothing), then handed to its type's handler. Unknown types are recorded
 * and ignored.
 */
export async function applyStripeEvent(ctx: WebhookContext, event: Stripe.Event): Promise<EventOutcome | 'duplicate'> {
  const claimed = await eventStore.claim(ctx.trx, { id: event.id, type: event.type, created: event.created, now: ctx.now });
  if (!claimed) return 'duplicate';
  const handler = HANDLERS[event.type];
  return handler ? handler(ctx, event) : 'ignored';
}

import type Stripe from 'stripe';
import { licenceStore } from '../db/licence-store';
import type { LicencesTable } from '../db/schema';
import { eventKey, isNewer } from './event-order';
import { licenceForSubscription } from './licence-for-subscription';
import { DAY_MS, stripeId, type EventOutcome, type WebhookContext } from './webhook-context';

/**
 * invoice.paid / invoice.payment_failed for a subscription's invoice: paid means active; failed
 * means past due with grace counted from the invoice's creation, so Stripe's retries of the same
 * invoice do not stretch the grace.
 */
export async function onInvoiceEvent(ctx: WebhookContext, event: Stripe.Event): Promise<EventOutcome> {
  const invoice = event.data.object as Stripe.Invoice;
  const subscriptionId = stripeId(invoice.parent?.subscription_details?.subscription);
  if (!subscriptionId) return 'ignored';
  const licence = await licenceForSubscription(ctx, subscriptionId);
  const key = eventKey(event);
  const patch: Partial<LicencesTable> = {};
  if (licence.stripe_customer_id === null) patch.stripe_customer_id = stripeId(invoice.customer);
  const newer = isNewer(key, { created: licence.status_event_created, rank: licence.status_event_rank, id: licence.status_event_id });
  const applied = newer && licence.status !== 'canceled';
  if (applied) {
    const paid = event.type === 'invoice.paid';
    patch.status = paid ? 'active' : 'past_due';
    patch.grace_until = paid ? null : invoice.created * 1000 + ctx.config.pastDueGraceDays * DAY_MS;
    patch.status_event_created = key.created;
    patch.status_event_rank = key.rank;
    patch.status_event_id = key.id;
  }
  if (Object.keys(patch).length > 0) await licenceStore.update(ctx.trx, licence.id, patch, ctx.now);
  return applied ? 'applied' : 'stale';
}

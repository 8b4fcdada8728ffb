import { licenceStore } from '../db/licence-store';
import type { LicencesTable } from '../db/schema';
import { eventKey, isNewer } from './event-order';
import type { EventEnvelope, InvoiceFields } from './event-schemas';
import { licenceForSubscription } from './licence-for-subscription';
import { DAY_MS, stripeId, type EventOutcome, type WebhookContext } from './webhook-context';

/**
 * invoice.paid / invoice.payment_failed for a subscription's invoice: paid means active; failed
 * means past due with grace counted from the invoice's creation, so Stripe's retries of the same
 * invoice do not stretch the grace. When a newer `customer.subscription.updated` (past_due) got
 * here first, it named this invoice as its latest: the grace it started is moved back to this
 * invoice's creation, so the grace is the same in either delivery order.
 */
export async function onInvoiceEvent(ctx: WebhookContext, event: EventEnvelope, invoice: InvoiceFields): Promise<EventOutcome> {
  const subscriptionId = stripeId(invoice.parent?.subscription_details?.subscription);
  if (!subscriptionId) return 'ignored';
  const licence = await licenceForSubscription(ctx, subscriptionId);
  const key = eventKey(event);
  const failed = event.type === 'invoice.payment_failed';
  const graceFromInvoice = invoice.created * 1000 + ctx.config.pastDueGraceDays * DAY_MS;
  const patch: Partial<LicencesTable> = {};
  if (licence.stripe_customer_id === null) patch.stripe_customer_id = stripeId(invoice.customer);
  const newer = isNewer(key, { created: licence.status_event_created, rank: licence.status_event_rank, id: licence.status_event_id });
  const applied = newer && licence.status !== 'canceled';
  if (applied) {
    patch.status = failed ? 'past_due' : 'active';
    patch.grace_until = failed ? graceFromInvoice : null;
    patch.grace_invoice_id = failed ? invoice.id : null;
    patch.status_event_created = key.created;
    patch.status_event_rank = key.rank;
    patch.status_event_id = key.id;
  } else if (failed && licence.status === 'past_due' && licence.grace_invoice_id === invoice.id && licence.grace_until !== graceFromInvoice) {
    patch.grace_until = graceFromInvoice;
  }
  if (Object.keys(patch).length > 0) await licenceStore.update(ctx.trx, licence.id, patch, ctx.now);
  return applied || patch.grace_until !== undefined ? 'applied' : 'stale';
}

import { planForPrice } from '../config';
import { licenceStore, type LicenceStatus } from '../db/licence-store';
import type { LicencesTable } from '../db/schema';
import { eventKey, isNewer } from './event-order';
import type { EventEnvelope, SubscriptionFields } from './event-schemas';
import { licenceForSubscription } from './licence-for-subscription';
import { DAY_MS, stripeId, type EventOutcome, type WebhookContext } from './webhook-context';

/** How a Stripe subscription status reads as a licence status. */
export function licenceStatusOf(status: string): LicenceStatus {
  switch (status) {
    case 'active':
    case 'trialing':
      return 'active';
    case 'past_due':
      return 'past_due';
    case 'incomplete':
      return 'pending';
    default:
      // canceled, unpaid, incomplete_expired, paused: no paid service.
      return 'lapsed';
  }
}

/**
 * customer.subscription.created / updated / deleted: the plan (from the price), the billing
 * period (the plan item's current_period_start/end: the quota cycle, so it resets on the date
 * the owner is billed) and the status, each only if this event is newer than the one that last
 * set them. A deletion is final whenever it arrives.
 */
export async function onSubscriptionEvent(ctx: WebhookContext, event: EventEnvelope, subscription: SubscriptionFields): Promise<EventOutcome> {
  const licence = await licenceForSubscription(ctx, subscription.id);
  const key = eventKey(event);
  const patch: Partial<LicencesTable> = {};
  let applied = false;
  if (licence.stripe_customer_id === null) patch.stripe_customer_id = stripeId(subscription.customer);

  const subscriptionNewer = isNewer(key, { created: licence.sub_event_created, rank: licence.sub_event_rank, id: licence.sub_event_id });
  if (subscriptionNewer) {
    // The item that sells one of our plans (the schema guarantees at least one item).
    const items = subscription.items.data;
    const item = items.find((candidate) => planForPrice(ctx.config, candidate.price.id) !== null) ?? items[0];
    const plan = item ? planForPrice(ctx.config, item.price.id) : null;
    if (plan) patch.plan = plan;
    else ctx.log.warn({ subscription: subscription.id, priceId: item?.price.id }, 'Subscription sells a price that is not a known plan; plan left as it was');
    if (item) {
      patch.cycle_start = item.current_period_start * 1000;
      patch.cycle_end = item.current_period_end * 1000;
    }
    patch.sub_event_created = key.created;
    patch.sub_event_rank = key.rank;
    patch.sub_event_id = key.id;
    applied = true;
  }

  const deleted = event.type === 'customer.subscription.deleted';
  const statusNewer = isNewer(key, { created: licence.status_event_created, rank: licence.status_event_rank, id: licence.status_event_id });
  if (licence.status !== 'canceled' && (deleted || statusNewer)) {
    const status: LicenceStatus = deleted ? 'canceled' : licenceStatusOf(subscription.status);
    patch.status = status;
    const continuing = status === 'past_due' && licence.status === 'past_due' && licence.grace_until !== null;
    // A past_due update before its failed invoice: grace from this event until that invoice
    // (the subscription's latest) arrives and moves it back to its own creation.
    patch.grace_until = status !== 'past_due' ? null : continuing ? licence.grace_until : key.created * 1000 + ctx.config.pastDueGraceDays * DAY_MS;
    patch.grace_invoice_id = status !== 'past_due' ? null : continuing ? licence.grace_invoice_id : stripeId(subscription.latest_invoice);
    if (statusNewer) {
      patch.status_event_created = key.created;
      patch.status_event_rank = key.rank;
      patch.status_event_id = key.id;
    }
    applied = true;
  }
  if (Object.keys(patch).length > 0) await licenceStore.update(ctx.trx, licence.id, patch, ctx.now);
  return applied ? 'applied' : 'stale';
}

import type Stripe from 'stripe';
import { planForPrice } from '../config';
import { licenceStore, type LicenceStatus } from '../db/licence-store';
import type { LicencesTable } from '../db/schema';
import { eventKey, isNewer } from './event-order';
import { licenceForSubscription } from './licence-for-subscription';
import { DAY_MS, stripeId, type EventOutcome, type WebhookContext } from './webhook-context';

/** How a Stripe subscription status reads as a licence status. */
export function licenceStatusOf(status: Stripe.Subscription.Status): LicenceStatus {
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
 * customer.subscription.created / updated / deleted: the plan (from the price), the cycle anchor
 * (the subscription's start) and the status, each only if this event is newer than the one that
 * last set them. A deletion is final whenever it arrives.
 */
export async function onSubscriptionEvent(ctx: WebhookContext, event: Stripe.Event): Promise<EventOutcome> {
  const subscription = event.data.object as Stripe.Subscription;
  const licence = await licenceForSubscription(ctx, subscription.id);
  const key = eventKey(event);
  const patch: Partial<LicencesTable> = {};
  let applied = false;
  if (licence.stripe_customer_id === null) patch.stripe_customer_id = stripeId(subscription.customer);

  const subscriptionNewer = isNewer(key, { created: licence.sub_event_created, rank: licence.sub_event_rank, id: licence.sub_event_id });
  if (subscriptionNewer) {
    const priceId = subscription.items.data[0]?.price.id;
    const plan = priceId ? planForPrice(ctx.config, priceId) : null;
    if (plan) patch.plan = plan;
    else ctx.log.warn({ subscription: subscription.id, priceId }, 'Subscription sells a price that is not a known plan; plan left as it was');
    patch.cycle_anchor = subscription.start_date * 1000;
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
    patch.grace_until =
      status === 'past_due'
        ? licence.status === 'past_due' && licence.grace_until !== null
          ? licence.grace_until
          : key.created * 1000 + ctx.config.pastDueGraceDays * DAY_MS
        : null;
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

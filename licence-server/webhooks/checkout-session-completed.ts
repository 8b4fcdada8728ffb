import { checkoutStore } from '../db/checkout-store';
import { deviceStore } from '../db/device-store';
import { licenceStore } from '../db/licence-store';
import type { LicencesTable } from '../db/schema';
import type { CheckoutSessionFields, EventEnvelope } from './event-schemas';
import { licenceForSubscription } from './licence-for-subscription';
import { stripeId, type EventOutcome, type WebhookContext } from './webhook-context';

/**
 * The owner paid: link the subscription's licence to the checkout and give the device that
 * started it a seat. Plan and status come from here only until a subscription or
 * invoice event has spoken, whichever order they arrive in.
 */
export async function onCheckoutSessionCompleted(ctx: WebhookContext, _event: EventEnvelope, session: CheckoutSessionFields): Promise<EventOutcome> {
  const subscriptionId = stripeId(session.subscription);
  if (session.mode !== 'subscription' || !subscriptionId) return 'ignored';
  const licence = await licenceForSubscription(ctx, subscriptionId);
  const checkout = session.client_reference_id ? await checkoutStore.find(ctx.trx, session.client_reference_id) : undefined;
  if (!checkout) ctx.log.warn({ checkoutSession: session.id }, 'Completed checkout names no checkout of ours; licence provisioned without a device');

  const patch: Partial<LicencesTable> = {};
  if (licence.stripe_customer_id === null) patch.stripe_customer_id = stripeId(session.customer);
  if (licence.checkout_session_id === null) patch.checkout_session_id = session.id;
  if (licence.sub_event_id === null && checkout && licence.plan === null) patch.plan = checkout.plan;
  // The fallback cycle start until a subscription event names the billing period.
  if (licence.cycle_anchor === null) patch.cycle_anchor = session.created * 1000;
  const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
  if (licence.status_event_id === null && licence.status === 'pending' && paid) patch.status = 'active';
  if (Object.keys(patch).length > 0) await licenceStore.update(ctx.trx, licence.id, patch, ctx.now);

  if (checkout) {
    await checkoutStore.complete(ctx.trx, checkout.id, licence.id, ctx.now);
    await deviceStore.seat(ctx.trx, checkout.device_id, licence.id, ctx.now);
  }
  return 'applied';
}

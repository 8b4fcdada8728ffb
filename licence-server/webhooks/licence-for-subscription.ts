import { licenceStore, type LicenceRow } from '../db/licence-store';
import type { WebhookContext } from './webhook-context';

/** The (locked) licence row of a subscription, created on the first event that names it. */
export function licenceForSubscription(ctx: WebhookContext, subscriptionId: string): Promise<LicenceRow> {
  const fresh = ctx.ids.licence();
  return licenceStore.lockForSubscription(ctx.trx, ctx.kind, { ...fresh, subscriptionId, now: ctx.now });
}

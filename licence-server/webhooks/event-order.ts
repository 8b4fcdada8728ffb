/**
 * Where an event sits in a subscription's history: Stripe's `created` (seconds), then a rank for
 * events created in the same second (a checkout, the subscription it created and its first
 * invoice usually share one), then the event id so that the order is total. Delivery order
 * never matters: a field group takes the values of the greatest event that carries it.
 */
export interface EventKey {
  created: number;
  rank: number;
  id: string;
}

const RANK: ReadonlyMap<string, number> = new Map([
  ['checkout.session.completed', 0],
  ['customer.subscription.created', 1],
  ['invoice.paid', 2],
  ['invoice.payment_failed', 2],
  ['customer.subscription.updated', 3],
  ['customer.subscription.deleted', 4],
]);

export function eventKey(event: { id: string; type: string; created: number }): EventKey {
  return { created: event.created, rank: RANK.get(event.type) ?? 0, id: event.id };
}

/** True when `a` comes after `b` (or `b` is none yet). */
export function isNewer(a: EventKey, b: { created: number | null; rank: number | null; id: string | null }): boolean {
  if (b.created === null || b.rank === null || b.id === null) return true;
  if (a.created !== b.created) return a.created > b.created;
  if (a.rank !== b.rank) return a.rank > b.rank;
  return a.id > b.id;
}

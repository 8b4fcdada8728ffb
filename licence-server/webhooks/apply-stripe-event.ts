import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { eventStore } from '../db/event-store';
import { onCheckoutSessionCompleted } from './checkout-session-completed';
import {
  checkoutSessionSchema,
  describeProblem,
  eventEnvelopeSchema,
  invoiceSchema,
  subscriptionSchema,
  type EventEnvelope,
} from './event-schemas';
import { onInvoiceEvent } from './invoice-event';
import { onSubscriptionEvent } from './subscription-event';
import type { EventOutcome, WebhookContext } from './webhook-context';

interface Handler {
  schema: z.ZodType;
  apply(ctx: WebhookContext, event: EventEnvelope, object: unknown): Promise<EventOutcome>;
}

function handler<S extends z.ZodType>(schema: S, apply: (ctx: WebhookContext, event: EventEnvelope, object: z.infer<S>) => Promise<EventOutcome>): Handler {
  return { schema, apply: (ctx, event, object) => apply(ctx, event, object as z.infer<S>) };
}

// A Map, not an object literal: an event type such as "constructor" or "__proto__" must find
// nothing, not something Object.prototype lends every object.
const HANDLERS: ReadonlyMap<string, Handler> = new Map([
  ['checkout.session.completed', handler(checkoutSessionSchema, onCheckoutSessionCompleted)],
  ['customer.subscription.created', handler(subscriptionSchema, onSubscriptionEvent)],
  ['customer.subscription.updated', handler(subscriptionSchema, onSubscriptionEvent)],
  ['customer.subscription.deleted', handler(subscriptionSchema, onSubscriptionEvent)],
  ['invoice.paid', handler(invoiceSchema, onInvoiceEvent)],
  ['invoice.payment_failed', handler(invoiceSchema, onInvoiceEvent)],
]);

/** What happened to one verified webhook body; only these words are ever logged about it. */
export interface AppliedEvent {
  id: string;
  type: string;
  outcome: EventOutcome | 'duplicate' | 'unusable';
  /** Why an unusable event could not be applied: a field path and what was wrong, never a value. */
  problem?: string;
}

/**
 * Applies one verified (signed) webhook body inside the caller's transaction. Its fields are
 * checked first: a body that is not an event, or a handled event whose fields are not what the
 * handler reads, is recorded as unusable and changes nothing else (Stripe would retry a 5xx for
 * days, and no retry can fix it). A usable event is recorded by id first (a replay finds it and
 * changes nothing), then handed to its type's handler. Unknown types are recorded and ignored.
 */
export async function applyStripeEvent(ctx: WebhookContext, payload: unknown, rawBody: Buffer): Promise<AppliedEvent> {
  const envelope = eventEnvelopeSchema.safeParse(payload);
  if (!envelope.success) {
    // No id to record it by: the body's digest stands in, so a redelivery is still a duplicate.
    const id = `unusable_${createHash('sha256').update(rawBody).digest('hex').slice(0, 40)}`;
    const fields = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
    const type = typeof fields['type'] === 'string' ? fields['type'].slice(0, 255) : '';
    const created = Number.isSafeInteger(fields['created']) && Number(fields['created']) >= 0 ? Number(fields['created']) : 0;
    return record(ctx, { id, type, created }, describeProblem(envelope.error));
  }
  const event = envelope.data;
  const entry = HANDLERS.get(event.type);
  if (!entry) return record(ctx, event, null, async () => 'ignored');
  const object = entry.schema.safeParse(event.data.object);
  if (!object.success) return record(ctx, event, `data.object.${describeProblem(object.error)}`);
  return record(ctx, event, null, () => entry.apply(ctx, event, object.data));
}

async function record(
  ctx: WebhookContext,
  event: { id: string; type: string; created: number },
  problem: string | null,
  apply?: () => Promise<EventOutcome>,
): Promise<AppliedEvent> {
  const claimed = await eventStore.claim(ctx.trx, { id: event.id, type: event.type, created: event.created, now: ctx.now, unusableReason: problem });
  const base = { id: event.id, type: event.type };
  if (!claimed) return { ...base, outcome: 'duplicate' };
  if (problem !== null || !apply) return { ...base, outcome: 'unusable', problem: problem ?? 'no handler' };
  return { ...base, outcome: await apply() };
}

import type Stripe from 'stripe';
import { z } from 'zod';

// The fields the webhook handlers read, checked before anything is applied: a signed event of
// an unexpected shape is recorded as unusable, never half-applied. Each schema is typed against
// the stripe SDK's own definitions (`satisfies z.ZodType<…Stripe…>`), so a field Stripe renames
// or retypes in a new API version fails the build here, not a webhook in production.

/** Epoch seconds, as Stripe sends every instant. */
const seconds = z.number().int().nonnegative();
const id = z.string().min(1).max(255);
/** An expandable reference: the id, or the object when expanded. */
const ref = z.union([id, z.object({ id })]);

/** The envelope every event has; the handlers' `type` lookup needs nothing else. */
export const eventEnvelopeSchema = z.object({
  id,
  type: z.string().min(1).max(255),
  created: seconds,
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
}) satisfies z.ZodType<Pick<Stripe.Event, 'id' | 'created'> & { type: string; data: { object: object } }>;
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

type Ref = string | { id: string };

export const checkoutSessionSchema = z
  .object({
    id,
    mode: z.string().min(1),
    created: seconds,
    customer: ref.nullable(),
    subscription: ref.nullable(),
    client_reference_id: z.string().max(200).nullable(),
    payment_status: z.string().min(1),
  })
  .refine((session) => session.mode !== 'subscription' || session.subscription !== null, {
    path: ['subscription'],
    message: 'a completed subscription checkout must name its subscription',
  }) satisfies z.ZodType<
  Pick<Stripe.Checkout.Session, 'id' | 'created' | 'client_reference_id'> & {
    mode: Stripe.Checkout.Session.Mode;
    payment_status: Stripe.Checkout.Session.PaymentStatus;
    customer: Ref | null;
    subscription: Ref | null;
  }
>;
export type CheckoutSessionFields = z.infer<typeof checkoutSessionSchema>;

const subscriptionItemSchema = z
  .object({
    price: z.object({ id }),
    current_period_start: seconds,
    current_period_end: seconds,
  })
  .refine((item) => item.current_period_end > item.current_period_start, {
    path: ['current_period_end'],
    message: 'the billing period must end after it starts',
  }) satisfies z.ZodType<Pick<Stripe.SubscriptionItem, 'current_period_start' | 'current_period_end'> & { price: Pick<Stripe.Price, 'id'> }>;

export const subscriptionSchema = z.object({
  id,
  customer: ref,
  status: z.string().min(1),
  latest_invoice: ref.nullable().optional(),
  items: z.object({ data: z.array(subscriptionItemSchema).min(1).max(100) }),
}) satisfies z.ZodType<
  Pick<Stripe.Subscription, 'id'> & {
    status: Stripe.Subscription.Status;
    customer: Ref;
    latest_invoice?: Ref | null;
    items: { data: (Pick<Stripe.SubscriptionItem, 'current_period_start' | 'current_period_end'> & { price: Pick<Stripe.Price, 'id'> })[] };
  }
>;
export type SubscriptionFields = z.infer<typeof subscriptionSchema>;

export const invoiceSchema = z.object({
  id,
  created: seconds,
  customer: ref.nullable(),
  // An invoice of no subscription (a one-off) has no parent or no subscription_details.
  parent: z.object({ subscription_details: z.object({ subscription: ref }).nullable().optional() }).nullable().optional(),
}) satisfies z.ZodType<
  Pick<Stripe.Invoice, 'created'> & {
    id: string;
    customer: Ref | null;
    parent?: { subscription_details?: { subscription: Ref } | null } | null;
  }
>;
export type InvoiceFields = z.infer<typeof invoiceSchema>;

/** The first problem zod found, as `path: message`, without the value (it may be anything). */
export function describeProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length > 0 ? issue.path.join('.') : '(event)'}: ${issue.message}`.slice(0, 300);
}

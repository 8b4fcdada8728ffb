import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import { addMonthsUtc } from '@shared/licence/billing-cycle';

/** Stripe's pinned API version in stripe 23; events carry it as Stripe's do. */
export const FAKE_API_VERSION = '2026-10-28.endive';

type DeepPartial<T> = T extends (infer U)[] ? DeepPartial<U>[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** An id in Stripe's style: prefix + random alphanumerics. */
export function stripeId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALNUM[byte % ALNUM.length];
  return `${prefix}${id}`;
}

// Each builder checks its fields against the SDK's own types (DeepPartial: the fake fills the
// fields the server reads, with Stripe's names and value types) and is then used as the full type.
export function customerObject(fields: { id: string; created: number; email: string | null }): Stripe.Customer {
  const customer = { ...fields, object: 'customer', livemode: false, metadata: {}, name: null, description: null } satisfies DeepPartial<Stripe.Customer>;
  return customer as unknown as Stripe.Customer;
}

export function priceObject(fields: { id: string; created: number; unitAmount: number; nickname: string }): Stripe.Price {
  const price = {
    id: fields.id,
    object: 'price',
    active: true,
    created: fields.created,
    currency: 'aud',
    unit_amount: fields.unitAmount,
    nickname: fields.nickname,
    type: 'recurring',
    recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed', meter: null, trial_period_days: null },
    product: stripeId('prod_', 14),
    livemode: false,
    lookup_key: null,
    metadata: {},
  } satisfies DeepPartial<Stripe.Price>;
  return price as unknown as Stripe.Price;
}

export function checkoutSessionObject(fields: {
  id: string;
  created: number;
  url: string;
  successUrl: string;
  cancelUrl: string | null;
  clientReferenceId: string | null;
  customer: string | null;
  amountTotal: number;
  metadata: Record<string, string>;
}): Stripe.Checkout.Session {
  const session = {
    id: fields.id,
    object: 'checkout.session',
    mode: 'subscription',
    status: 'open',
    payment_status: 'unpaid',
    url: fields.url,
    success_url: fields.successUrl,
    cancel_url: fields.cancelUrl,
    client_reference_id: fields.clientReferenceId,
    customer: fields.customer,
    subscription: null,
    created: fields.created,
    expires_at: fields.created + 24 * 60 * 60,
    currency: 'aud',
    amount_total: fields.amountTotal,
    livemode: false,
    metadata: fields.metadata,
  } satisfies DeepPartial<Stripe.Checkout.Session>;
  return session as unknown as Stripe.Checkout.Session;
}

/** The end of the monthly billing period that starts at `start` (seconds): a calendar month later, as Stripe bills. */
export function monthLater(start: number): number {
  return addMonthsUtc(start * 1000, 1) / 1000;
}

export function subscriptionObject(fields: { id: string; created: number; customer: string; price: Stripe.Price; latestInvoice: string }): Stripe.Subscription {
  const subscription = {
    id: fields.id,
    object: 'subscription',
    customer: fields.customer,
    status: 'active',
    created: fields.created,
    start_date: fields.created,
    billing_cycle_anchor: fields.created,
    cancel_at_period_end: false,
    canceled_at: null,
    ended_at: null,
    livemode: false,
    metadata: {},
    currency: 'aud',
    latest_invoice: fields.latestInvoice,
    items: {
      object: 'list',
      has_more: false,
      url: `/v1/subscription_items?subscription=${fields.id}`,
      data: [
        {
          id: stripeId('si_', 14),
          object: 'subscription_item',
          created: fields.created,
          price: fields.price as DeepPartial<Stripe.Price>,
          quantity: 1,
          subscription: fields.id,
          current_period_start: fields.created,
          current_period_end: monthLater(fields.created),
          metadata: {},
        },
      ],
    },
  } satisfies DeepPartial<Stripe.Subscription>;
  return subscription as unknown as Stripe.Subscription;
}

export function invoiceObject(fields: {
  id: string;
  created: number;
  customer: string;
  subscription: string;
  amount: number;
  paid: boolean;
  billingReason: 'subscription_create' | 'subscription_cycle';
}): Stripe.Invoice {
  const invoice = {
    id: fields.id,
    object: 'invoice',
    customer: fields.customer,
    created: fields.created,
    status: fields.paid ? 'paid' : 'open',
    amount_due: fields.amount,
    amount_paid: fields.paid ? fields.amount : 0,
    amount_remaining: fields.paid ? 0 : fields.amount,
    attempt_count: 1,
    attempted: true,
    billing_reason: fields.billingReason,
    currency: 'aud',
    livemode: false,
    metadata: {},
    period_start: fields.created,
    period_end: fields.created,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: fields.subscription, metadata: {} },
    },
  } satisfies DeepPartial<Stripe.Invoice>;
  return invoice as unknown as Stripe.Invoice;
}

export function eventObject(fields: { type: string; created: number; object: unknown; previousAttributes?: Record<string, unknown> }): Stripe.Event {
  const event = {
    id: stripeId('evt_'),
    object: 'event',
    api_version: FAKE_API_VERSION,
    created: fields.created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: fields.type,
    data: {
      object: structuredClone(fields.object) as Record<string, unknown>,
      ...(fields.previousAttributes ? { previous_attributes: fields.previousAttributes } : {}),
    },
  };
  return event as unknown as Stripe.Event;
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { addMonthsUtc } from '@shared/licence/billing-cycle';
import { FormError, parseStripeForm, type FormValue } from './parse-stripe-form';
import {
  checkoutSessionObject,
  customerObject,
  eventObject,
  invoiceObject,
  priceObject,
  stripeId,
  subscriptionObject,
} from './stripe-objects';

/** Stripe's error body and status, e.g. 400 `invalid_request_error`, 401 for a bad key. */
class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: 'invalid_request_error' | 'api_error',
    message: string,
    readonly param?: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const missing = (param: string) => new StripeApiError(400, 'invalid_request_error', `Missing required param: ${param}.`, param, 'parameter_missing');
const noSuch = (kind: string, id: string, param?: string) =>
  new StripeApiError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, param, 'resource_missing');

export interface FakeStripeOptions {
  /** The secret key the licence server must use. */
  apiKey: string;
  /** Signs delivered events. */
  webhookSecret: string;
  /** Epoch milliseconds; shared with the server under test so signatures are fresh. */
  now?: () => number;
}

export interface Delivery {
  event: Stripe.Event;
  status: number;
  body: string;
}

/**
 * A local Stripe for tests: the official SDK talks to it (`new Stripe(key, {host, port,
 * protocol: 'http'})`). It keeps customers, prices, Checkout Sessions, subscriptions, invoices
 * and billing-portal sessions, parses form bodies as Stripe does and refuses what Stripe
 * refuses, in Stripe's error format. Test controls (methods, not HTTP) play what happens at
 * Stripe: a payment, a failed renewal, a cancellation — each returns the events Stripe would
 * send, which `deliver` signs like Stripe and posts to a webhook URL.
 */
export class FakeStripe {
  readonly customers = new Map<string, Stripe.Customer>();
  readonly prices = new Map<string, Stripe.Price>();
  readonly sessions = new Map<string, Stripe.Checkout.Session>();
  readonly subscriptions = new Map<string, Stripe.Subscription>();
  readonly invoices = new Map<string, Stripe.Invoice>();
  readonly portalSessions = new Map<string, Stripe.BillingPortal.Session>();
  /** Where the hosted checkout page delivers the events of a payment. */
  webhookUrl: string | null = null;
  /** Every request the SDK made, for assertions. */
  readonly requests: { method: string; path: string; params: Record<string, FormValue> }[] = [];

  private readonly sessionPrices = new Map<string, string>();
  private server: http.Server | null = null;
  private readonly now: () => number;
  private readonly signer = Stripe.webhooks;

  constructor(private readonly options: FakeStripeOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  /** http://127.0.0.1:<port> once started. */
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** SDK options that point `new Stripe(key, …)` here. */
  get sdkOptions(): { host: string; port: number; protocol: 'http' } {
    const url = new URL(this.url);
    return { host: url.hostname, port: Number(url.port), protocol: 'http' };
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  // ---- test controls ------------------------------------------------------------------------

  /** A monthly AUD price, as made in the Stripe dashboard. */
  createPrice(nickname: string, unitAmount = 2900): string {
    const price = priceObject({ id: stripeId('price_', 14), created: this.seconds(), unitAmount, nickname });
    this.prices.set(price.id, price);
    return price.id;
  }

  /**
   * The owner pays on the hosted page: a customer (unless the session named one), an active
   * subscription and its paid first invoice. Returns the events in the order Stripe emits them.
   */
  completeCheckout(sessionId: string): Stripe.Event[] {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`No such checkout session ${sessionId}`);
    if (session.status !== 'open') throw new Error(`Checkout session ${sessionId} is ${session.status}`);
    const created = this.seconds();
    let customerId = typeof session.customer === 'string' ? session.customer : null;
    if (!customerId) {
      const customer = customerObject({ id: stripeId('cus_', 14), created, email: 'owner@example.com' });
      this.customers.set(customer.id, customer);
      customerId = customer.id;
    }
    const priceId = this.sessionPrices.get(sessionId) ?? '';
    const price = this.prices.get(priceId);
    if (!price) throw new Error('Session lost its price');
    const subscriptionId = stripeId('sub_');
    const invoice = invoiceObject({
      id: stripeId('in_'),
      created,
      customer: customerId,
      subscription: subscriptionId,
      amount: price.unit_amount ?? 0,
      paid: true,
      billingReason: 'subscription_create',
    });
    const subscription = subscriptionObject({ id: subscriptionId, created, customer: customerId, price, latestInvoice: invoice.id });
    this.invoices.set(invoice.id, invoice);
    this.subscriptions.set(subscription.id, subscription);
    Object.assign(session, { status: 'complete', payment_status: 'paid', customer: customerId, subscription: subscription.id });
    return [
      eventObject({ type: 'checkout.session.completed', created, object: session }),
      eventObject({ type: 'customer.subscription.created', created, object: subscription }),
      eventObject({ type: 'invoice.paid', created, object: invoice }),
    ];
  }

  /** The owner switched plans in the portal. */
  changePlan(subscriptionId: string, priceId: string): Stripe.Event[] {
    const subscription = this.subscription(subscriptionId);
    const price = this.prices.get(priceId);
    const item = subscription.items.data[0];
    if (!price || !item) throw new Error(`No such price ${priceId}`);
    const previous = structuredClone(subscription.items);
    item.price = price;
    return [eventObject({ type: 'customer.subscription.updated', created: this.seconds(), object: subscription, previousAttributes: { items: previous } })];
  }

  /**
   * The billing date came and the renewal was paid: the item's period moves to the next month
   * (its invoice is created at the boundary, as Stripe does) and Stripe sends the subscription
   * update and the paid invoice.
   */
  renew(subscriptionId: string): Stripe.Event[] {
    const subscription = this.subscription(subscriptionId);
    const previous = structuredClone(subscription.items);
    const boundary = this.rollPeriod(subscription);
    if (boundary === null) throw new Error(`Subscription ${subscriptionId} is not at the end of its billing period yet`);
    const invoice = this.renewalInvoice(subscription, boundary, true);
    const created = this.seconds();
    return [
      eventObject({ type: 'customer.subscription.updated', created, object: subscription, previousAttributes: { items: previous } }),
      eventObject({ type: 'invoice.paid', created, object: invoice }),
    ];
  }

  /**
   * A charge failed: an open invoice, and the subscription goes past due. At or after the end of
   * the billing period it is the renewal's charge: the period moves on and the invoice is the
   * one Stripe created at the boundary (the payment fails a while after the invoice is made).
   */
  failPayment(subscriptionId: string): Stripe.Event[] {
    const subscription = this.subscription(subscriptionId);
    const created = this.seconds();
    const boundary = this.rollPeriod(subscription);
    const invoice = this.renewalInvoice(subscription, boundary ?? created, false);
    const previousStatus = subscription.status;
    Object.assign(subscription, { status: 'past_due', latest_invoice: invoice.id });
    return [
      eventObject({ type: 'invoice.payment_failed', created, object: invoice }),
      eventObject({ type: 'customer.subscription.updated', created, object: subscription, previousAttributes: { status: previousStatus } }),
    ];
  }

  /**
   * Moves the item's current period on while the clock is past its end, a calendar month at a
   * time on the billing anchor's day (as Stripe bills monthly prices); the last boundary
   * crossed (seconds), or null if the period has not ended.
   */
  private rollPeriod(subscription: Stripe.Subscription): number | null {
    const item = subscription.items.data[0];
    if (!item) throw new Error('Subscription has no item');
    let boundary: number | null = null;
    while (this.seconds() >= item.current_period_end) {
      boundary = item.current_period_end;
      let months = 1;
      while (addMonthsUtc(subscription.billing_cycle_anchor * 1000, months) / 1000 <= boundary) months++;
      Object.assign(item, { current_period_start: boundary, current_period_end: addMonthsUtc(subscription.billing_cycle_anchor * 1000, months) / 1000 });
    }
    return boundary;
  }

  private renewalInvoice(subscription: Stripe.Subscription, created: number, paid: boolean): Stripe.Invoice {
    const invoice = invoiceObject({
      id: stripeId('in_'),
      created,
      customer: String(subscription.customer),
      subscription: subscription.id,
      amount: subscription.items.data[0]?.price.unit_amount ?? 0,
      paid,
      billingReason: 'subscription_cycle',
    });
    this.invoices.set(invoice.id, invoice);
    if (paid) subscription.latest_invoice = invoice.id;
    return invoice;
  }

  /** A retry (or a new card) paid the open invoice: active again. */
  recoverPayment(subscriptionId: string): Stripe.Event[] {
    const subscription = this.subscription(subscriptionId);
    const created = this.seconds();
    const invoice = this.invoices.get(String(subscription.latest_invoice));
    if (!invoice || invoice.status !== 'open') throw new Error('No open invoice to pay');
    Object.assign(invoice, { status: 'paid', amount_paid: invoice.amount_due, amount_remaining: 0 });
    const previousStatus = subscription.status;
    Object.assign(subscription, { status: 'active' });
    return [
      eventObject({ type: 'invoice.paid', created, object: invoice }),
      eventObject({ type: 'customer.subscription.updated', created, object: subscription, previousAttributes: { status: previousStatus } }),
    ];
  }

  /** The subscription ended (cancelled, or unpaid after the retries). */
  cancelSubscription(subscriptionId: string): Stripe.Event[] {
    const subscription = this.subscription(subscriptionId);
    const created = this.seconds();
    Object.assign(subscription, { status: 'canceled', canceled_at: created, ended_at: created });
    return [eventObject({ type: 'customer.subscription.deleted', created, object: subscription })];
  }

  /** An event type the server does not handle. */
  otherEvent(type = 'customer.updated'): Stripe.Event {
    const customer = customerObject({ id: stripeId('cus_', 14), created: this.seconds(), email: null });
    return eventObject({ type, created: this.seconds(), object: customer });
  }

  /** The body and Stripe-Signature header Stripe would send for `event`. */
  sign(event: Stripe.Event, options: { secret?: string; timestamp?: number } = {}): { body: string; signature: string } {
    return this.signRaw(JSON.stringify(event, null, 2), options);
  }

  /** Any body (not necessarily an event, not necessarily JSON) signed as Stripe signs: for hostile-input tests. */
  signRaw(body: string, options: { secret?: string; timestamp?: number } = {}): { body: string; signature: string } {
    const signature = this.signer.generateTestHeaderString({
      payload: body,
      secret: options.secret ?? this.options.webhookSecret,
      timestamp: options.timestamp ?? this.seconds(),
    });
    return { body, signature };
  }

  /** Signs and posts each event, in the order given, to `url`; returns the answers. */
  async deliver(url: string, events: readonly Stripe.Event[]): Promise<Delivery[]> {
    const deliveries: Delivery[] = [];
    for (const event of events) {
      const { body, signature } = this.sign(event);
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature }, body });
      deliveries.push({ event, status: response.status, body: await response.text() });
    }
    return deliveries;
  }

  private subscription(id: string): Stripe.Subscription {
    const subscription = this.subscriptions.get(id);
    if (!subscription) throw new Error(`No such subscription ${id}`);
    return subscription;
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', this.url);
      const method = request.method ?? 'GET';
      if (url.pathname.startsWith('/checkout/pay/')) return await this.checkoutPage(method, url, response);
      if (url.pathname.startsWith('/portal/')) return html(response, 200, '<h1>Billing portal (fake Stripe)</h1>');
      this.authenticate(request.headers.authorization);
      const contentType = request.headers['content-type'] ?? '';
      if (method === 'POST' && body !== '' && !contentType.startsWith('application/x-www-form-urlencoded')) {
        throw new StripeApiError(400, 'invalid_request_error', 'Invalid request: Content-Type must be application/x-www-form-urlencoded.');
      }
      let params: Record<string, FormValue>;
      try {
        params = parseStripeForm(method === 'GET' || method === 'DELETE' ? url.searchParams.toString() : body);
      } catch (error) {
        throw new StripeApiError(400, 'invalid_request_error', error instanceof FormError ? error.message : 'Invalid request body.');
      }
      delete params['expand'];
      this.requests.push({ method, path: url.pathname, params });
      json(response, 200, this.route(method, url.pathname, params));
    } catch (error) {
      if (error instanceof StripeApiError) {
        json(response, error.status, {
          error: { type: error.type, message: error.message, ...(error.param ? { param: error.param } : {}), ...(error.code ? { code: error.code } : {}) },
        });
      } else {
        json(response, 500, { error: { type: 'api_error', message: error instanceof Error ? error.message : String(error) } });
      }
    }
  }

  private authenticate(header: string | undefined): void {
    if (!header) {
      throw new StripeApiError(401, 'invalid_request_error', 'You did not provide an API key. You need to provide your API key in the Authorization header.');
    }
    const key = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (key !== this.options.apiKey) {
      throw new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`);
    }
  }

  private route(method: string, path: string, params: Record<string, FormValue>): unknown {
    const parts = path.split('/').filter(Boolean);
    const key = `${method} /${parts.slice(0, 3).join('/')}`;
    const id = parts[parts.length - 1] ?? '';
    if (method === 'POST' && path === '/v1/checkout/sessions') return this.createCheckoutSession(params);
    if (method === 'GET' && parts[1] === 'checkout' && parts[2] === 'sessions' && parts.length === 4) {
      return this.sessions.get(id) ?? fail(noSuch('checkout.session', id));
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') return this.createPortalSession(params);
    if (method === 'POST' && path === '/v1/customers') {
      allowOnly(params, ['email', 'name', 'metadata']);
      const customer = customerObject({ id: stripeId('cus_', 14), created: this.seconds(), email: str(params['email']) ?? null });
      this.customers.set(customer.id, customer);
      return customer;
    }
    if (method === 'GET' && parts[1] === 'customers' && parts.length === 3) return this.customers.get(id) ?? fail(noSuch('customer', id));
    if (method === 'GET' && parts[1] === 'prices' && parts.length === 3) return this.prices.get(id) ?? fail(noSuch('price', id));
    if (method === 'GET' && parts[1] === 'subscriptions' && parts.length === 3) return this.subscriptions.get(id) ?? fail(noSuch('subscription', id));
    throw new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${key.split(' ')[0]}: ${path}).`);
  }

  private createCheckoutSession(params: Record<string, FormValue>): Stripe.Checkout.Session {
    allowOnly(params, ['mode', 'line_items', 'success_url', 'cancel_url', 'client_reference_id', 'customer', 'customer_email', 'metadata', 'allow_promotion_codes']);
    const mode = str(params['mode']);
    if (!mode) throw missing('mode');
    if (!['payment', 'setup', 'subscription'].includes(mode)) {
      throw new StripeApiError(400, 'invalid_request_error', `Invalid mode: must be one of payment, setup, or subscription`, 'mode');
    }
    if (mode !== 'subscription') throw new StripeApiError(400, 'invalid_request_error', 'The fake Stripe only sells subscriptions.', 'mode');
    const items = params['line_items'];
    if (!Array.isArray(items) || items.length === 0) throw missing('line_items');
    if (items.length > 1) throw new StripeApiError(400, 'invalid_request_error', 'The fake Stripe sells one price per checkout.', 'line_items');
    const item = items[0];
    if (typeof item !== 'object' || Array.isArray(item)) throw new StripeApiError(400, 'invalid_request_error', 'Invalid array', 'line_items[0]');
    allowOnly(item, ['price', 'quantity'], 'line_items[0]');
    const priceId = str(item['price']);
    if (!priceId) throw missing('line_items[0][price]');
    const price = this.prices.get(priceId);
    if (!price) throw new StripeApiError(400, 'invalid_request_error', `No such price: '${priceId}'`, 'line_items[0][price]', 'resource_missing');
    if (!price.recurring) {
      throw new StripeApiError(400, 'invalid_request_error', 'You must provide at least one recurring price in `subscription` mode when using prices.', 'line_items');
    }
    const quantity = str(item['quantity']);
    if (quantity === undefined) throw missing('line_items[0][quantity]');
    if (!/^[1-9]\d*$/.test(quantity)) throw new StripeApiError(400, 'invalid_request_error', 'Invalid integer: ' + quantity, 'line_items[0][quantity]');
    const successUrl = str(params['success_url']);
    if (!successUrl) throw missing('success_url');
    for (const name of ['success_url', 'cancel_url'] as const) {
      const value = str(params[name]);
      if (value !== undefined && !/^https?:\/\/[^\s]+$/.test(value)) throw new StripeApiError(400, 'invalid_request_error', 'Not a valid URL', name, 'url_invalid');
    }
    const clientReferenceId = str(params['client_reference_id']) ?? null;
    if (clientReferenceId !== null && (clientReferenceId.length > 200 || clientReferenceId === '')) {
      throw new StripeApiError(400, 'invalid_request_error', 'client_reference_id must be 1 to 200 characters.', 'client_reference_id');
    }
    const customer = str(params['customer']) ?? null;
    if (customer !== null && !this.customers.has(customer)) throw new StripeApiError(400, 'invalid_request_error', `No such customer: '${customer}'`, 'customer', 'resource_missing');
    const id = stripeId('cs_test_', 58);
    const metadata = params['metadata'];
    const session = checkoutSessionObject({
      id,
      created: this.seconds(),
      url: `${this.url}/checkout/pay/${id}`,
      successUrl,
      cancelUrl: str(params['cancel_url']) ?? null,
      clientReferenceId,
      customer,
      amountTotal: price.unit_amount ?? 0,
      metadata: typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, string>) : {},
    });
    this.sessions.set(id, session);
    this.sessionPrices.set(id, priceId);
    return session;
  }

  private createPortalSession(params: Record<string, FormValue>): Stripe.BillingPortal.Session {
    allowOnly(params, ['customer', 'return_url', 'configuration', 'locale']);
    const customer = str(params['customer']);
    if (!customer) throw missing('customer');
    if (!this.customers.has(customer)) throw new StripeApiError(400, 'invalid_request_error', `No such customer: '${customer}'`, 'customer', 'resource_missing');
    const id = stripeId('bps_');
    const session = {
      id,
      object: 'billing_portal.session',
      customer,
      created: this.seconds(),
      livemode: false,
      return_url: str(params['return_url']) ?? null,
      url: `${this.url}/portal/session/${id}`,
    } as unknown as Stripe.BillingPortal.Session;
    this.portalSessions.set(id, session);
    return session;
  }

  /** The hosted checkout page: GET shows "Pay", POST pays, delivers the webhooks, redirects. */
  private async checkoutPage(method: string, url: URL, response: http.ServerResponse): Promise<void> {
    const id = url.pathname.slice('/checkout/pay/'.length);
    const session = this.sessions.get(id);
    if (!session) return html(response, 404, '<h1>This checkout link is not valid.</h1>');
    if (method === 'GET') {
      const cancel = session.cancel_url ? `<p><a href="${session.cancel_url}">Cancel</a></p>` : '';
      return html(
        response,
        200,
        `<h1>Fake Stripe checkout</h1><p>Total: A$${((session.amount_total ?? 0) / 100).toFixed(2)} per month</p>` +
          `<form method="post"><button type="submit">Pay</button></form>${cancel}`,
      );
    }
    if (session.status !== 'open') return html(response, 409, '<h1>This checkout is already complete.</h1>');
    const events = this.completeCheckout(id);
    if (this.webhookUrl) await this.deliver(this.webhookUrl, events);
    response.writeHead(303, { location: session.success_url?.replace('{CHECKOUT_SESSION_ID}', id) ?? '/' });
    response.end();
  }
}

function fail(error: StripeApiError): never {
  throw error;
}

function str(value: FormValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function allowOnly(params: Record<string, FormValue>, allowed: readonly string[], prefix?: string): void {
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name)) {
      const param = prefix ? `${prefix}[${name}]` : name;
      throw new StripeApiError(400, 'invalid_request_error', `Received unknown parameter: ${param}`, param, 'parameter_unknown');
    }
  }
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'request-id': stripeId('req_', 14) });
  response.end(JSON.stringify(body));
}

function html(response: http.ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html><html><head><meta charset="utf-8"><title>Fake Stripe</title></head><body>${body}</body></html>`);
}

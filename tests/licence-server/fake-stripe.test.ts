import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeStripe } from '../fakes/stripe/fake-stripe';
import { parseStripeForm } from '../fakes/stripe/parse-stripe-form';
import { monthLater } from '../fakes/stripe/stripe-objects';

// The fake must refuse what Stripe refuses, in Stripe's shapes, or the server's tests prove
// nothing about the real thing. These drive it with the official SDK, as the server does.
describe('fake Stripe', () => {
  const fake = new FakeStripe({ apiKey: 'sk_test_fake123', webhookSecret: 'whsec_fake' });
  let stripe: Stripe;
  let price: string;
  const base = { mode: 'subscription' as const, success_url: 'http://127.0.0.1/ok?session_id={CHECKOUT_SESSION_ID}' };

  beforeAll(async () => {
    await fake.start();
    stripe = new Stripe('sk_test_fake123', { ...fake.sdkOptions, maxNetworkRetries: 0 });
    price = fake.createPrice('Growth', 5900);
  });
  afterAll(() => fake.stop());

  it('parses nested form fields the way Stripe does', () => {
    expect(parseStripeForm('line_items[0][price]=p&line_items[0][quantity]=1&metadata[a]=b&mode=subscription')).toEqual({
      line_items: [{ price: 'p', quantity: '1' }],
      metadata: { a: 'b' },
      mode: 'subscription',
    });
    expect(() => parseStripeForm('a=1&a=2')).toThrow(/Duplicate/);
    expect(() => parseStripeForm('a=1&a[b]=2')).toThrow();
  });

  it('creates a subscription Checkout Session with a hosted url', async () => {
    const session = await stripe.checkout.sessions.create({ ...base, line_items: [{ price, quantity: 1 }], client_reference_id: 'co_1' });
    expect(session).toMatchObject({ object: 'checkout.session', mode: 'subscription', status: 'open', client_reference_id: 'co_1' });
    expect(session.id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expect(session.url).toBe(`${fake.url}/checkout/pay/${session.id}`);
    expect((await stripe.checkout.sessions.retrieve(session.id)).id).toBe(session.id);
  });

  it('refuses a missing or unknown price, a missing quantity, an unknown parameter, an unknown customer', async () => {
    const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);
    const missingPrice = await refusal(stripe.checkout.sessions.create({ ...base, line_items: [{ quantity: 1 }] }));
    expect(missingPrice).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missingPrice).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'line_items[0][price]', code: 'parameter_missing' });
    const unknownPrice = await refusal(stripe.checkout.sessions.create({ ...base, line_items: [{ price: 'price_nope', quantity: 1 }] }));
    expect(unknownPrice).toMatchObject({ statusCode: 400, code: 'resource_missing', message: "No such price: 'price_nope'" });
    const noQuantity = await refusal(stripe.checkout.sessions.create({ ...base, line_items: [{ price }] }));
    expect(noQuantity).toMatchObject({ statusCode: 400, param: 'line_items[0][quantity]' });
    const unknownParam = await refusal(stripe.checkout.sessions.create({ ...base, line_items: [{ price, quantity: 1 }], surprise: 'x' } as never));
    expect(unknownParam).toMatchObject({ statusCode: 400, message: 'Received unknown parameter: surprise' });
    const noCustomer = await refusal(stripe.checkout.sessions.create({ ...base, line_items: [{ price, quantity: 1 }], customer: 'cus_nobody' }));
    expect(noCustomer).toMatchObject({ statusCode: 400, param: 'customer' });
    const noSuccessUrl = await refusal(stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price, quantity: 1 }] }));
    expect(noSuccessUrl).toMatchObject({ statusCode: 400, param: 'success_url' });
    const missingSession = await refusal(stripe.checkout.sessions.retrieve('cs_test_nothing'));
    expect(missingSession).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('answers a wrong API key with 401, as an authentication error', async () => {
    const wrong = new Stripe('sk_test_wrongKey', { ...fake.sdkOptions, maxNetworkRetries: 0 });
    const error = await wrong.customers.create({}).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error).toMatchObject({ statusCode: 401 });
  });

  it('completes a checkout into a customer, an active subscription and a paid invoice, with the events Stripe sends', async () => {
    const session = await stripe.checkout.sessions.create({ ...base, line_items: [{ price, quantity: 1 }] });
    const events = fake.completeCheckout(session.id);
    expect(events.map((e) => e.type)).toEqual(['checkout.session.completed', 'customer.subscription.created', 'invoice.paid']);
    const subscription = events[1]?.data.object as Stripe.Subscription;
    expect(subscription.items.data[0]).toMatchObject({ price: { id: price }, current_period_end: monthLater(subscription.start_date) });
    const invoice = events[2]?.data.object as Stripe.Invoice;
    expect(invoice.parent?.subscription_details?.subscription).toBe(subscription.id);
    const signed = fake.sign(events[0] as Stripe.Event);
    const verified = stripe.webhooks.constructEvent(signed.body, signed.signature, 'whsec_fake');
    expect(verified.id).toBe(events[0]?.id);
    expect(() => fake.completeCheckout(session.id)).toThrow(/complete/);
    const portal = await stripe.billingPortal.sessions.create({ customer: String(subscription.customer), return_url: 'http://127.0.0.1/back' });
    expect(portal.url).toContain('/portal/session/');
  });

  it('bills calendar months on the anchor day, through short months, with each renewal invoice created at the boundary', async () => {
    let time = Date.UTC(2027, 0, 31, 9);
    const clocked = new FakeStripe({ apiKey: 'sk_test_clock', webhookSecret: 'whsec_clock', now: () => time });
    await clocked.start();
    try {
      const sdk = new Stripe('sk_test_clock', { ...clocked.sdkOptions, maxNetworkRetries: 0 });
      const growth = clocked.createPrice('Growth', 5900);
      const session = await sdk.checkout.sessions.create({ ...base, line_items: [{ price: growth, quantity: 1 }] });
      const subscription = (clocked.completeCheckout(session.id)[1]?.data.object as Stripe.Subscription).id;
      const period = () => {
        const item = clocked.subscriptions.get(subscription)?.items.data[0];
        return [item?.current_period_start, item?.current_period_end].map((seconds) => new Date((seconds ?? 0) * 1000).toISOString().slice(0, 10));
      };
      expect(period()).toEqual(['2027-01-31', '2027-02-28']);
      expect(() => clocked.renew(subscription)).toThrow(/not at the end/);
      time = Date.UTC(2027, 1, 28, 10);
      const renewal = clocked.renew(subscription);
      expect(renewal.map((event) => event.type)).toEqual(['customer.subscription.updated', 'invoice.paid']);
      expect((renewal[1]?.data.object as Stripe.Invoice).created).toBe(Date.UTC(2027, 1, 28, 9) / 1000);
      expect(period()).toEqual(['2027-02-28', '2027-03-31']);
      time = Date.UTC(2027, 2, 31, 11);
      const failed = clocked.failPayment(subscription);
      expect((failed[0]?.data.object as Stripe.Invoice).created).toBe(Date.UTC(2027, 2, 31, 9) / 1000);
      expect((failed[1]?.data.object as Stripe.Subscription).latest_invoice).toBe((failed[0]?.data.object as Stripe.Invoice).id);
      expect(period()).toEqual(['2027-03-31', '2027-04-30']);
    } finally {
      await clocked.stop();
    }
  });
});

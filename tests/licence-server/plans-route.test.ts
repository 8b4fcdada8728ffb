import { afterEach, beforeEach, expect, test } from 'vitest';
import { LICENCE_API, plansResponseSchema } from '@shared/licence/licence-api';
import { PLANS_CACHE_MS } from '../../licence-server/routes/plans-route';
import { startLicenceServer, type LicenceServerHarness } from '../support/licence-server-harness';

// The Plan page's prices come from here: the server reads each plan's Stripe Price (the fake
// Stripe serves them through the official SDK) and keeps them an hour.

let server: LicenceServerHarness;

beforeEach(async () => {
  server = await startLicenceServer({ env: { PLAN_GROWTH_POSTS: '30' } });
});

afterEach(async () => {
  await server.close();
});

const priceReads = () => server.fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/prices/')).length;

async function getPlans(): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${LICENCE_API.plans}`);
  return { status: response.status, body: await response.json() };
}

test('lists every plan with its terms and the amount, currency and billing period of its Stripe price, without a sign-in', async () => {
  const { status, body } = await getPlans();
  expect(status).toBe(200);
  expect(plansResponseSchema.parse(body)).toEqual({
    plans: [
      { id: 'starter', label: 'Starter', postsPerCycle: 12, seats: 1, price: { amount: 2900, currency: 'aud', interval: 'month', intervalCount: 1 } },
      // The server's own terms (PLAN_GROWTH_POSTS overrides the default 27).
      { id: 'growth', label: 'Growth', postsPerCycle: 30, seats: 2, price: { amount: 5900, currency: 'aud', interval: 'month', intervalCount: 1 } },
      { id: 'professional', label: 'Professional', postsPerCycle: 52, seats: 3, price: { amount: 9900, currency: 'aud', interval: 'month', intervalCount: 1 } },
    ],
  });
  expect(priceReads()).toBe(3);
});

test('keeps the prices an hour: more Plan pages cost Stripe nothing, then one new round', async () => {
  await Promise.all([getPlans(), getPlans(), getPlans()]);
  expect(priceReads()).toBe(3);
  server.clock.advance(PLANS_CACHE_MS - 1);
  await getPlans();
  expect(priceReads()).toBe(3);
  server.clock.advance(1);
  await getPlans();
  expect(priceReads()).toBe(6);
});

test('a price Stripe cannot give is a plain stripe_unavailable (502), and the next request asks again', async () => {
  const growth = server.fake.prices.get(server.priceIds.growth)!;
  server.fake.prices.delete(server.priceIds.growth);
  const failed = await getPlans();
  expect(failed.status).toBe(502);
  expect(failed.body).toEqual({ code: 'stripe_unavailable', message: expect.stringMatching(/payment service did not answer/) });

  server.fake.prices.set(growth.id, growth);
  const again = await getPlans();
  expect(again.status).toBe(200);
  expect(plansResponseSchema.parse(again.body).plans.map((plan) => plan.price.amount)).toEqual([2900, 5900, 9900]);
});

import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import { LICENCE_API, type PlanPrice, type PlansResponse } from '@shared/licence/licence-api';
import { PLAN_IDS } from '@shared/licence/plans';
import type { Services } from '../services';
import { stripeFailure } from './stripe-failure';

/**
 * A Stripe Price's amount and billing period never change once it exists (a new price is a new
 * object), so an hour's cache costs nothing in truth and spares Stripe a call per Plan page.
 */
export const PLANS_CACHE_MS = 60 * 60 * 1000;

/**
 * GET /v1/plans: the plans on sale, each with the terms this server signs leases for and the
 * price Stripe bills for it, read from Stripe's Price objects (`unit_amount`, `currency`,
 * `recurring`). Public: the Plan page shows prices before anyone has signed in or paid.
 */
export function plansRoute(app: FastifyInstance, services: Services): void {
  let cached: { value: PlansResponse; until: number } | null = null;
  let loading: Promise<PlansResponse> | null = null;

  const load = async (): Promise<PlansResponse> => {
    const stripe = await services.stripe();
    const prices = await Promise.all(PLAN_IDS.map((plan) => stripe.prices.retrieve(services.config.priceIds[plan])));
    return {
      plans: PLAN_IDS.map((plan, i) => ({ id: plan, ...services.config.plans[plan], price: planPrice(prices[i]!) })),
    };
  };

  app.get(LICENCE_API.plans, async (request, reply) => {
    const now = services.clock.now();
    if (cached === null || now >= cached.until) {
      // Single-flight: a burst of Plan pages after the cache expires makes one round of calls.
      loading ??= load().finally(() => (loading = null));
      try {
        cached = { value: await loading, until: now + PLANS_CACHE_MS };
      } catch (error) {
        throw stripeFailure(request.log, error, 'prices.retrieve');
      }
    }
    void reply.header('cache-control', 'public, max-age=300');
    return cached.value;
  });
}

/** The billing terms of a plan's Price; a price the app cannot show as "A$59 a month" is a setup fault. */
function planPrice(price: Stripe.Price): PlanPrice {
  const interval = price.recurring?.interval;
  if (price.unit_amount === null || price.recurring === null || !isInterval(interval)) {
    throw new Error(`Price ${price.id} has no fixed amount or is not recurring; each plan needs a recurring price with a unit amount.`);
  }
  return { amount: price.unit_amount, currency: price.currency, interval, intervalCount: price.recurring.interval_count };
}

function isInterval(value: string | undefined): value is PlanPrice['interval'] {
  return value === 'day' || value === 'week' || value === 'month' || value === 'year';
}

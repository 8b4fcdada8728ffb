import Stripe from 'stripe';
import type { LicenceServerConfig } from './config';

/**
 * The official Stripe SDK, pointed at api.stripe.com or, when STRIPE_API_URL is set, at another
 * host speaking Stripe's API (the fake Stripe in tests).
 */
export function createStripeClient(config: Pick<LicenceServerConfig, 'stripeSecretKey' | 'stripeApiUrl'>): Stripe {
  const url = config.stripeApiUrl;
  return new Stripe(config.stripeSecretKey, {
    maxNetworkRetries: 2,
    timeout: 15_000,
    telemetry: false,
    ...(url
      ? {
          host: url.hostname,
          port: url.port || (url.protocol === 'https:' ? 443 : 80),
          protocol: url.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

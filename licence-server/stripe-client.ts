import type Stripe from 'stripe';
import type { LicenceServerConfig } from './config';

/**
 * The official Stripe SDK, pointed at api.stripe.com or, when STRIPE_API_URL is set, at another
 * host speaking Stripe's API (the fake Stripe in tests). The SDK (about 17 MB once loaded) is
 * loaded on the first checkout, portal or webhook, not at start.
 */
export function lazyStripeClient(config: Pick<LicenceServerConfig, 'stripeSecretKey' | 'stripeApiUrl'>): () => Promise<Stripe> {
  let client: Promise<Stripe> | null = null;
  return () => (client ??= import('stripe').then(({ default: StripeSdk }) => createStripeClient(StripeSdk, config)));
}

function createStripeClient(StripeSdk: typeof Stripe, config: Pick<LicenceServerConfig, 'stripeSecretKey' | 'stripeApiUrl'>): Stripe {
  const url = config.stripeApiUrl;
  return new StripeSdk(config.stripeSecretKey, {
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

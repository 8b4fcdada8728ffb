import type Stripe from 'stripe';
import type { SessionTokens } from './auth/session-token';
import type { LicenceServerConfig } from './config';
import type { LicenceDb } from './db/open-licence-db';
import type { IdSource } from './ids';
import type { LeaseService } from './leases/lease-service';
import type { RateCounter } from './limits/rate-counter';

/** Milliseconds since the epoch; injected so tests can move time. */
export interface Clock {
  now(): number;
}

/** What every route group receives from buildServer. */
export interface Services {
  db: LicenceDb;
  /** The Stripe client, loaded on first use: an instance that only renews leases never loads the SDK. */
  stripe: () => Promise<Stripe>;
  clock: Clock;
  config: LicenceServerConfig;
  ids: IdSource;
  tokens: SessionTokens;
  leases: LeaseService;
  /** Request counters shared by every instance (they live in the database). */
  rates: RateCounter;
}

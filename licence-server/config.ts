import { z } from 'zod';
import { DEFAULT_PLAN_TERMS, PLAN_IDS, type PlanId, type PlanTerms } from '@shared/licence/plans';
import type { S3StagingConfig } from './staging/s3-storage';

/** Everything the licence server is configured with, parsed from the environment at start. */
export interface LicenceServerConfig {
  port: number;
  host: string;
  /** Where owners' browsers reach this server (Stripe's success/cancel/return URLs), no trailing slash. */
  publicUrl: string;
  /** SQLite file used when `databaseUrl` is not set. */
  sqlitePath: string;
  /** PostgreSQL connection string; when set, the server uses PostgreSQL instead of SQLite. */
  databaseUrl: string | null;
  stripeSecretKey: string;
  stripeWebhookSecret: string;
  /** Points the Stripe SDK somewhere else than api.stripe.com (the fake Stripe in tests). */
  stripeApiUrl: URL | null;
  /** Stripe price id per plan, and the reverse map used to read subscriptions. */
  priceIds: Readonly<Record<PlanId, string>>;
  plans: Readonly<Record<PlanId, PlanTerms>>;
  /** Ed25519 private key that signs leases (PKCS8 PEM, or its DER in base64). */
  signingKey: string;
  /** HMAC secret for device bearer tokens; rotating it only makes devices sign in again. */
  sessionSecret: string;
  /** How long a device's bearer token lives. */
  sessionTtlSeconds: number;
  /** Days of past-due grace after a failed payment before the licence lapses. */
  pastDueGraceDays: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** A request (headers and body) not received in full within this is cut with 408. */
  requestTimeoutMs: number;
  /**
   * Bounds on unanswered sign-in nonces, so that nobody can fill the table by asking for
   * challenges: per device key (an app needs one at a time) and overall.
   */
  challengeLimits: { perKey: number; total: number };
  /**
   * Sign-in challenges one client address may ask for per minute, counted in the database so the
   * limit holds across every instance. The address is the socket's, or the one `trustProxy` names.
   */
  challengesPerSourcePerMinute: number;
  /**
   * Which proxies' `X-Forwarded-For` to believe (fastify's `trustProxy`): none (the socket address
   * is the client) or the proxies' addresses / CIDR ranges.
   */
  trustProxy: string[];
  /** OAuth relay sign-ins one device may start per hour. */
  relayFlowsPerDevicePerHour: number;
  /** Media staging for Instagram (staging/): where files live, how long, how many per device. */
  staging: StagingConfig;
}

export interface StagingConfig {
  /** The folder staged files live in when no bucket is configured. */
  dir: string;
  /** How long a staged file stays public (at most 24 h). */
  ttlSeconds: number;
  maxFilesPerDevice: number;
  maxBytesPerDevice: number;
  /** How often each instance deletes what has expired. */
  sweepIntervalMs: number;
  /** An S3-compatible bucket, shared by every instance; null = the folder. */
  s3: S3StagingConfig | null;
}

const positiveInt = z.coerce.number().int().positive();
const optional = (schema: z.ZodType<string>) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  LICENCE_DB_PATH: z.string().min(1).default('licence-server.db'),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'STRIPE_SECRET_KEY must look like sk_test_… or sk_live_…'),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/=_-]+$/, 'STRIPE_WEBHOOK_SECRET must look like whsec_…'),
  STRIPE_API_URL: optional(z.url()),
  STRIPE_PRICE_STARTER: z.string().regex(/^price_[A-Za-z0-9_]+$/),
  STRIPE_PRICE_GROWTH: z.string().regex(/^price_[A-Za-z0-9_]+$/),
  STRIPE_PRICE_PROFESSIONAL: z.string().regex(/^price_[A-Za-z0-9_]+$/),
  PLAN_STARTER_POSTS: positiveInt.optional(),
  PLAN_STARTER_SEATS: positiveInt.optional(),
  PLAN_GROWTH_POSTS: positiveInt.optional(),
  PLAN_GROWTH_SEATS: positiveInt.optional(),
  PLAN_PROFESSIONAL_POSTS: positiveInt.optional(),
  PLAN_PROFESSIONAL_SEATS: positiveInt.optional(),
  LICENCE_SIGNING_KEY: z.string().min(40, 'LICENCE_SIGNING_KEY must be an Ed25519 private key (PKCS8 PEM or base64)'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters'),
  SESSION_TTL_SECONDS: positiveInt.default(3600),
  PAST_DUE_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  CHALLENGE_MAX_PER_KEY: positiveInt.default(5),
  CHALLENGE_MAX_OUTSTANDING: positiveInt.default(50_000),
  CHALLENGE_MAX_PER_SOURCE: positiveInt.default(30),
  TRUST_PROXY: optional(
    z
      .string()
      .regex(/^[0-9A-Fa-f.:/]+(\s*,\s*[0-9A-Fa-f.:/]+)*$/, 'TRUST_PROXY must be a comma-separated list of proxy addresses / CIDR ranges'),
  ),
  RELAY_MAX_FLOWS_PER_HOUR: positiveInt.default(10),
  STAGING_DIR: z.string().min(1).default('staged-media'),
  STAGING_TTL_SECONDS: z.coerce.number().int().min(60).max(24 * 3600).default(6 * 3600),
  STAGING_MAX_FILES_PER_DEVICE: positiveInt.default(30),
  STAGING_MAX_BYTES_PER_DEVICE: positiveInt.default(100 * 1024 * 1024),
  STAGING_SWEEP_MS: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
  STAGING_S3_BUCKET: optional(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'STAGING_S3_BUCKET must be a bucket name')),
  STAGING_S3_REGION: z.string().min(1).default('us-east-1'),
  STAGING_S3_ENDPOINT: optional(z.url()),
  STAGING_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  STAGING_S3_PREFIX: z.string().regex(/^([A-Za-z0-9._-]+\/)*$/, 'STAGING_S3_PREFIX must be folder names each ending in /').default('staged/'),
  STAGING_S3_ACCESS_KEY_ID: optional(z.string().min(1)),
  STAGING_S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
});

/** A configuration problem, worded for whoever starts the server. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses and checks the environment; throws ConfigError naming every bad or missing variable. */
export function parseConfig(env: Record<string, string | undefined>): LicenceServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`The licence server's configuration is incomplete:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const priceIds = { starter: e.STRIPE_PRICE_STARTER, growth: e.STRIPE_PRICE_GROWTH, professional: e.STRIPE_PRICE_PROFESSIONAL };
  if (new Set(Object.values(priceIds)).size !== PLAN_IDS.length) {
    throw new ConfigError('Each plan needs its own Stripe price id (STRIPE_PRICE_STARTER, _GROWTH, _PROFESSIONAL).');
  }
  const terms = (plan: PlanId, posts: number | undefined, seats: number | undefined): PlanTerms => ({
    ...DEFAULT_PLAN_TERMS[plan],
    ...(posts === undefined ? {} : { postsPerCycle: posts }),
    ...(seats === undefined ? {} : { seats }),
  });
  if ((e.STAGING_S3_ACCESS_KEY_ID === undefined) !== (e.STAGING_S3_SECRET_ACCESS_KEY === undefined)) {
    throw new ConfigError('STAGING_S3_ACCESS_KEY_ID and STAGING_S3_SECRET_ACCESS_KEY go together (or leave both unset to use the AWS SDK\'s own credentials).');
  }
  const port = e.PORT;
  return {
    port,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${port}`).replace(/\/+$/, ''),
    sqlitePath: e.LICENCE_DB_PATH,
    databaseUrl: e.DATABASE_URL ?? null,
    stripeSecretKey: e.STRIPE_SECRET_KEY,
    stripeWebhookSecret: e.STRIPE_WEBHOOK_SECRET,
    stripeApiUrl: e.STRIPE_API_URL ? new URL(e.STRIPE_API_URL) : null,
    priceIds,
    plans: {
      starter: terms('starter', e.PLAN_STARTER_POSTS, e.PLAN_STARTER_SEATS),
      growth: terms('growth', e.PLAN_GROWTH_POSTS, e.PLAN_GROWTH_SEATS),
      professional: terms('professional', e.PLAN_PROFESSIONAL_POSTS, e.PLAN_PROFESSIONAL_SEATS),
    },
    signingKey: e.LICENCE_SIGNING_KEY,
    sessionSecret: e.SESSION_SECRET,
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    pastDueGraceDays: e.PAST_DUE_GRACE_DAYS,
    logLevel: e.LOG_LEVEL,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    challengeLimits: { perKey: e.CHALLENGE_MAX_PER_KEY, total: e.CHALLENGE_MAX_OUTSTANDING },
    challengesPerSourcePerMinute: e.CHALLENGE_MAX_PER_SOURCE,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    relayFlowsPerDevicePerHour: e.RELAY_MAX_FLOWS_PER_HOUR,
    staging: {
      dir: e.STAGING_DIR,
      ttlSeconds: e.STAGING_TTL_SECONDS,
      maxFilesPerDevice: e.STAGING_MAX_FILES_PER_DEVICE,
      maxBytesPerDevice: e.STAGING_MAX_BYTES_PER_DEVICE,
      sweepIntervalMs: e.STAGING_SWEEP_MS,
      s3:
        e.STAGING_S3_BUCKET === undefined
          ? null
          : {
              bucket: e.STAGING_S3_BUCKET,
              region: e.STAGING_S3_REGION,
              endpoint: e.STAGING_S3_ENDPOINT ?? null,
              forcePathStyle: e.STAGING_S3_FORCE_PATH_STYLE === 'true',
              prefix: e.STAGING_S3_PREFIX,
              credentials:
                e.STAGING_S3_ACCESS_KEY_ID !== undefined && e.STAGING_S3_SECRET_ACCESS_KEY !== undefined
                  ? { accessKeyId: e.STAGING_S3_ACCESS_KEY_ID, secretAccessKey: e.STAGING_S3_SECRET_ACCESS_KEY }
                  : null,
            },
    },
  };
}

/**
 * TRUST_PROXY: unset = trust no proxy. Never "true": believing every X-Forwarded-For would let any
 * client pick its own address and step around the per-source limits.
 */
function parseTrustProxy(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',').map((part) => part.trim());
}

/** The plan a Stripe price id sells, or null for a price this server does not know. */
export function planForPrice(config: Pick<LicenceServerConfig, 'priceIds'>, priceId: string): PlanId | null {
  return PLAN_IDS.find((plan) => config.priceIds[plan] === priceId) ?? null;
}

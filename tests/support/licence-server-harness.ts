import { createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import Stripe from 'stripe';
import { buildServer } from '../../licence-server/app';
import { parseConfig, type LicenceServerConfig } from '../../licence-server/config';
import { openLicenceDb, type LicenceDb } from '../../licence-server/db/open-licence-db';
import type { OAuthRelayConfig } from '../../licence-server/oauth-relay/relay-config';
import type { MediaStorage } from '../../licence-server/staging/media-storage';
import { openMediaStorage } from '../../licence-server/staging/open-media-storage';
import { rawPublicKey } from '../../licence-server/signing/lease-signer';
import { DEVICE_SESSION_SIGNING_PREFIX, LICENCE_API } from '@shared/licence/licence-api';
import { FakeStripe } from '../fakes/stripe/fake-stripe';

/** A mutable clock shared by the licence server and the fake Stripe. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

/** 26 Nov 2026, 09:00 UTC: a fixed start so runs compare exactly. */
export const TEST_START = Date.UTC(2026, 10, 26, 9, 0, 0);

export interface LicenceServerHarness {
  /** http://127.0.0.1:<port> */
  url: string;
  app: FastifyInstance;
  db: LicenceDb;
  fake: FakeStripe;
  clock: TestClock;
  config: LicenceServerConfig;
  /** The lease signing key's public half, raw base64url (what the app would embed). */
  leasePublicKey: string;
  leasePublicKeyObject: KeyObject;
  priceIds: Record<'starter' | 'growth' | 'professional', string>;
  /** Every log line the server wrote. */
  logs: string[];
  /** Where staged media lives (a temporary folder unless `env` names a bucket). */
  mediaStorage: MediaStorage;
  /** A new device with its own Ed25519 key pair. */
  device(name?: string): TestDevice;
  /**
   * Gives every signed-in device without a plan a seat on a new active licence of `plan`, written
   * straight into the database (what a paid checkout ends in); returns how many were seated.
   */
  grantPlanToUnlicensedDevices(plan?: 'starter' | 'growth' | 'professional'): Promise<number>;
  /** Signs and posts events to the server's webhook endpoint; fails the test on a non-2xx. */
  deliver(events: readonly Stripe.Event[]): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** PostgreSQL server URL: the harness makes a fresh schema in it. Default: a fresh SQLite file. */
  postgresUrl?: string | null;
  env?: Record<string, string>;
  /** The OAuth relay's confidential clients (pointing at local fake providers). */
  oauthRelay?: OAuthRelayConfig;
  /** The clock of the server and the fake Stripe; default a fixed start (TEST_START) that tests move. */
  clock?: TestClock;
  /** Another instance on this harness's database (what several servers behind a load balancer share). */
  shareDatabaseWith?: LicenceServerHarness;
}

const STRIPE_KEY = 'sk_test_fakeStripeKey4242';
const WEBHOOK_SECRET = 'whsec_fakeStripeWebhookSecret';

/**
 * Starts the real licence server (buildServer over a real database, on a port) against a fake
 * Stripe that the official SDK talks to over HTTP. Used by the server's own suites and usable by
 * the app's end-to-end tests (point AGENCYIQ_LICENCE_SERVER_URL at `url`).
 */
export async function startLicenceServer(options: StartOptions = {}): Promise<LicenceServerHarness> {
  let time = TEST_START;
  const clock: TestClock = options.clock ?? { now: () => time, advance: (ms) => (time += ms) };
  const fake = new FakeStripe({ apiKey: STRIPE_KEY, webhookSecret: WEBHOOK_SECRET, now: clock.now });
  await fake.start();
  const priceIds = { starter: fake.createPrice('Starter', 2900), growth: fake.createPrice('Growth', 5900), professional: fake.createPrice('Professional', 9900) };

  const { privateKey } = generateKeyPairSync('ed25519');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licence-server-'));
  const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true })];
  let databaseUrl: string | null = null;
  const shared = options.shareDatabaseWith;
  if (shared) {
    databaseUrl = shared.config.databaseUrl;
  } else if (options.postgresUrl) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: options.postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const url = new URL(options.postgresUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
    cleanups.push(async () => {
      const client = new pg.Client({ connectionString: options.postgresUrl ?? '' });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    });
  }

  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LICENCE_DB_PATH: shared ? shared.config.sqlitePath : path.join(dir, 'licence.db'),
    DATABASE_URL: databaseUrl ?? '',
    STRIPE_SECRET_KEY: STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: fake.url,
    STRIPE_PRICE_STARTER: priceIds.starter,
    STRIPE_PRICE_GROWTH: priceIds.growth,
    STRIPE_PRICE_PROFESSIONAL: priceIds.professional,
    LICENCE_SIGNING_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'info',
    STAGING_DIR: path.join(dir, 'staged-media'),
    ...options.env,
  });
  const db = await openLicenceDb(config);
  const logs: string[] = [];
  const mediaStorage = await openMediaStorage(config.staging);
  const stripe = new Stripe(STRIPE_KEY, { ...fake.sdkOptions, maxNetworkRetries: 0, telemetry: false });
  const app = buildServer({
    db,
    stripe: async () => stripe,
    clock,
    signingKey: privateKey,
    config,
    logger: { level: 'info', stream: { write: (line) => logs.push(line) } },
    mediaStorage,
    ...(options.oauthRelay ? { oauthRelay: options.oauthRelay } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  config.publicUrl = url;
  fake.webhookUrl = `${url}${LICENCE_API.stripeWebhook}`;

  return {
    url,
    app,
    db,
    fake,
    clock,
    config,
    leasePublicKey: rawPublicKey(privateKey),
    leasePublicKeyObject: createPublicKey(privateKey),
    priceIds,
    logs,
    mediaStorage,
    device: (name = 'Test device') => new TestDevice(url, name),
    async grantPlanToUnlicensedDevices(plan = 'growth') {
      const waiting = await db.db.selectFrom('devices').select('id').where('licence_id', 'is', null).execute();
      const now = clock.now();
      for (const { id } of waiting) {
        const licence = { id: `lic_${randomBytes(9).toString('base64url')}`, key: `AIQ-TEST-${randomBytes(6).toString('hex').toUpperCase()}` };
        await db.db
          .insertInto('licences')
          .values({
            id: licence.id,
            licence_key: licence.key,
            stripe_subscription_id: `sub_${licence.id}`,
            stripe_customer_id: null,
            checkout_session_id: null,
            plan,
            status: 'active',
            grace_until: null,
            cycle_anchor: now,
            created_at: now,
            updated_at: now,
            status_event_created: null,
            status_event_rank: null,
            status_event_id: null,
            sub_event_created: null,
            sub_event_rank: null,
            sub_event_id: null,
          })
          .execute();
        await db.db.updateTable('devices').set({ licence_id: licence.id, activated_at: now, deactivated_at: null }).where('id', '=', id).execute();
      }
      return waiting.length;
    },
    async deliver(events) {
      for (const delivery of await fake.deliver(`${url}${LICENCE_API.stripeWebhook}`, events)) {
        if (delivery.status >= 300) throw new Error(`Webhook ${delivery.event.type} answered ${delivery.status}: ${delivery.body}`);
      }
    },
    async close() {
      await app.close();
      await db.close();
      await fake.stop();
      for (const cleanup of cleanups) await cleanup();
    },
  };
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A device as the app is one: an Ed25519 key pair, a bearer token once signed in. */
export class TestDevice {
  readonly privateKey: KeyObject;
  readonly publicKey: string;
  token: string | null = null;
  deviceId: string | null = null;

  constructor(
    readonly baseUrl: string,
    readonly name: string,
  ) {
    const pair = generateKeyPairSync('ed25519');
    this.privateKey = pair.privateKey;
    this.publicKey = rawPublicKey(pair.privateKey);
  }

  signNonce(nonce: string): string {
    return sign(null, Buffer.from(DEVICE_SESSION_SIGNING_PREFIX + nonce), this.privateKey).toString('base64url');
  }

  async challenge(): Promise<string> {
    const response = await this.call('POST', LICENCE_API.challenge, { publicKey: this.publicKey }, false);
    if (response.status !== 200) throw new Error(`challenge: ${response.status} ${JSON.stringify(response.body)}`);
    return String(response.body['nonce']);
  }

  /** Challenge, sign, session: the bearer token is kept for later calls. */
  async signIn(): Promise<void> {
    const nonce = await this.challenge();
    const response = await this.call(
      'POST',
      LICENCE_API.session,
      { publicKey: this.publicKey, nonce, signature: this.signNonce(nonce), deviceName: this.name, os: 'mac' },
      false,
    );
    if (response.status !== 200) throw new Error(`session: ${response.status} ${JSON.stringify(response.body)}`);
    this.token = String(response.body['token']);
    this.deviceId = String(response.body['deviceId']);
  }

  async call<T = Record<string, unknown>>(method: string, pathname: string, body?: unknown, authenticated = true): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (authenticated && this.token) headers['authorization'] = `Bearer ${this.token}`;
    const response = await fetch(`${this.baseUrl}${pathname}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }
}

import { verify } from 'node:crypto';
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deviceKeyHash } from '../../licence-server/auth/device-keys';
import { leasePayloadSchema, SIGNED_LEASE_PATTERN, type LeasePayload } from '@shared/licence/lease-format';
import { LICENCE_API, devicesResponseSchema, leaseResponseSchema, licenceErrorSchema } from '@shared/licence/licence-api';
import { startLicenceServer, TEST_START, type LicenceServerHarness, type TestDevice } from '../support/licence-server-harness';

const DAY = 24 * 60 * 60 * 1000;

/** Checks a signed lease with the harness's public key and returns its payload. */
function openLease(harness: LicenceServerHarness, lease: string): LeasePayload {
  const match = SIGNED_LEASE_PATTERN.exec(lease);
  if (!match?.[1] || !match[2]) throw new Error(`Not a signed lease: ${lease}`);
  const payload = Buffer.from(match[1], 'base64url');
  expect(verify(null, payload, harness.leasePublicKeyObject, Buffer.from(match[2], 'base64url'))).toBe(true);
  return leasePayloadSchema.parse(JSON.parse(payload.toString('utf8')));
}

/** POST /v1/lease as the app does it: a session that expired (the tests move the clock by days) is renewed first. */
async function renew(device: TestDevice) {
  let response = await device.call('POST', LICENCE_API.lease);
  if (response.status === 401) {
    await device.signIn();
    response = await device.call('POST', LICENCE_API.lease);
  }
  expect(response.status).toBe(200);
  return leaseResponseSchema.parse(response.body);
}

/** A device that bought `plan` through checkout (webhooks delivered); returns its subscription id. */
async function buy(harness: LicenceServerHarness, device: TestDevice, plan: 'starter' | 'growth' | 'professional'): Promise<string> {
  if (!device.token) await device.signIn();
  const checkout = await device.call('POST', LICENCE_API.checkout, { plan });
  expect(checkout.status).toBe(200);
  await harness.deliver(harness.fake.completeCheckout(String(checkout.body['checkoutSessionId'])));
  const session = harness.fake.sessions.get(String(checkout.body['checkoutSessionId']));
  return String(session?.subscription);
}

type Dump = Record<string, Record<string, unknown>[]>;
const TABLES = ['licences', 'devices', 'checkouts', 'nonces', 'stripe_events'] as const;

/** Every row of every table, with licence ids and keys (random per run) named by subscription. */
async function dumpState(harness: LicenceServerHarness): Promise<Dump> {
  const dump: Dump = {};
  for (const table of TABLES) dump[table] = (await harness.db.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
  const names = new Map<unknown, string>();
  for (const licence of dump['licences'] ?? []) {
    names.set(licence['id'], `licence-of-${String(licence['stripe_subscription_id'])}`);
    names.set(licence['licence_key'], `key-of-${String(licence['stripe_subscription_id'])}`);
  }
  const rename = (row: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(row).map(([column, value]) => [column, names.get(value) ?? value]));
  const sortKey = (row: Record<string, unknown>) => String(row['stripe_subscription_id'] ?? row['id'] ?? row['nonce']);
  for (const table of TABLES) dump[table] = (dump[table] ?? []).map(rename).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  return dump;
}

/** Puts back exactly the rows of an earlier (un-renamed) snapshot. */
async function restoreRows(harness: LicenceServerHarness, rows: Dump): Promise<void> {
  await harness.db.db.transaction().execute(async (trx) => {
    for (const table of ['checkouts', 'devices', 'nonces', 'stripe_events', 'licences'] as const) await trx.deleteFrom(table).execute();
    for (const table of ['licences', 'devices', 'checkouts', 'nonces', 'stripe_events'] as const) {
      for (const row of rows[table] ?? []) await trx.insertInto(table).values(row as never).execute();
    }
  });
}

async function rawRows(harness: LicenceServerHarness): Promise<Dump> {
  const dump: Dump = {};
  for (const table of TABLES) dump[table] = (await harness.db.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
  return dump;
}

/** Deterministic shuffles (mulberry32), so a failure can be replayed. */
/**
 * The token with one character of its MAC changed. Not the last character: in base64url its low
 * bits are padding a decoder may ignore. (Overwriting the last two with "xx" let through the one
 * token in 4,096 that already ended in "xx".)
 */
function forgeMac(token: string): string {
  const at = token.length - 10;
  return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * The licence server's integration suite: the real server over HTTP, a real database, the
 * official Stripe SDK against the fake Stripe. Run once per database (SQLite always, PostgreSQL
 * when LICENCE_TEST_DATABASE_URL is set).
 */
export function licenceServerSuite(database: string, postgresUrl: string | null): void {
  describe(`licence server on ${database}`, () => {
    let harness: LicenceServerHarness;
    beforeEach(async () => {
      harness = await startLicenceServer({ postgresUrl });
    });
    afterEach(async () => {
      await harness.close();
    });

    it('answers /healthz and names its database', async () => {
      const response = await fetch(`${harness.url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', database });
    });

    describe('device sign-in', () => {
      it('signs a device in with its key and a nonce, without a password, and knows it again next time', async () => {
        const device = harness.device('Sam’s MacBook');
        await device.signIn();
        const first = device.deviceId;
        expect(first).toMatch(/^dev_/);
        expect(await renew(device)).toEqual({ status: 'none' });
        await device.signIn();
        expect(device.deviceId).toBe(first);
      });

      it('refuses a signature by another key, and the nonce is spent', async () => {
        const device = harness.device();
        const impostor = harness.device();
        const nonce = await device.challenge();
        const body = { publicKey: device.publicKey, nonce, signature: impostor.signNonce(nonce), deviceName: 'x', os: 'linux' };
        const refused = await device.call('POST', LICENCE_API.session, body, false);
        expect(refused.status).toBe(401);
        expect(licenceErrorSchema.parse(refused.body).code).toBe('unauthenticated');
        const retried = await device.call('POST', LICENCE_API.session, { ...body, signature: device.signNonce(nonce) }, false);
        expect(retried.status).toBe(401);
        expect(await harness.db.db.selectFrom('devices').selectAll().execute()).toEqual([]);
      });

      it('refuses a reused nonce', async () => {
        const device = harness.device();
        const nonce = await device.challenge();
        const body = { publicKey: device.publicKey, nonce, signature: device.signNonce(nonce), deviceName: 'x', os: 'linux' };
        expect((await device.call('POST', LICENCE_API.session, body, false)).status).toBe(200);
        const again = await device.call('POST', LICENCE_API.session, body, false);
        expect(again.status).toBe(401);
        expect(licenceErrorSchema.parse(again.body).code).toBe('unauthenticated');
      });

      it('refuses an expired nonce with nonce_expired', async () => {
        const device = harness.device();
        const nonce = await device.challenge();
        harness.clock.advance(5 * 60 * 1000 + 1);
        const response = await device.call('POST', LICENCE_API.session, { publicKey: device.publicKey, nonce, signature: device.signNonce(nonce), deviceName: 'x', os: 'mac' }, false);
        expect(response.status).toBe(401);
        expect(licenceErrorSchema.parse(response.body).code).toBe('nonce_expired');
      });

      it('refuses a nonce issued to another key', async () => {
        const device = harness.device();
        const other = harness.device();
        const nonce = await other.challenge();
        const response = await device.call('POST', LICENCE_API.session, { publicKey: device.publicKey, nonce, signature: device.signNonce(nonce), deviceName: 'x', os: 'mac' }, false);
        expect(response.status).toBe(401);
      });

      it('refuses missing, forged and expired bearer tokens', async () => {
        const device = harness.device();
        await device.signIn();
        const token = device.token ?? '';
        device.token = null;
        expect((await device.call('POST', LICENCE_API.lease)).status).toBe(401);
        device.token = forgeMac(token);
        expect(licenceErrorSchema.parse((await device.call('POST', LICENCE_API.lease)).body).code).toBe('unauthenticated');
        device.token = token.replace(/^dev_[^.]+/, 'dev_someoneelse');
        expect((await device.call('POST', LICENCE_API.lease)).status).toBe(401);
        // Trailing junk a lenient base64url decoder would drop (issue 15 item 9).
        for (const junk of ['!!', '=', '.', '%21']) {
          device.token = token + junk;
          expect((await device.call('POST', LICENCE_API.lease)).status, junk).toBe(401);
        }
        device.token = token;
        expect((await device.call('POST', LICENCE_API.lease)).status).toBe(200);
        harness.clock.advance(harness.config.sessionTtlSeconds * 1000);
        expect((await device.call('POST', LICENCE_API.lease)).status).toBe(401);
      });

      it('bounds unanswered challenges per device key: 429 with Retry-After, while signing in with an issued nonce still works', async () => {
        const device = harness.device();
        const issued: string[] = [];
        for (let i = 0; i < 5; i++) issued.push(await device.challenge());
        harness.clock.advance(60_000);
        const refused = await fetch(`${harness.url}${LICENCE_API.challenge}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ publicKey: device.publicKey }),
        });
        expect(refused.status).toBe(429);
        // Until the first of the five expires: 5 minutes after it was issued, one minute ago.
        expect(refused.headers.get('retry-after')).toBe('240');
        const error = licenceErrorSchema.parse(await refused.json());
        expect(error.code).toBe('rate_limited');
        expect(error.message).toMatch(/too many times/);
        expect(await harness.db.db.selectFrom('nonces').selectAll().execute()).toHaveLength(5);

        // Another computer is not affected, and this one can still answer a nonce it holds.
        await harness.device().signIn();
        const nonce = issued[2] ?? '';
        const session = await device.call('POST', LICENCE_API.session, { publicKey: device.publicKey, nonce, signature: device.signNonce(nonce), deviceName: 'x', os: 'mac' }, false);
        expect(session.status).toBe(200);
        await device.challenge();

        // Expired nonces are purged: once they are, the key may ask again and only fresh ones remain.
        harness.clock.advance(5 * 60 * 1000);
        await device.signIn();
        expect(await harness.db.db.selectFrom('nonces').selectAll().execute()).toEqual([]);
      });

      it('at the overall cap of unanswered challenges, evicts the oldest instead of refusing the newcomer', async () => {
        // As if started with CHALLENGE_MAX_OUTSTANDING=3 (the server reads its config object live).
        harness.config.challengeLimits = { ...harness.config.challengeLimits, total: 3 };
        const waiting = [harness.device(), harness.device(), harness.device()];
        const nonces = [];
        for (const device of waiting) {
          nonces.push(await device.challenge());
          harness.clock.advance(1000);
        }
        const late = harness.device();
        await late.signIn();
        expect(late.deviceId).toMatch(/^dev_/);
        expect(await harness.db.db.selectFrom('nonces').selectAll().execute()).toHaveLength(2);

        // The oldest nonce made room: its device is told to start again; the others still work.
        const first = waiting[0]!;
        const evicted = await first.call('POST', LICENCE_API.session, { publicKey: first.publicKey, nonce: nonces[0], signature: first.signNonce(nonces[0] ?? ''), deviceName: 'x', os: 'mac' }, false);
        expect(evicted.status).toBe(401);
        const second = waiting[1]!;
        const kept = await second.call('POST', LICENCE_API.session, { publicKey: second.publicKey, nonce: nonces[1], signature: second.signNonce(nonces[1] ?? ''), deviceName: 'x', os: 'mac' }, false);
        expect(kept.status).toBe(200);
        await first.signIn();
      });

      it('answers malformed requests with invalid_request and a JSON error', async () => {
        const device = harness.device();
        const bad = await device.call('POST', LICENCE_API.challenge, { publicKey: 'not-a-key' }, false);
        expect(bad.status).toBe(400);
        expect(licenceErrorSchema.parse(bad.body).code).toBe('invalid_request');
        const notJson = await fetch(`${harness.url}${LICENCE_API.challenge}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"publicKey":' });
        expect(notJson.status).toBe(400);
        expect(licenceErrorSchema.parse(await notJson.json()).code).toBe('invalid_request');
        const unknown = await fetch(`${harness.url}/v1/nothing-here`);
        expect(unknown.status).toBe(404);
        expect(licenceErrorSchema.parse(await unknown.json()).code).toBe('invalid_request');
      });
    });

    describe('checkout through the fake Stripe', () => {
      it('a device picks Growth, pays on the hosted page, and gets a signed lease once the webhook provisioned it', async () => {
        const device = harness.device('Front desk PC');
        await device.signIn();
        const checkout = await device.call('POST', LICENCE_API.checkout, { plan: 'growth' });
        expect(checkout.status).toBe(200);
        const { url, checkoutSessionId } = checkout.body as { url: string; checkoutSessionId: string };
        expect(checkoutSessionId).toMatch(/^cs_test_[A-Za-z0-9]+$/);
        expect(url.startsWith(harness.fake.url)).toBe(true);

        const created = harness.fake.requests.find((r) => r.path === '/v1/checkout/sessions');
        const pending = await harness.db.db.selectFrom('checkouts').selectAll().executeTakeFirstOrThrow();
        expect(created?.params).toMatchObject({
          mode: 'subscription',
          client_reference_id: pending.id,
          line_items: [{ price: harness.priceIds.growth, quantity: '1' }],
          success_url: `${harness.url}/checkout/return?session_id={CHECKOUT_SESSION_ID}`,
          cancel_url: `${harness.url}/checkout/cancel`,
        });
        // The redirect alone provisions nothing.
        const early = await (await fetch(`${harness.url}${LICENCE_API.checkoutReturn}?session_id=${checkoutSessionId}`)).text();
        expect(early).toContain('http-equiv="refresh"');
        expect(early).toContain(`agencyiq://licence/success?session_id=${checkoutSessionId}`);
        expect(await renew(device)).toEqual({ status: 'none' });

        const page = await fetch(url);
        expect(await page.text()).toContain('Pay');
        const paid = await fetch(url, { method: 'POST', redirect: 'manual' });
        expect(paid.status).toBe(303);
        const returnUrl = paid.headers.get('location') ?? '';
        expect(returnUrl).toBe(`${harness.url}/checkout/return?session_id=${checkoutSessionId}`);

        const lease = await renew(device);
        if (lease.status !== 'active') throw new Error(`expected active, got ${JSON.stringify(lease)}`);
        expect(lease.licenceKey).toMatch(/^AIQ(-[ACDEFGHJKMNPQRTUVWXY34679]{4}){4}$/);
        const payload = openLease(harness, lease.lease);
        const subscription = [...harness.fake.subscriptions.values()][0];
        expect(payload).toEqual({
          v: 1,
          licenceId: expect.stringMatching(/^lic_/),
          plan: 'growth',
          postsPerCycle: 27,
          cycleStart: (subscription?.items.data[0]?.current_period_start ?? 0) * 1000,
          cycleEnd: (subscription?.items.data[0]?.current_period_end ?? 0) * 1000,
          seats: 2,
          deviceKeyHash: deviceKeyHash(device.publicKey),
          issuedAt: TEST_START,
          expiresAt: TEST_START + 7 * DAY,
          status: 'active',
          graceUntil: null,
        });
        const done = await (await fetch(returnUrl)).text();
        expect(done).toContain('Payment received — go back to AgencyIQ');
        expect(done).toContain(lease.licenceKey);
        expect(done).not.toContain('http-equiv="refresh"');

        const again = await device.call('POST', LICENCE_API.checkout, { plan: 'professional' });
        expect(again.status).toBe(409);
        expect(licenceErrorSchema.parse(again.body).code).toBe('already_licensed');
      });

      it('says stripe_unavailable in plain words when Stripe refuses the checkout, and provisions nothing', async () => {
        (harness.config.priceIds as Record<string, string>).growth = 'price_doesNotExist';
        const device = harness.device();
        await device.signIn();
        const response = await device.call('POST', LICENCE_API.checkout, { plan: 'growth' });
        expect(response.status).toBe(502);
        expect(licenceErrorSchema.parse(response.body)).toMatchObject({ code: 'stripe_unavailable', message: expect.stringContaining('Nothing was charged') });
        expect(await harness.db.db.selectFrom('licences').selectAll().execute()).toEqual([]);
      });

      it('the cancel page sends the owner back to the app', async () => {
        const text = await (await fetch(`${harness.url}${LICENCE_API.checkoutCancel}`)).text();
        expect(text).toContain('agencyiq://licence/cancelled');
      });
    });

    describe('leases', () => {
      it('renews with the cached lease within a minute and re-signs after that (its issuedAt is the signed time), keeping the billing period', async () => {
        const device = harness.device();
        await buy(harness, device, 'starter');
        const first = await renew(device);
        harness.clock.advance(59_000);
        const second = await renew(device);
        expect(second).toEqual(first);
        harness.clock.advance(DAY);
        const third = await renew(device);
        if (first.status !== 'active' || third.status !== 'active') throw new Error('expected active leases');
        const a = openLease(harness, first.lease);
        const b = openLease(harness, third.lease);
        expect(b.issuedAt).toBe(TEST_START + DAY + 59_000);
        expect(b.expiresAt).toBe(b.issuedAt + 7 * DAY);
        expect([b.cycleStart, b.cycleEnd]).toEqual([a.cycleStart, a.cycleEnd]);
        expect(b).toMatchObject({ plan: 'starter', postsPerCycle: 12, seats: 1 });
      });

      it('follows a plan change at once', async () => {
        const device = harness.device();
        const subscription = await buy(harness, device, 'starter');
        await renew(device);
        harness.clock.advance(60_000);
        await harness.deliver(harness.fake.changePlan(subscription, harness.priceIds.professional));
        const lease = await renew(device);
        if (lease.status !== 'active') throw new Error('expected active');
        expect(openLease(harness, lease.lease)).toMatchObject({ plan: 'professional', postsPerCycle: 52, seats: 3 });
      });

      it('past due: renews with a grace notice until the grace ends, then refuses as lapsed; a recovered payment restores it', async () => {
        const device = harness.device();
        const subscription = await buy(harness, device, 'growth');
        harness.clock.advance(30 * DAY);
        const failedAt = harness.clock.now();
        await harness.deliver(harness.fake.failPayment(subscription));
        const grace = await renew(device);
        if (grace.status !== 'past_due') throw new Error(`expected past_due, got ${JSON.stringify(grace)}`);
        expect(openLease(harness, grace.lease)).toMatchObject({ status: 'past_due', graceUntil: failedAt + 7 * DAY });

        harness.clock.advance(7 * DAY);
        const lapsed = await renew(device);
        expect(lapsed).toEqual({ status: 'lapsed', message: expect.stringContaining('payment') });

        await harness.deliver(harness.fake.recoverPayment(subscription));
        expect((await renew(device)).status).toBe('active');
      });

      it('refuses to renew once the subscription is deleted', async () => {
        const device = harness.device();
        const subscription = await buy(harness, device, 'growth');
        harness.clock.advance(DAY);
        await harness.deliver(harness.fake.cancelSubscription(subscription));
        expect(await renew(device)).toEqual({ status: 'lapsed', message: expect.stringContaining('plan has ended') });
      });
    });

    describe('seats and devices', () => {
      async function growthWithTwoDevices() {
        const owner = harness.device('Office iMac');
        await buy(harness, owner, 'growth');
        const lease = await renew(owner);
        if (lease.status !== 'active') throw new Error('expected active');
        harness.clock.advance(60_000);
        const laptop = harness.device('Sam’s laptop');
        await laptop.signIn();
        // Typed the way people type: lower case, no dashes, spaces.
        const typed = lease.licenceKey.toLowerCase().replaceAll('-', ' ');
        const activated = await laptop.call('POST', LICENCE_API.activate, { licenceKey: typed });
        expect(activated.status).toBe(200);
        expect(leaseResponseSchema.parse(activated.body).status).toBe('active');
        return { owner, laptop, licenceKey: lease.licenceKey };
      }

      it('activates a second device with the licence key and refuses a third, naming the devices that hold the seats', async () => {
        const { licenceKey } = await growthWithTwoDevices();
        const third = harness.device('Reception PC');
        await third.signIn();
        const refused = await third.call('POST', LICENCE_API.activate, { licenceKey });
        expect(refused.status).toBe(409);
        const error = licenceErrorSchema.parse(refused.body);
        expect(error.code).toBe('seats_full');
        expect(error.message).toContain('Office iMac');
        expect(error.message).toContain('Sam’s laptop');
        expect(error.message).toContain('Growth allows 2 devices');
        expect(error.devices?.map((d) => d.name)).toEqual(['Office iMac', 'Sam’s laptop']);
        expect(await renew(third)).toEqual({ status: 'none' });
      });

      it('refuses an unknown licence key', async () => {
        const device = harness.device();
        await device.signIn();
        const response = await device.call('POST', LICENCE_API.activate, { licenceKey: 'AIQ-AAAA-AAAA-AAAA-AAAA' });
        expect(response.status).toBe(404);
        expect(licenceErrorSchema.parse(response.body).code).toBe('unknown_licence_key');
      });

      it('lists the devices with the current one marked, and one device removes another', async () => {
        const { owner, laptop, licenceKey } = await growthWithTwoDevices();
        const listed = devicesResponseSchema.parse((await laptop.call('GET', LICENCE_API.devices)).body);
        expect(listed.devices.map((d) => [d.name, d.current])).toEqual([
          ['Office iMac', false],
          ['Sam’s laptop', true],
        ]);
        harness.clock.advance(60_000);
        const removed = await laptop.call('DELETE', `${LICENCE_API.devices}/${owner.deviceId}`);
        expect(removed.status).toBe(200);
        expect(devicesResponseSchema.parse(removed.body).devices.map((d) => d.name)).toEqual(['Sam’s laptop']);

        expect(await renew(owner)).toEqual({ status: 'deactivated', message: expect.stringContaining('removed') });
        expect(licenceErrorSchema.parse((await owner.call('GET', LICENCE_API.devices)).body).code).toBe('device_deactivated');
        expect((await laptop.call('DELETE', `${LICENCE_API.devices}/${owner.deviceId}`)).status).toBe(404);

        const third = harness.device('Reception PC');
        await third.signIn();
        expect((await third.call('POST', LICENCE_API.activate, { licenceKey })).status).toBe(200);
        const back = await owner.call('POST', LICENCE_API.activate, { licenceKey });
        expect(licenceErrorSchema.parse(back.body).code).toBe('seats_full');
      });

      it('after a downgrade to fewer seats, the most recently used computers keep renewing and the others are told why, until one is removed', async () => {
        const owner = harness.device('Office iMac');
        const subscription = await buy(harness, owner, 'professional');
        const first = await renew(owner);
        if (first.status !== 'active') throw new Error('expected active');
        const laptop = harness.device('Sam’s laptop');
        const reception = harness.device('Reception PC');
        for (const device of [laptop, reception]) {
          await device.signIn();
          expect((await device.call('POST', LICENCE_API.activate, { licenceKey: first.licenceKey })).status).toBe(200);
        }
        // The owner keeps using the laptop, then the reception PC; the iMac sits unused.
        harness.clock.advance(2 * 60 * 60 * 1000);
        expect((await renew(laptop)).status).toBe('active');
        harness.clock.advance(60 * 60 * 1000);
        expect((await renew(reception)).status).toBe('active');
        const seenAt = new Map([[laptop.deviceId, harness.clock.now() - 60 * 60 * 1000], [reception.deviceId, harness.clock.now()]]);
        await vi.waitFor(async () => {
          const { devices } = devicesResponseSchema.parse((await reception.call('GET', LICENCE_API.devices)).body);
          for (const device of devices) if (seenAt.has(device.id)) expect(device.lastSeenAt).toBe(seenAt.get(device.id));
        }, { timeout: 5000, interval: 100 }); // "last seen" is written in batches once a second

        harness.clock.advance(60_000);
        await harness.deliver(harness.fake.changePlan(subscription, harness.priceIds.starter));
        const kept = await renew(reception);
        if (kept.status !== 'active') throw new Error(`expected active, got ${JSON.stringify(kept)}`);
        expect(openLease(harness, kept.lease)).toMatchObject({ plan: 'starter', seats: 1 });
        for (const device of [laptop, owner]) {
          const refused = await renew(device);
          if (refused.status !== 'seats_exceeded') throw new Error(`expected seats_exceeded, got ${JSON.stringify(refused)}`);
          expect(refused.seats).toBe(1);
          expect(refused.message).toContain('now covers 1 computer');
          expect(refused.message).toContain('“Reception PC”');
          expect(refused.message).toContain('remove one of those computers');
        }

        // Stable: signing in again and asking again later does not let a refused computer take the seat.
        harness.clock.advance(2 * 60 * 60 * 1000);
        await laptop.signIn();
        expect((await renew(laptop)).status).toBe('seats_exceeded');
        expect((await renew(reception)).status).toBe('active');
        expect((await renew(laptop)).status).toBe('seats_exceeded');
        // No new computer joins a plan that is already over its seats.
        const newcomer = harness.device('New PC');
        await newcomer.signIn();
        expect(licenceErrorSchema.parse((await newcomer.call('POST', LICENCE_API.activate, { licenceKey: first.licenceKey })).body).code).toBe('seats_full');

        // The refused laptop can still see the plan's devices and remove one, and then it has the seat.
        const listed = devicesResponseSchema.parse((await laptop.call('GET', LICENCE_API.devices)).body);
        expect(listed.devices.map((d) => d.name).sort()).toEqual(['Office iMac', 'Reception PC', 'Sam’s laptop']);
        expect((await laptop.call('DELETE', `${LICENCE_API.devices}/${reception.deviceId}`)).status).toBe(200);
        expect((await renew(reception)).status).toBe('deactivated');
        expect((await renew(laptop)).status).toBe('active');
        expect((await renew(owner)).status).toBe('seats_exceeded');

        // Back to more seats: every seated computer renews again.
        harness.clock.advance(60_000);
        await harness.deliver(harness.fake.changePlan(subscription, harness.priceIds.growth));
        expect((await renew(owner)).status).toBe('active');
        expect((await renew(laptop)).status).toBe('active');
      });

      it('a device without a plan has no devices list and no portal', async () => {
        const device = harness.device();
        await device.signIn();
        expect(licenceErrorSchema.parse((await device.call('GET', LICENCE_API.devices)).body).code).toBe('no_licence');
        expect(licenceErrorSchema.parse((await device.call('POST', LICENCE_API.portal)).body).code).toBe('no_licence');
      });
    });

    it('opens the billing portal for the licence’s Stripe customer', async () => {
      const device = harness.device();
      const subscription = await buy(harness, device, 'professional');
      const response = await device.call('POST', LICENCE_API.portal);
      expect(response.status).toBe(200);
      const url = String(response.body['url']);
      expect(url.startsWith(`${harness.fake.url}/portal/session/`)).toBe(true);
      const session = [...harness.fake.portalSessions.values()][0];
      expect(session?.customer).toBe(harness.fake.subscriptions.get(subscription)?.customer);
      expect(session?.return_url).toBe(`${harness.url}${LICENCE_API.portalReturn}`);
    });

    describe('Stripe webhooks', () => {
      /** Two customers' histories: checkouts, a plan change, a failed and a recovered payment, a cancellation. */
      async function history(): Promise<{ events: Stripe.Event[]; before: Dump }> {
        const a = harness.device('A');
        const b = harness.device('B');
        await a.signIn();
        await b.signIn();
        const sessionA = String((await a.call('POST', LICENCE_API.checkout, { plan: 'starter' })).body['checkoutSessionId']);
        const sessionB = String((await b.call('POST', LICENCE_API.checkout, { plan: 'growth' })).body['checkoutSessionId']);
        const before = await rawRows(harness);
        const events: Stripe.Event[] = [];
        events.push(...harness.fake.completeCheckout(sessionA));
        events.push(...harness.fake.completeCheckout(sessionB));
        const subA = String(harness.fake.sessions.get(sessionA)?.subscription);
        const subB = String(harness.fake.sessions.get(sessionB)?.subscription);
        harness.clock.advance(2 * DAY);
        events.push(...harness.fake.changePlan(subA, harness.priceIds.professional));
        harness.clock.advance(28 * DAY);
        events.push(...harness.fake.failPayment(subA));
        events.push(...harness.fake.failPayment(subB));
        harness.clock.advance(DAY);
        events.push(...harness.fake.recoverPayment(subA));
        harness.clock.advance(DAY);
        events.push(...harness.fake.cancelSubscription(subB));
        events.push(harness.fake.otherEvent());
        return { events, before };
      }

      it('ends in the same state whether events arrive once in order or three times shuffled', async () => {
        const { events, before } = await history();
        await harness.deliver(events);
        const inOrder = await dumpState(harness);
        expect(inOrder['licences']?.map((l) => [l['plan'], l['status']])).toEqual(
          expect.arrayContaining([
            ['professional', 'active'],
            ['growth', 'canceled'],
          ]),
        );
        expect(inOrder['stripe_events']).toHaveLength(events.length);
        for (const seed of [1, 2, 3]) {
          await restoreRows(harness, before);
          await harness.deliver(shuffled([...events, ...events, ...events], seed));
          expect(await dumpState(harness)).toEqual(inOrder);
        }
      });

      it('an older event arriving late does not undo a newer one', async () => {
        const device = harness.device();
        await device.signIn();
        const session = String((await device.call('POST', LICENCE_API.checkout, { plan: 'starter' })).body['checkoutSessionId']);
        const opening = harness.fake.completeCheckout(session);
        const subscription = String(harness.fake.sessions.get(session)?.subscription);
        harness.clock.advance(60_000);
        const toGrowth = harness.fake.changePlan(subscription, harness.priceIds.growth);
        harness.clock.advance(60_000);
        const toProfessional = harness.fake.changePlan(subscription, harness.priceIds.professional);
        // Newest first; the checkout itself last of all: it must still link device and licence.
        await harness.deliver([...toProfessional, ...toGrowth, ...opening.slice(1), opening[0] as Stripe.Event]);
        const lease = await renew(device);
        if (lease.status !== 'active') throw new Error(`expected active, got ${JSON.stringify(lease)}`);
        expect(openLease(harness, lease.lease).plan).toBe('professional');
      });

      it('refuses a tampered body, a wrong secret, a stale timestamp and a missing signature with 400, changing nothing', async () => {
        const device = harness.device();
        await device.signIn();
        const session = String((await device.call('POST', LICENCE_API.checkout, { plan: 'starter' })).body['checkoutSessionId']);
        const [completed] = harness.fake.completeCheckout(session);
        if (!completed) throw new Error('no event');
        const before = await dumpState(harness);
        const post = (body: string, signature?: string) =>
          fetch(`${harness.url}${LICENCE_API.stripeWebhook}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
            body,
          });
        const good = harness.fake.sign(completed);
        const tampered = good.body.replace('"complete"', '"completf"');
        expect(tampered).not.toBe(good.body);
        const attempts = [
          await post(tampered, good.signature),
          await post(good.body, harness.fake.sign(completed, { secret: 'whsec_notTheRightSecret' }).signature),
          await post(good.body, harness.fake.sign(completed, { timestamp: Math.floor(harness.clock.now() / 1000) - 301 }).signature),
          await post(good.body),
        ];
        for (const response of attempts) {
          expect(response.status).toBe(400);
          expect(licenceErrorSchema.parse(await response.json()).code).toBe('invalid_request');
        }
        expect(await dumpState(harness)).toEqual(before);
        expect((await post(good.body, good.signature)).status).toBe(200);
        expect(await dumpState(harness)).not.toEqual(before);
      });

      it('answers an unknown event type 2xx and only records it', async () => {
        const before = await rawRows(harness);
        const event = harness.fake.otherEvent('payment_method.attached');
        const [delivery] = await harness.fake.deliver(`${harness.url}${LICENCE_API.stripeWebhook}`, [event]);
        expect(delivery?.status).toBe(200);
        const after = await rawRows(harness);
        expect({ ...after, stripe_events: [] }).toEqual({ ...before, stripe_events: [] });
        expect(after['stripe_events']).toEqual([{ id: event.id, type: 'payment_method.attached', created: event.created, received_at: TEST_START, unusable_reason: null }]);
      });
    });

    it('never writes licence keys, tokens, nonces, signatures or Stripe secrets to its logs', async () => {
      const owner = harness.device('Owner');
      await buy(harness, owner, 'growth');
      const lease = await renew(owner);
      if (lease.status !== 'active') throw new Error('expected active');
      const other = harness.device('Other');
      await other.signIn();
      await other.call('POST', LICENCE_API.activate, { licenceKey: lease.licenceKey });
      await other.call('POST', LICENCE_API.activate, { licenceKey: 'AIQ-AAAA-AAAA-AAAA-AAAA' });
      await fetch(`${harness.url}${LICENCE_API.stripeWebhook}`, { method: 'POST', headers: { 'stripe-signature': 't=1,v1=abc' }, body: '{}' });
      const text = harness.logs.join('');
      expect(text).toContain('Device activated');
      // Request loggers are made lazily; a line logged in a request still names the request.
      expect(harness.logs.find((line) => line.includes('Device activated'))).toContain('"reqId"');
      for (const secret of [lease.licenceKey, owner.token, other.token, harness.config.stripeSecretKey, harness.config.stripeWebhookSecret, harness.config.sessionSecret]) {
        expect(text).not.toContain(String(secret));
      }
      expect(text).not.toMatch(/v1\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{86}/);
    });
  });
}


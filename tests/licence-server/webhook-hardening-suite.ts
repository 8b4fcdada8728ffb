import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LICENCE_API, leaseResponseSchema, licenceErrorSchema } from '@shared/licence/licence-api';
import { startLicenceServer, type LicenceServerHarness } from '../support/licence-server-harness';
import { stripeId } from '../fakes/stripe/stripe-objects';

// Signed webhook bodies of every shape the fuzzing of issue 19 found: each is answered 2xx (Stripe
// retries anything else for days), recorded, and changes nothing else; no secret reaches the log.

type Json = Record<string, unknown>;

/** Run once per database (SQLite always, PostgreSQL from licence-server-postgres.pg.ts). */
export function webhookHardeningSuite(database: string, postgresUrl: string | null): void {
  describe(`licence server: signed webhook bodies of an unexpected shape on ${database}`, () => {
    let harness: LicenceServerHarness;
    beforeEach(async () => {
      harness = await startLicenceServer({ postgresUrl });
    });
    afterEach(async () => {
      await harness.close();
    });

    const post = (signed: { body: string; signature: string }) =>
      fetch(`${harness.url}${LICENCE_API.stripeWebhook}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signed.signature },
        body: signed.body,
      });

    /** Every secret the server is configured with, as it could appear in a log line. */
    function configuredSecrets(): string[] {
      const pemBody = harness.config.signingKey.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
      return [harness.config.stripeSecretKey, harness.config.stripeWebhookSecret, harness.config.sessionSecret, harness.config.signingKey, pemBody];
    }

    it('answers an event typed as every key of Object.prototype 2xx, logging nothing but its id and type, and no secret', async () => {
      const keys = Object.getOwnPropertyNames(Object.prototype);
      expect(keys).toEqual(expect.arrayContaining(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']));
      const events = keys.map((key) => harness.fake.otherEvent(key));
      for (const event of events) {
        const response = await post(harness.fake.sign(event));
        expect(response.status, event.type).toBe(200);
        expect(await response.json()).toEqual({ received: true });
      }
      const recorded = await harness.db.db.selectFrom('stripe_events').select(['id', 'type']).execute();
      expect(recorded.map((row) => row.type).sort()).toEqual([...keys].sort());

      const text = harness.logs.join('');
      for (const secret of configuredSecrets()) expect(text).not.toContain(secret);
      for (const event of events) {
        const lines = harness.logs.filter((line) => line.includes(event.id)).map((line) => JSON.parse(line) as Json);
        expect(lines, event.type).toHaveLength(1);
        const { level: _level, time: _time, pid: _pid, hostname: _hostname, reqId: _reqId, msg, ...fields } = lines[0] ?? {};
        expect(msg).toBe('Stripe event');
        expect(fields).toEqual({ eventId: event.id, type: event.type, outcome: 'ignored' });
      }
    });

    it('records signed events it cannot use as unusable, answers them 2xx and changes nothing; the real events still apply afterwards', async () => {
      const device = harness.device('Front desk');
      await device.signIn();
      const checkout = await device.call('POST', LICENCE_API.checkout, { plan: 'growth' });
      const [completed, created, paid] = harness.fake.completeCheckout(String(checkout.body['checkoutSessionId']));
      if (!completed || !created || !paid) throw new Error('expected three events');

      /** A copy of `event` with a fresh id, changed by `change` (which may replace the whole body). */
      const mutate = (event: Stripe.Event, change: (copy: Json) => unknown) => {
        const copy = structuredClone(event) as unknown as Json;
        copy['id'] = stripeId('evt_');
        const result = change(copy);
        return result === undefined ? copy : result;
      };
      const object = (copy: Json) => (copy['data'] as Json)['object'] as Json;
      const firstItem = (copy: Json) => ((object(copy)['items'] as Json)['data'] as Json[])[0] as Json;
      const cases: [string, unknown][] = [
        ['a null event', null],
        ['an array', [completed]],
        ['id missing', mutate(completed, (c) => void delete c['id'])],
        ['id a number', mutate(completed, (c) => void (c['id'] = 42))],
        ['type missing', mutate(created, (c) => void delete c['type'])],
        ['type an object', mutate(created, (c) => void (c['type'] = { evil: true }))],
        ['created missing', mutate(paid, (c) => void delete c['created'])],
        ['created a string', mutate(paid, (c) => void (c['created'] = 'yesterday'))],
        ['data missing', mutate(created, (c) => void delete c['data'])],
        ['data.object missing', mutate(created, (c) => void delete (c['data'] as Json)['object'])],
        ['a subscription without an id', mutate(created, (c) => void delete object(c)['id'])],
        ['a subscription without items', mutate(created, (c) => void delete object(c)['items'])],
        ['a subscription item whose price is null', mutate(created, (c) => void (firstItem(c)['price'] = null))],
        ['a subscription with no items', mutate(created, (c) => void ((object(c)['items'] as Json)['data'] = []))],
        ['a subscription item without its billing period', mutate(created, (c) => void delete firstItem(c)['current_period_end'])],
        ['a checkout whose client_reference_id is an object', mutate(completed, (c) => void (object(c)['client_reference_id'] = { id: 'co_x' }))],
        ['a subscription checkout naming no subscription', mutate(completed, (c) => void (object(c)['subscription'] = null))],
        ['an invoice naming its subscription with a number', mutate(paid, (c) => void (((object(c)['parent'] as Json)['subscription_details'] as Json)['subscription'] = 42))],
        ['an invoice without created', mutate(paid, (c) => void delete object(c)['created'])],
      ];
      const tables = async () => ({
        licences: await harness.db.db.selectFrom('licences').selectAll().execute(),
        devices: await harness.db.db.selectFrom('devices').selectAll().execute(),
        checkouts: await harness.db.db.selectFrom('checkouts').selectAll().execute(),
      });
      const before = await tables();
      for (const [index, [name, body]] of cases.entries()) {
        const response = await post(harness.fake.signRaw(JSON.stringify(body)));
        expect(response.status, name).toBe(200);
        expect(await response.json(), name).toEqual({ received: true });
        const unusable = await harness.db.db.selectFrom('stripe_events').select('unusable_reason').where('unusable_reason', 'is not', null).execute();
        expect(unusable, name).toHaveLength(index + 1);
      }
      const unusable = await harness.db.db.selectFrom('stripe_events').selectAll().where('unusable_reason', 'is not', null).execute();
      expect(unusable).toHaveLength(cases.length);
      expect(await tables()).toEqual(before);
      // A redelivery of an unusable body is a duplicate, not a second record.
      expect((await post(harness.fake.signRaw('null'))).status).toBe(200);
      expect(await harness.db.db.selectFrom('stripe_events').selectAll().where('unusable_reason', 'is not', null).execute()).toHaveLength(cases.length);
      // The log says what was wrong (a path), not the body.
      const warned = harness.logs.filter((line) => line.includes('Stripe event unusable')).map((line) => JSON.parse(line) as Json);
      expect(warned.length).toBeGreaterThanOrEqual(cases.length);
      expect(warned.find((line) => String(line['problem']).includes('items'))).toBeDefined();

      await harness.deliver([completed, created, paid]);
      const lease = leaseResponseSchema.parse((await device.call('POST', LICENCE_API.lease)).body);
      expect(lease.status).toBe('active');
      for (const secret of configuredSecrets()) expect(harness.logs.join('')).not.toContain(secret);
    });

    it('says a signed body that is not JSON is not JSON (not that the signature failed), and records nothing', async () => {
      const response = await post(harness.fake.signRaw('{"id": "evt_1", "type": '));
      expect(response.status).toBe(400);
      const error = licenceErrorSchema.parse(await response.json());
      expect(error.code).toBe('invalid_request');
      expect(error.message).toMatch(/signature verified/);
      expect(error.message).toMatch(/not valid JSON/);
      expect(harness.logs.join('')).not.toContain('signature did not verify');
      expect(await harness.db.db.selectFrom('stripe_events').selectAll().execute()).toEqual([]);
    });
  });
}

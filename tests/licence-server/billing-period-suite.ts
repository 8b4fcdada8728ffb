import { verify } from 'node:crypto';
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leasePayloadSchema, SIGNED_LEASE_PATTERN, type LeasePayload } from '@shared/licence/lease-format';
import { LICENCE_API, leaseResponseSchema } from '@shared/licence/licence-api';
import { startLicenceServer, type LicenceServerHarness, type TestDevice } from '../support/licence-server-harness';

// Issue 12 §4c: the quota cycle is the subscription's own billing period from Stripe, and
// past-due grace is counted from the failed invoice whatever order Stripe delivers events in.

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** Run once per database (SQLite always, PostgreSQL from licence-server-postgres.pg.ts). */
export function billingPeriodSuite(database: string, postgresUrl: string | null): void {
  describe(`licence server: billing period and past-due grace from Stripe on ${database}`, () => {
    let harness: LicenceServerHarness;
    beforeEach(async () => {
      harness = await startLicenceServer({ postgresUrl });
    });
    afterEach(async () => {
      await harness.close();
    });

    async function lease(device: TestDevice): Promise<LeasePayload & { status: string }> {
      let response = await device.call('POST', LICENCE_API.lease);
      if (response.status === 401) {
        await device.signIn();
        response = await device.call('POST', LICENCE_API.lease);
      }
      const body = leaseResponseSchema.parse(response.body);
      if (body.status !== 'active' && body.status !== 'past_due') throw new Error(`expected a lease, got ${JSON.stringify(body)}`);
      const [, payload, signature] = SIGNED_LEASE_PATTERN.exec(body.lease) ?? [];
      const bytes = Buffer.from(payload ?? '', 'base64url');
      expect(verify(null, bytes, harness.leasePublicKeyObject, Buffer.from(signature ?? '', 'base64url'))).toBe(true);
      return leasePayloadSchema.parse(JSON.parse(bytes.toString('utf8')));
    }

    /** A device that paid for Growth at the harness clock; its subscription's id and its opening events. */
    async function subscribe(): Promise<{ device: TestDevice; subscription: string; opening: Stripe.Event[] }> {
      const device = harness.device();
      await device.signIn();
      const session = String((await device.call('POST', LICENCE_API.checkout, { plan: 'growth' })).body['checkoutSessionId']);
      const opening = harness.fake.completeCheckout(session);
      await harness.deliver(opening);
      return { device, subscription: String(harness.fake.sessions.get(session)?.subscription), opening };
    }

    it('a 31-day billing month gives a cycle ending at its current_period_end, and each renewal moves it', async () => {
      // Bought on 1 December 2026: Stripe bills again on 1 January, 31 days later.
      harness.clock.advance(Date.UTC(2026, 11, 1, 9) - harness.clock.now());
      const { device, subscription } = await subscribe();
      const item = () => harness.fake.subscriptions.get(subscription)?.items.data[0];
      expect(item()?.current_period_end).toBe(Date.UTC(2027, 0, 1, 9) / 1000);
      const first = await lease(device);
      expect([first.cycleStart, first.cycleEnd]).toEqual([Date.UTC(2026, 11, 1, 9), Date.UTC(2027, 0, 1, 9)]);
      expect(first.cycleEnd - first.cycleStart).toBe(31 * DAY);

      // 31 days later, not 30: the renewal's events move the period to 1 January – 1 February.
      harness.clock.advance(30 * DAY);
      expect((await lease(device)).cycleEnd).toBe(Date.UTC(2027, 0, 1, 9));
      harness.clock.advance(DAY + HOUR);
      await harness.deliver(harness.fake.renew(subscription));
      const renewed = await lease(device);
      expect([renewed.cycleStart, renewed.cycleEnd]).toEqual([(item()?.current_period_start ?? 0) * 1000, (item()?.current_period_end ?? 0) * 1000]);
      expect([renewed.cycleStart, renewed.cycleEnd]).toEqual([Date.UTC(2027, 0, 1, 9), Date.UTC(2027, 1, 1, 9)]);
    });

    it('before the renewal event arrives, a lease past the period end carries the next calendar month', async () => {
      harness.clock.advance(Date.UTC(2027, 0, 31, 9) - harness.clock.now());
      const { device } = await subscribe();
      expect((await lease(device)).cycleEnd).toBe(Date.UTC(2027, 1, 28, 9));
      harness.clock.advance(29 * DAY); // 1 March: Stripe's event for the 28 February renewal has not come
      const late = await lease(device);
      expect([late.cycleStart, late.cycleEnd]).toEqual([Date.UTC(2027, 1, 28, 9), Date.UTC(2027, 2, 31, 9)]);
    });

    it('counts past-due grace from the failed invoice, identically whichever of its two events arrives first', async () => {
      const graceIn = async (order: 'invoice first' | 'update first') => {
        const { device, subscription } = await subscribe();
        const start = harness.clock.now();
        // The renewal invoice is created at the period's end; the charge fails an hour later.
        const periodEnd = (harness.fake.subscriptions.get(subscription)?.items.data[0]?.current_period_end ?? 0) * 1000;
        harness.clock.advance(periodEnd + HOUR - harness.clock.now());
        const events = harness.fake.failPayment(subscription);
        expect(events.map((event) => event.type)).toEqual(['invoice.payment_failed', 'customer.subscription.updated']);
        const invoice = events[0]?.data.object as Stripe.Invoice;
        expect(invoice.created * 1000).toBe(periodEnd);
        await harness.deliver(order === 'invoice first' ? events : [...events].reverse());
        const payload = await lease(device);
        expect(payload.status).toBe('past_due');
        const graceFromPeriodEnd = (payload.graceUntil ?? 0) - periodEnd;
        harness.clock.advance(start - harness.clock.now());
        return graceFromPeriodEnd;
      };
      const invoiceFirst = await graceIn('invoice first');
      const updateFirst = await graceIn('update first');
      expect(invoiceFirst).toBe(7 * DAY);
      expect(updateFirst).toBe(invoiceFirst);
    });
  });
}

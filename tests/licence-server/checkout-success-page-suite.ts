import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LICENCE_API, leaseResponseSchema } from '@shared/licence/licence-api';
import { startLicenceServer, type LicenceServerHarness } from '../support/licence-server-harness';

// Issue 15 item 6: the Checkout Session id sits in browser history and in the deep link's
// command line, so the success page shows the licence key only just after paying.
/** Run once per database (SQLite always, PostgreSQL from licence-server-postgres.pg.ts). */
export function checkoutSuccessPageSuite(database: string, postgresUrl: string | null): void {
  describe(`checkout success page on ${database}`, () => {
    let harness: LicenceServerHarness;
    beforeEach(async () => {
      harness = await startLicenceServer({ postgresUrl });
    });
    afterEach(async () => {
      await harness.close();
    });

    it('shows the licence key for 15 minutes after the checkout completed, then sends the owner to the app for it', async () => {
      const device = harness.device();
      await device.signIn();
      const sessionId = String((await device.call('POST', LICENCE_API.checkout, { plan: 'starter' })).body['checkoutSessionId']);
      await harness.deliver(harness.fake.completeCheckout(sessionId));
      const lease = leaseResponseSchema.parse((await device.call('POST', LICENCE_API.lease)).body);
      if (lease.status !== 'active') throw new Error(`expected active, got ${lease.status}`);
      const page = async () => (await fetch(`${harness.url}${LICENCE_API.checkoutReturn}?session_id=${sessionId}`)).text();

      expect(await page()).toContain(lease.licenceKey);
      harness.clock.advance(15 * 60 * 1000 - 1);
      expect(await page()).toContain(lease.licenceKey);
      harness.clock.advance(1);
      const later = await page();
      expect(later).not.toContain(lease.licenceKey);
      expect(later).toContain('Payment received');
      expect(later).toContain('open AgencyIQ on the computer you bought the plan from');
      harness.clock.advance(30 * 24 * 60 * 60 * 1000);
      expect(await page()).not.toContain(lease.licenceKey);
    });
  });
}

import { sign, verify } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { leasePayloadSchema, SIGNED_LEASE_PATTERN, type LeasePayload } from '@shared/licence/lease-format';
import { CHARGE_SIGNING_PREFIX, LICENCE_API, chargeResponseSchema, leaseResponseSchema } from '@shared/licence/licence-api';
import { startLicenceServer, type LicenceServerHarness, type TestDevice } from '../support/licence-server-harness';

function openLease(harness: LicenceServerHarness, lease: string): LeasePayload {
  const match = SIGNED_LEASE_PATTERN.exec(lease);
  if (!match?.[1] || !match[2]) throw new Error('not a signed lease');
  const payload = Buffer.from(match[1], 'base64url');
  expect(verify(null, payload, harness.leasePublicKeyObject, Buffer.from(match[2], 'base64url'))).toBe(true);
  return leasePayloadSchema.parse(JSON.parse(payload.toString('utf8')));
}

/**
 * Lease payload version 2 (opt-in), the nonce that proves an answer is not a replay, and the
 * server's post count from device-signed charge reports.
 */
export function leaseV2Suite(database: string, postgresUrl: string | null): void {
  describe(`lease version 2 and post counts on ${database}`, () => {
    let harness: LicenceServerHarness;
    let device: TestDevice;
    beforeEach(async () => {
      harness = await startLicenceServer({ postgresUrl });
      device = harness.device();
      await device.signIn();
      await harness.grantPlanToUnlicensedDevices('growth');
    });
    afterEach(async () => {
      await harness.close();
    });

    const lease = async (body?: unknown) => {
      const response = await device.call('POST', LICENCE_API.lease, body);
      expect(response.status).toBe(200);
      const parsed = leaseResponseSchema.parse(response.body);
      if (parsed.status !== 'active') throw new Error(`expected an active lease, got ${parsed.status}`);
      return openLease(harness, parsed.lease);
    };
    const charge = (postId: string, cycleStart: number, by = device) =>
      by.call('POST', LICENCE_API.charges, {
        postId,
        cycleStart,
        signature: sign(null, Buffer.from(`${CHARGE_SIGNING_PREFIX}${postId}:${cycleStart}`), by.privateKey).toString('base64url'),
      });

    it('an app that asks for nothing gets version 1 (old apps keep working); version 2 on request, with its nonce signed in, never cached', async () => {
      expect((await lease()).v).toBe(1);
      const v2 = await lease({ leaseVersion: 2 });
      expect(v2).toMatchObject({ v: 2, nonce: null, serverCount: null, issuedAt: harness.clock.now() });
      const nonce = 'N'.repeat(32);
      expect(await lease({ leaseVersion: 2, nonce })).toMatchObject({ v: 2, nonce });
      // A repeated nonce request is signed again (a fresh answer), not served from the cache.
      harness.clock.advance(1000);
      expect(await lease({ leaseVersion: 2, nonce: 'M'.repeat(32) })).toMatchObject({ nonce: 'M'.repeat(32), issuedAt: harness.clock.now() });
      expect((await device.call('POST', LICENCE_API.lease, { leaseVersion: 3 })).status).toBe(400);
    });

    it('counts each reported post once per cycle and carries the count in the next lease; a report needs the device key', async () => {
      const { cycleStart } = await lease({ leaseVersion: 2 });
      for (const postId of ['p1', 'p2', 'p2', 'p3']) expect((await charge(postId, cycleStart)).status).toBe(200);
      expect(chargeResponseSchema.parse((await charge('p3', cycleStart)).body)).toEqual({ cycleStart: cycleStart, posts: 3 });
      expect(await lease({ leaseVersion: 2 })).toMatchObject({ serverCount: { cycleStart: cycleStart, posts: 3 } });

      // Signed by another key: refused, not counted. Not a cycle of this plan: refused.
      const forged = await device.call('POST', LICENCE_API.charges, {
        postId: 'p4',
        cycleStart: cycleStart,
        signature: sign(null, Buffer.from(`${CHARGE_SIGNING_PREFIX}p4:${cycleStart}`), harness.device().privateKey).toString('base64url'),
      });
      expect(forged.status).toBe(401);
      expect((await charge('p5', cycleStart + 1)).status).toBe(400);
      expect(await lease({ leaseVersion: 2 })).toMatchObject({ serverCount: { cycleStart: cycleStart, posts: 3 } });

      // A device without a plan cannot report.
      const stranger = harness.device();
      await stranger.signIn();
      expect((await charge('p6', cycleStart, stranger)).status).toBe(409);
    });
  });
}

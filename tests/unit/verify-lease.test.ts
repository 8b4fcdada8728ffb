import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deviceKeyHash } from '../../electron/core/licence/ed25519';
import { CLOCK_TOLERANCE_MS, verifyLease } from '../../electron/core/licence/verify-lease';
import { createLeaseSigner, DAY_MS, growthLease } from '../support/lease-signer';

// The app decides offline whether the owner may publish. A lease that anyone could edit, copy
// from another computer, or keep alive by turning the clock back would make the plan free.

const signer = createLeaseSigner();
const device = deviceKeyHash(crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x as string);
const ISSUED = Date.UTC(2026, 10, 20, 9, 0);

function verify(signedLease: string, now: number, clockHighWater = ISSUED, publicKey = signer.publicKey) {
  return verifyLease({ signedLease, publicKey, deviceKeyHash: device, now, clockHighWater });
}

describe('verifyLease', () => {
  it('accepts a lease signed by the server for this device, within its life', () => {
    const result = verify(signer.sign(growthLease(device, ISSUED)), ISSUED + DAY_MS);
    expect(result).toMatchObject({ ok: true, payload: { plan: 'growth', postsPerCycle: 27 } });
  });

  it('refuses a tampered payload (more posts) as a bad signature', () => {
    const signed = signer.sign(growthLease(device, ISSUED));
    const [, payload, signature] = signed.split('.') as [string, string, string];
    const edited = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    edited.postsPerCycle = 10_000;
    const tampered = `v1.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${signature}`;
    expect(verify(tampered, ISSUED + DAY_MS)).toEqual({ ok: false, reason: 'bad_signature', payload: null });
  });

  it('refuses a lease signed with another key', () => {
    const other = createLeaseSigner();
    expect(verify(other.sign(growthLease(device, ISSUED)), ISSUED + DAY_MS)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a lease once it has expired (7 days after issue)', () => {
    const signed = signer.sign(growthLease(device, ISSUED));
    expect(verify(signed, ISSUED + 7 * DAY_MS - 1).ok).toBe(true);
    expect(verify(signed, ISSUED + 7 * DAY_MS, ISSUED + 7 * DAY_MS)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses a lease issued in the future beyond the tolerance', () => {
    const signed = signer.sign(growthLease(device, ISSUED + DAY_MS));
    expect(verify(signed, ISSUED, ISSUED)).toMatchObject({ ok: false, reason: 'issued_in_future' });
    // A clock a minute behind the server is normal, not an attack.
    expect(verify(signer.sign(growthLease(device, ISSUED + 60_000)), ISSUED, ISSUED).ok).toBe(true);
  });

  it('refuses when the clock was turned back below the high-water mark', () => {
    const signed = signer.sign(growthLease(device, ISSUED));
    const highWater = ISSUED + 3 * DAY_MS;
    expect(verify(signed, highWater - DAY_MS, highWater)).toMatchObject({ ok: false, reason: 'clock_rolled_back', payload: { plan: 'growth' } });
    expect(verify(signed, highWater - CLOCK_TOLERANCE_MS + 1, highWater).ok).toBe(true);
  });

  it("refuses another device's lease", () => {
    const otherDevice = 'a'.repeat(64);
    expect(verify(signer.sign(growthLease(otherDevice, ISSUED)), ISSUED + DAY_MS)).toMatchObject({ ok: false, reason: 'other_device' });
  });

  it('refuses malformed leases without throwing', () => {
    for (const junk of ['', 'v1..', 'v2.abc.def', 'v1.e30.' + 'A'.repeat(86), 'not a lease', `v1.${'%'.repeat(10)}.${'A'.repeat(86)}`]) {
      const result = verify(junk, ISSUED);
      expect(result.ok, junk).toBe(false);
      expect(['malformed', 'bad_signature'], junk).toContain((result as { reason: string }).reason);
    }
    // Validly signed, but not a lease: signature holds, content does not.
    expect(verify(signer.signBytes(Buffer.from('{"v":1}')), ISSUED)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verify(signer.signBytes(Buffer.from('not json')), ISSUED)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

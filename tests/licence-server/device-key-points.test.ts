import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LICENCE_API, licenceErrorSchema } from '@shared/licence/licence-api';
import { isUsableEd25519Point } from '../../licence-server/auth/ed25519-point';
import { startLicenceServer, type LicenceServerHarness } from '../support/licence-server-harness';

// Issue 19 item 5: the challenge endpoint issues nonces only for keys that are valid Ed25519
// points: not the all-zero key, not a point of small order, not a non-canonical encoding.

const P = 2n ** 255n - 19n;
/** 32 little-endian bytes of `y`, with the sign bit of x set when `xSign`. */
function encode(y: bigint, xSign = false): Buffer {
  const bytes = Buffer.alloc(32);
  let value = y;
  for (let i = 0; i < 32; i++) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  if (xSign) bytes[31] = (bytes[31] ?? 0) | 0x80;
  return bytes;
}
const hex = (text: string) => Buffer.from(text, 'hex');

const REFUSED: [string, Buffer][] = [
  ['the all-zero key (order 4)', Buffer.alloc(32)],
  ['the identity (y = 1)', encode(1n)],
  ['the identity with the x sign bit set', encode(1n, true)],
  ['the point of order 2 (y = p - 1)', encode(P - 1n)],
  ['a point of order 4 with the sign bit (y = 0)', encode(0n, true)],
  ['a point of order 8', hex('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05')],
  ['a point of order 8 with the other sign', hex('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85')],
  ['the other y of order 8', hex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a')],
  ['y = p, non-canonical zero', encode(P)],
  ['y = p + 1, non-canonical identity', encode(P + 1n)],
  ['all ones (y = 2^255 - 1, non-canonical)', Buffer.alloc(32, 0xff)],
  ['y = 2, not on the curve', encode(2n)],
];

describe('device keys must be usable Ed25519 points', () => {
  it('accepts real keys and refuses identity, small-order, non-canonical and off-curve encodings', () => {
    for (let i = 0; i < 50; i++) {
      const { x } = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
      expect(isUsableEd25519Point(Buffer.from(String(x), 'base64url'))).toBe(true);
    }
    for (const [name, raw] of REFUSED) expect(isUsableEd25519Point(raw), name).toBe(false);
  });

  describe('on the challenge endpoint', () => {
    let harness: LicenceServerHarness;
    beforeAll(async () => {
      harness = await startLicenceServer();
    });
    afterAll(async () => {
      await harness.close();
    });

    it('issues no nonce for any refused key, nor for a non-canonical base64url spelling of a good one', async () => {
      const good = String(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x);
      // The last base64url character carries 2 padding bits: flipping one spells the same bytes differently.
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = alphabet.indexOf(good.slice(-1));
      const respelled = good.slice(0, -1) + alphabet[last ^ 1];
      expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(good, 'base64url'));
      const keys = [...REFUSED.map(([name, raw]) => [name, raw.toString('base64url')] as const), ['a respelled good key', respelled] as const];
      for (const [name, publicKey] of keys) {
        const response = await fetch(`${harness.url}${LICENCE_API.challenge}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ publicKey }),
        });
        expect(response.status, name).toBe(400);
        expect(licenceErrorSchema.parse(await response.json()).code, name).toBe('invalid_request');
      }
      expect(await harness.db.db.selectFrom('nonces').selectAll().execute()).toEqual([]);
      await harness.device().signIn();
    });
  });
});

import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEVICE_SESSION_SIGNING_PREFIX, LICENCE_API, licenceErrorSchema } from '@shared/licence/licence-api';
import { sign } from 'node:crypto';
import { startLicenceServer, type LicenceServerHarness, type TestDevice } from '../support/licence-server-harness';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A POST whose socket is bound to `localAddress` (any 127.x.y.z is loopback on Linux): a client at that address. */
function postFrom(localAddress: string, url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

/** Challenge, signature, session, all from `localAddress`. */
async function signInFrom(harness: LicenceServerHarness, localAddress: string, device: TestDevice): Promise<Answer> {
  const challenge = await postFrom(localAddress, `${harness.url}${LICENCE_API.challenge}`, { publicKey: device.publicKey });
  if (challenge.status !== 200) return challenge;
  const nonce = String(challenge.body['nonce']);
  const signature = sign(null, Buffer.from(DEVICE_SESSION_SIGNING_PREFIX + nonce), device.privateKey).toString('base64url');
  return postFrom(localAddress, `${harness.url}${LICENCE_API.session}`, { publicKey: device.publicKey, nonce, signature, deviceName: device.name, os: 'linux' });
}

const deviceRows = async (harness: LicenceServerHarness) => (await harness.db.db.selectFrom('devices').select('id').execute()).length;

/**
 * Sign-in under a flood: per-source limits counted in the database, eviction of the oldest
 * outstanding nonces at the overall cap, no device row before a valid signature.
 */
export function signInLimitsSuite(database: string, postgresUrl: string | null): void {
  describe(`sign-in limits on ${database}`, () => {
    let harness: LicenceServerHarness;
    beforeEach(async () => {
      harness = await startLicenceServer({ postgresUrl, env: { CHALLENGE_MAX_OUTSTANDING: '4', CHALLENGE_MAX_PER_SOURCE: '6' } });
    });
    afterEach(async () => {
      await harness.close();
    });

    it('a challenge flood of fresh keys from 127.0.0.2 cannot stop 127.0.0.3 from signing in, and adds no device rows', async () => {
      const flood: Answer[] = [];
      for (let i = 0; i < 40; i++) flood.push(await postFrom('127.0.0.2', `${harness.url}${LICENCE_API.challenge}`, { publicKey: harness.device().publicKey }));
      // Another address signs in as if nothing happened.
      const owner = harness.device('Front desk PC');
      const session = await signInFrom(harness, '127.0.0.3', owner);
      expect(session.status).toBe(200);
      expect(String(session.body['deviceId'])).toMatch(/^dev_/);

      expect(flood.filter((answer) => answer.status === 200)).toHaveLength(6);
      const refused = flood.filter((answer) => answer.status === 429);
      expect(refused).toHaveLength(34);
      expect(licenceErrorSchema.parse(refused[0]?.body).code).toBe('rate_limited');
      expect(Number(refused[0]?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // The overall cap (4) held by evicting the oldest, never by refusing the newcomer (the owner's was answered: 3 left).
      expect(await harness.db.db.selectFrom('nonces').selectAll().execute()).toHaveLength(3);
      // Nonces that were never answered with a valid signature made no device rows: only the owner's.
      expect(await deviceRows(harness)).toBe(1);

    });

    it('a wrong signature creates no device row', async () => {
      const device = harness.device();
      const challenge = await postFrom('127.0.0.4', `${harness.url}${LICENCE_API.challenge}`, { publicKey: device.publicKey });
      const nonce = String(challenge.body['nonce']);
      const forged = sign(null, Buffer.from(DEVICE_SESSION_SIGNING_PREFIX + nonce), harness.device().privateKey).toString('base64url');
      const session = await postFrom('127.0.0.4', `${harness.url}${LICENCE_API.session}`, { publicKey: device.publicKey, nonce, signature: forged, deviceName: 'x', os: 'linux' });
      expect(session.status).toBe(401);
      expect(await deviceRows(harness)).toBe(0);
    });

    it('the per-source count is shared through the database: a second server on the same database sees the first one’s hits', async () => {
      for (let i = 0; i < 6; i++) expect((await postFrom('127.0.0.5', `${harness.url}${LICENCE_API.challenge}`, { publicKey: harness.device().publicKey })).status).toBe(200);
      const second = await startLicenceServer({ postgresUrl, env: { CHALLENGE_MAX_PER_SOURCE: '6' }, shareDatabaseWith: harness });
      try {
        expect((await postFrom('127.0.0.5', `${second.url}${LICENCE_API.challenge}`, { publicKey: harness.device().publicKey })).status).toBe(429);
        expect((await postFrom('127.0.0.6', `${second.url}${LICENCE_API.challenge}`, { publicKey: harness.device().publicKey })).status).toBe(200);
      } finally {
        await second.close();
      }
    });

    it('behind a configured proxy the client is the X-Forwarded-For address; an untrusted sender cannot pick its own', async () => {
      await harness.close();
      harness = await startLicenceServer({ postgresUrl, env: { CHALLENGE_MAX_PER_SOURCE: '2', TRUST_PROXY: '127.0.0.7' } });
      const via = (forwardedFor: string, from = '127.0.0.7') =>
        postFrom(from, `${harness.url}${LICENCE_API.challenge}`, { publicKey: harness.device().publicKey }, { 'x-forwarded-for': forwardedFor });
      // Two clients behind the proxy each get their own allowance.
      for (let i = 0; i < 2; i++) expect((await via('203.0.113.9')).status).toBe(200);
      expect((await via('203.0.113.9')).status).toBe(429);
      expect((await via('198.51.100.4')).status).toBe(200);
      // A sender that is not the proxy is counted by its socket address, whatever header it sends.
      for (let i = 0; i < 2; i++) expect((await via(`192.0.2.${i}`, '127.0.0.8')).status).toBe(200);
      expect((await via('192.0.2.99', '127.0.0.8')).status).toBe(429);
    });
  });
}

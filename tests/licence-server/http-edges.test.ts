import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LICENCE_API, licenceErrorSchema } from '@shared/licence/licence-api';
import { startLicenceServer, type LicenceServerHarness } from '../support/licence-server-harness';

// Issue 19 items 3 and 4: requests the routes never see (a stalled body, a URL fastify cannot
// decode, a request Node cannot parse) are cut in time and answered in the API's {code, message}.

/** Sends raw bytes, keeps the socket open until the server closes it; the full answer and when it came. */
function rawExchange(url: string, bytes: string): Promise<{ status: number; body: string; elapsedMs: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect(Number(port), hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4), elapsedMs: performance.now() - started });
    });
  });
}

describe('licence server: requests that never reach a route', () => {
  let harness: LicenceServerHarness | null = null;
  afterEach(async () => {
    await harness?.close();
    harness = null;
  });

  it('cuts a request whose body stalls after its headers at the configured request timeout, with a 408 in the API shape', async () => {
    harness = await startLicenceServer({ env: { REQUEST_TIMEOUT_MS: '500' } });
    const head =
      `POST ${LICENCE_API.challenge} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` + `Content-Length: 200\r\n\r\n{"publicKey":`;
    const answer = await rawExchange(harness.url, head);
    expect(answer.status).toBe(408);
    expect(licenceErrorSchema.parse(JSON.parse(answer.body))).toEqual({ code: 'invalid_request', message: expect.stringMatching(/in time/) });
    // Not before the configured 500 ms, and nowhere near Node's defaults (a 30 s check interval).
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(450);
    expect(answer.elapsedMs).toBeLessThan(5_000);
    expect(harness.app.server.headersTimeout).toBeLessThanOrEqual(harness.app.server.requestTimeout);
  });

  it('answers a URL it cannot decode and an over-long parameter with {code, message}', async () => {
    harness = await startLicenceServer();
    const device = harness.device();
    await device.signIn();
    for (const path of [`${LICENCE_API.devices}/%E0%A4%A`, `${LICENCE_API.devices}/${'a'.repeat(300)}`]) {
      const response = await fetch(`${harness.url}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${device.token}` } });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort(), path).toEqual(['code', 'message']);
      expect(licenceErrorSchema.parse(body).code).toBe('invalid_request');
    }
  });

  it('answers a request Node cannot parse (400) and headers that are too large (431) with {code, message}', async () => {
    harness = await startLicenceServer();
    const garbage = await rawExchange(harness.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.status).toBe(400);
    expect(Object.keys(JSON.parse(garbage.body) as object).sort()).toEqual(['code', 'message']);
    const huge = await rawExchange(harness.url, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`);
    expect(huge.status).toBe(431);
    expect(licenceErrorSchema.parse(JSON.parse(huge.body)).code).toBe('invalid_request');
  });
});

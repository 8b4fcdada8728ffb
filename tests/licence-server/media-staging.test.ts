import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_STAGED_BYTES, STAGING_API, stageResponseSchema, type StageResponse } from '@shared/licence/staging-api';
import { startLicenceServer, type LicenceServerHarness, type TestDevice } from '../support/licence-server-harness';
import { startLocalS3, type LocalS3 } from '../support/local-s3';

// Media staging (issue 14) against the real licence server, once per storage backend: the
// folder (default) and an S3-compatible bucket (s3rver), each checked by listing the storage.

const HOUR = 3600_000;

async function jpeg(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#e67e22' } }).jpeg().toBuffer();
}

async function stage(server: LicenceServerHarness, device: TestDevice | null, body: Buffer, type = 'image/jpeg') {
  const headers: Record<string, string> = { 'content-type': type };
  if (device?.token) headers.authorization = `Bearer ${device.token}`;
  const response = await fetch(`${server.url}${STAGING_API.media}`, { method: 'POST', headers, body: new Uint8Array(body) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

async function release(server: LicenceServerHarness, device: TestDevice, name: string) {
  const response = await fetch(`${server.url}${STAGING_API.media}/${name}`, { method: 'DELETE', headers: { authorization: `Bearer ${device.token}` } });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

async function seatedDevice(server: LicenceServerHarness): Promise<TestDevice> {
  const device = server.device();
  await device.signIn();
  await server.grantPlanToUnlicensedDevices();
  return device;
}

for (const backend of ['disk', 's3'] as const) {
  describe(`media staging on ${backend}`, () => {
    let s3: LocalS3 | null = null;
    const servers: LicenceServerHarness[] = [];
    const start = async (env: Record<string, string> = {}) => {
      const server = await startLicenceServer({ env: { ...(s3?.env ?? {}), STAGING_TTL_SECONDS: '3600', ...env } });
      servers.push(server);
      expect(server.mediaStorage.kind).toBe(backend);
      return server;
    };

    beforeAll(async () => {
      if (backend === 's3') s3 = await startLocalS3();
    });
    afterEach(async () => {
      for (const server of servers.splice(0)) {
        // Each test leaves the bucket as it found it.
        for (const name of await server.mediaStorage.list()) await server.mediaStorage.remove(name);
        await server.close();
      }
    });
    afterAll(async () => {
      await s3?.close();
    });

    it('serves a staged JPEG publicly with its type and length (GET and HEAD), until the device releases it', async () => {
      const server = await start();
      const device = await seatedDevice(server);
      const bytes = await jpeg();
      const answer = await stage(server, device, bytes);
      expect(answer.status).toBe(201);
      const staged: StageResponse = stageResponseSchema.parse(answer.body);
      expect(staged.expiresAt).toBe(server.clock.now() + HOUR);
      expect(await server.mediaStorage.list()).toEqual([staged.name]);

      // No sign-in, as Meta's crawler fetches it.
      const got = await fetch(staged.url);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/jpeg');
      expect(got.headers.get('content-length')).toBe(String(bytes.length));
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
      const head = await fetch(staged.url, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe('image/jpeg');
      expect(head.headers.get('content-length')).toBe(String(bytes.length));
      expect(await head.text()).toBe('');

      expect((await release(server, device, staged.name)).status).toBe(204);
      expect(await server.mediaStorage.list()).toEqual([]);
      expect((await fetch(staged.url)).status).toBe(404);
      expect(await release(server, device, staged.name)).toMatchObject({ status: 404, body: { code: 'unknown_media' } });
    });

    it('lets no other device release a file, and no unseated or signed-out device stage one', async () => {
      const server = await start();
      const owner = await seatedDevice(server);
      const staged = stageResponseSchema.parse((await stage(server, owner, await jpeg())).body);
      const other = await seatedDevice(server);
      expect(await release(server, other, staged.name)).toMatchObject({ status: 404, body: { code: 'unknown_media' } });
      expect(await server.mediaStorage.list()).toEqual([staged.name]);

      expect(await stage(server, null, await jpeg())).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
      const unseated = server.device();
      await unseated.signIn();
      expect(await stage(server, unseated, await jpeg())).toMatchObject({ status: 409, body: { code: 'no_licence' } });
      expect(await server.mediaStorage.list()).toEqual([staged.name]);
    });

    it('refuses what is not a JPEG from its bytes, whatever the header says, and keeps nothing', async () => {
      const server = await start();
      const device = await seatedDevice(server);
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
      expect(await stage(server, device, png)).toMatchObject({ status: 415, body: { code: 'media_type_refused' } });
      expect(await stage(server, device, Buffer.from('{"a":1}'), 'application/json')).toMatchObject({ status: 415, body: { code: 'media_type_refused' } });
      expect(await stage(server, device, await jpeg(), 'text/plain')).toMatchObject({ status: 415, body: { code: 'media_type_refused' } });
      expect(await server.mediaStorage.list()).toEqual([]);
    });

    it('refuses a picture over 8 MiB and keeps nothing', async () => {
      const server = await start();
      const device = await seatedDevice(server);
      const huge = Buffer.concat([await jpeg(), Buffer.alloc(MAX_STAGED_BYTES)]);
      expect(await stage(server, device, huge)).toMatchObject({ status: 413, body: { code: 'media_too_large' } });
      expect(await server.mediaStorage.list()).toEqual([]);
    });

    it('caps what one device keeps staged, by count and by bytes; releasing makes room', async () => {
      const server = await start({ STAGING_MAX_FILES_PER_DEVICE: '2' });
      const device = await seatedDevice(server);
      const first = stageResponseSchema.parse((await stage(server, device, await jpeg())).body);
      expect((await stage(server, device, await jpeg())).status).toBe(201);
      expect(await stage(server, device, await jpeg())).toMatchObject({ status: 409, body: { code: 'staging_full' } });
      expect(await server.mediaStorage.list()).toHaveLength(2);
      // Another device has its own allowance.
      expect((await stage(server, await seatedDevice(server), await jpeg())).status).toBe(201);
      await release(server, device, first.name);
      expect((await stage(server, device, await jpeg())).status).toBe(201);

      const small = await start({ STAGING_MAX_BYTES_PER_DEVICE: '3000' });
      const other = await seatedDevice(small);
      // (The bucket is shared with the first server, as instances behind a load balancer share it.)
      const before = await small.mediaStorage.list();
      const big = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).jpeg().toBuffer();
      expect(big.length).toBeGreaterThan(3000);
      expect(await stage(small, other, big)).toMatchObject({ status: 409, body: { code: 'staging_full' } });
      expect(await small.mediaStorage.list()).toEqual(before);
    });

    it('deletes files on the expiry sweep; the expired URL answers 404', async () => {
      const server = await start({ STAGING_SWEEP_MS: '50' });
      const device = await seatedDevice(server);
      const kept = stageResponseSchema.parse((await stage(server, device, await jpeg())).body);
      server.clock.advance(HOUR - 1);
      expect((await fetch(kept.url)).status).toBe(200);
      const later = stageResponseSchema.parse((await stage(server, device, await jpeg())).body);
      server.clock.advance(1);
      await vi.waitFor(async () => expect(await server.mediaStorage.list()).toEqual([later.name]), { timeout: 5000, interval: 50 });
      expect((await fetch(kept.url)).status).toBe(404);
      expect((await fetch(later.url)).status).toBe(200);
    });

    if (backend === 'disk') {
      it('answers 404 at expiry even before the sweep has run, and allows /media/ in robots.txt', async () => {
        const server = await start({ STAGING_SWEEP_MS: '3600000' });
        const device = await seatedDevice(server);
        const staged = stageResponseSchema.parse((await stage(server, device, await jpeg())).body);
        server.clock.advance(HOUR);
        expect((await fetch(staged.url)).status).toBe(404);
        expect((await fetch(staged.url, { method: 'HEAD' })).status).toBe(404);
        expect(await (await fetch(`${server.url}/robots.txt`)).text()).toContain('Allow: /media/');
        expect((await fetch(`${server.url}/media/..%2Flicence.db`)).status).toBe(404);
      });
    }
  });
}

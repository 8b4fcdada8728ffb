import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import { createMediaStaging, MediaStagingError } from '../../electron/core/media/media-staging';
import { startLicenceServer, type LicenceServerHarness, type TestDevice } from '../support/licence-server-harness';

// The app's MediaStaging port against the real licence server: the device session signs each
// upload (a refused token is renewed once), refusals come back typed, release is idempotent.

let server: LicenceServerHarness;
let device: TestDevice;
let dir: string;

beforeAll(async () => {
  server = await startLicenceServer({ env: { STAGING_MAX_FILES_PER_DEVICE: '1' } });
  device = server.device();
  await device.signIn();
  await server.grantPlanToUnlicensedDevices();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'staging-client-'));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: Buffer | Promise<Buffer>): Promise<string> {
  const full = path.join(dir, name);
  fs.writeFileSync(full, await bytes);
  return full;
}
const jpeg = () => sharp({ create: { width: 40, height: 40, channels: 3, background: '#16a085' } }).jpeg().toBuffer();

describe('MediaStaging over the licence server', () => {
  it('stages with the device session, renewing a refused token once, and releases (twice is harmless)', async () => {
    const asked: boolean[] = [];
    const staging = createMediaStaging(
      { serverUrl: server.url, bearerToken: async (renew) => (asked.push(renew === true), renew ? device.token : 'an-expired-token') },
      createNodeHttpClient(),
    );
    const staged = await staging.stage(await file('a.jpg', jpeg()));
    expect(asked).toEqual([false, true]);
    expect(staged.expiresAt).toBeGreaterThan(server.clock.now());
    expect((await fetch(staged.url)).status).toBe(200);
    await staging.release(staged.url);
    await staging.release(staged.url);
    expect(await server.mediaStorage.list()).toEqual([]);
  });

  it('refuses what the server refuses, typed: not a JPEG is final, a full allowance is worth retrying', async () => {
    const staging = createMediaStaging({ serverUrl: server.url, bearerToken: async () => device.token }, createNodeHttpClient());
    const png = await file('b.png', sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer());
    await expect(staging.stage(png)).rejects.toMatchObject({ name: 'MediaStagingError', retryable: false, message: expect.stringMatching(/not a JPEG/) });

    const kept = await staging.stage(await file('c.jpg', jpeg()));
    const full = await staging.stage(await file('d.jpg', jpeg())).catch((error: unknown) => error);
    expect(full).toBeInstanceOf(MediaStagingError);
    expect(full).toMatchObject({ retryable: true, message: expect.stringMatching(/as many pictures staged for Instagram as it may \(at most 1 files/) });
    await staging.release(kept.url);
  });

  it('says plainly when this computer has no plan or the server cannot be reached', async () => {
    const jpegFile = await file('e.jpg', jpeg());
    const noPlan = createMediaStaging({ serverUrl: server.url, bearerToken: async () => null }, createNodeHttpClient());
    await expect(noPlan.stage(jpegFile)).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/no AgencyIQ plan/) });
    const offline = createMediaStaging({ serverUrl: 'http://127.0.0.1:9', bearerToken: async () => device.token }, createNodeHttpClient());
    await expect(offline.stage(jpegFile)).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/could not be reached/) });
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import { createMediaStaging } from '../../electron/core/media/media-staging';
import { createInstagramAdapter } from '../../electron/core/platforms/instagram';
import type { MediaItem, PublishRequest, PublishSteps } from '../../electron/core/platforms/platform-adapter';
import { systemClock } from '../../electron/core/ports/clock';
import { systemTimers } from '../../electron/core/ports/timers';
import { FakeInstagramGraph } from '../fakes/platforms/fake-instagram-graph';
import { startLicenceServer, type LicenceServerHarness, type TestDevice } from '../support/licence-server-harness';
import { movie } from '../support/media-fixtures';

// The Instagram adapter through the real licence server's staging (disk storage) to the strict
// Instagram fake, which really fetches each staged picture the way Meta's crawler does.

const TOKEN = 'ig-page-token';
const IG_USER = '17841400000000001';
const POLL = { firstDelayMs: 10, maxDelayMs: 40, maxWaitMs: 5_000 };

/** The engine's steps journal, in memory: what was recorded, in order. */
class MemorySteps implements PublishSteps {
  readonly values = new Map<string, string>();
  readonly log: string[] = [];
  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  async record(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.log.push(key);
  }
}

let server: LicenceServerHarness;
let device: TestDevice;
let fake: FakeInstagramGraph;
let dir: string;

beforeAll(async () => {
  server = await startLicenceServer();
  device = server.device();
  await device.signIn();
  await server.grantPlanToUnlicensedDevices();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ig-adapter-'));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const fakes: FakeInstagramGraph[] = [];
async function startFake(options: { processingMs?: number; quotaTotal?: number } = {}) {
  fake = await new FakeInstagramGraph({ isValidToken: (token) => token === TOKEN, igUserIds: [IG_USER], ...options }).start();
  fakes.push(fake);
  return fake;
}
afterEach(async () => {
  for (const used of fakes.splice(0)) {
    // The fake counts every media_publish on a container that was not FINISHED: never allowed.
    expect(used.publishedBeforeFinished).toBe(0);
    await used.stop();
  }
});

function adapter() {
  const http = createNodeHttpClient();
  return createInstagramAdapter({
    baseUrl: fake.graphUrl,
    uploadUrl: fake.url,
    http,
    clock: systemClock,
    timers: systemTimers,
    staging: createMediaStaging({ serverUrl: server.url, bearerToken: async () => device.token }, http),
    poll: POLL,
  });
}

let files = 0;
async function picture(colour: string): Promise<{ item: MediaItem; bytes: Buffer }> {
  const bytes = await sharp({ create: { width: 500, height: 400, channels: 3, background: colour } }).jpeg().toBuffer();
  const file = path.join(dir, `picture-${files++}.jpg`);
  fs.writeFileSync(file, bytes);
  return { item: { kind: 'image', source: { path: file }, mimeType: 'image/jpeg', byteLength: bytes.length, altText: 'A cake' }, bytes };
}

function video(seconds: number): { item: MediaItem; bytes: Buffer } {
  const bytes = movie(seconds);
  const file = path.join(dir, `video-${files++}.mp4`);
  fs.writeFileSync(file, bytes);
  return { item: { kind: 'video', source: { path: file }, mimeType: 'video/mp4', byteLength: bytes.length, altText: null }, bytes };
}

function request(media: MediaItem[], steps: PublishSteps, extra: Partial<PublishRequest> = {}): PublishRequest {
  return { text: 'Fresh lemon tart today #bakery', title: null, media, accountId: IG_USER, authorId: null, accessToken: TOKEN, steps, ...extra };
}

const statusChecks = () => fake.requests.filter((r) => r.method === 'GET' && r.query.includes('status_code')).length;

describe('the Instagram adapter', () => {
  it('publishes a picture once: staged on the licence server, fetched by Meta, polled until FINISHED, then released', async () => {
    await startFake({ processingMs: 300 });
    const { item, bytes } = await picture('#f1c40f');
    const steps = new MemorySteps();
    const result = await adapter().publish(request([item], steps));

    expect(result.outcome).toMatchObject({ kind: 'published' });
    if (result.outcome.kind !== 'published') return;
    expect(fake.posts).toHaveLength(1);
    const post = fake.posts[0]!;
    expect(result.outcome.platformPostId).toBe(post.id);
    expect(result.outcome.url).toBe(post.permalink);
    // The link the app keeps opens the post (the fake serves instagram.com's page for it).
    expect(await (await fetch(post.permalink)).text()).toContain('Fresh lemon tart today #bakery');
    expect(post).toMatchObject({ kind: 'IMAGE', caption: 'Fresh lemon tart today #bakery' });
    // Meta's crawler got exactly the picture, from the licence server's public URL.
    expect(post.fetchedImages[0]!.equals(bytes)).toBe(true);
    expect(fake.fetches).toEqual([{ url: expect.stringMatching(new RegExp(`^${server.url}/media/[A-Za-z0-9_-]{32}\\.jpg$`)), outcome: 200 }]);
    expect([...fake.containers.values()][0]!.altText).toBe('A cake');
    // One media_publish, on the container the app had last been told was FINISHED (nothing left polling).
    expect(fake.publishCalls).toEqual([post.containerId]);
    expect(fake.containers.get(post.containerId)!.statusRead?.status).toBe('FINISHED');
    expect(fake.pollingSince(0)).toEqual([]);
    // It waited while the container was IN_PROGRESS, and recorded the container before publishing.
    expect(statusChecks()).toBeGreaterThan(1);
    expect(steps.log).toEqual(['instagram.staged.0', 'instagram.container.0', 'instagram.staged.0']);
    expect(fake.requests.map((r) => r.path.split('/').at(-1))).toEqual(expect.arrayContaining(['content_publishing_limit', 'media', 'media_publish']));
    expect(fake.requests[0]!.path).toBe(`/${fake.graphUrl.split('/').at(-1)}/${IG_USER}/content_publishing_limit`);
    // Released once published: the storage is empty and the URL answers 404.
    expect(await server.mediaStorage.list()).toEqual([]);
    expect((await fetch(fake.fetches[0]!.url)).status).toBe(404);
  });

  it('publishes a carousel once: every child FINISHED before the CAROUSEL container, in order', async () => {
    await startFake({ processingMs: 30 });
    const first = await picture('#e74c3c');
    const clip = video(4);
    const second = await picture('#3498db');
    const steps = new MemorySteps();
    const result = await adapter().publish(request([first.item, clip.item, second.item], steps));

    expect(result.outcome).toMatchObject({ kind: 'published' });
    expect(fake.posts).toHaveLength(1);
    const post = fake.posts[0]!;
    expect(post.kind).toBe('CAROUSEL');
    expect(post.fetchedImages.map((b) => b.toString('base64'))).toEqual([first.bytes, second.bytes].map((b) => b.toString('base64')));
    const carousel = fake.containers.get(post.containerId)!;
    const children = carousel.children.map((id) => fake.containers.get(id)!);
    expect(children.map((c) => c.kind)).toEqual(['IMAGE', 'VIDEO', 'IMAGE']);
    expect(children[1]!.uploadedBytes).toBe(clip.bytes.length);
    expect(steps.get('instagram.container.carousel')).toBe(carousel.id);
    expect(await server.mediaStorage.list()).toEqual([]);
  });

  it('publishes a Reel once: the video bytes go to the upload host with the OAuth scheme, with progress', async () => {
    await startFake({ processingMs: 50 });
    const clip = video(5);
    const progress: number[] = [];
    const result = await adapter().publish(request([clip.item], new MemorySteps(), { onProgress: (p) => progress.push(p.sentBytes) }));

    expect(result.outcome).toMatchObject({ kind: 'published', url: fake.posts[0]?.permalink });
    expect(fake.posts.map((p) => p.kind)).toEqual(['REELS']);
    expect(fake.containers.get(fake.posts[0]!.containerId)!.uploadedBytes).toBe(clip.bytes.length);
    expect(progress.at(-1)).toBe(clip.bytes.length);
  });

  it('fails with a clear reason when Meta cannot fetch the picture, and publishes nothing', async () => {
    await startFake();
    const unreachable: MediaItem = { kind: 'image', source: { url: 'http://127.0.0.1:9/nowhere.jpg' }, mimeType: 'image/jpeg', byteLength: 10, altText: null };
    const result = await adapter().publish(request([unreachable], new MemorySteps()));
    expect(result).toMatchObject({ outcome: { kind: 'invalid' }, platformErrorCode: '9004/2207052' });
    expect(result.outcome.kind === 'invalid' && result.outcome.message).toMatch(/could not fetch the picture from its public address.*not reachable/);
    expect(fake.fetches).toHaveLength(1);
    expect(fake.posts).toEqual([]);
  });

  it.each([
    ['ERROR', /could not process the picture: Error: Media upload has failed with error code 2207026/],
    ['EXPIRED', /let the picture expire/],
  ] as const)('fails in Meta\'s words on a container that ends %s, never publishing it, and releases the staged picture', async (status, words) => {
    await startFake({ processingMs: 30 });
    fake.failNextContainer(status);
    const steps = new MemorySteps();
    const result = await adapter().publish(request([(await picture('#27ae60')).item], steps));
    expect(result).toMatchObject({ outcome: { kind: 'invalid' }, platformErrorCode: status });
    expect(result.outcome.kind === 'invalid' && result.outcome.message).toMatch(words);
    expect(fake.requests.some((r) => r.path.endsWith('/media_publish'))).toBe(false);
    // A dead container is forgotten, so a later attempt makes a new one.
    expect(steps.get('instagram.container.0')).toBe('');
    expect(await server.mediaStorage.list()).toEqual([]);
  });

  it('waits when the account has used its 24-hour allowance, making no container', async () => {
    await startFake({ quotaTotal: 1 });
    expect((await adapter().publish(request([(await picture('#8e44ad')).item], new MemorySteps()))).outcome.kind).toBe('published');
    const containersBefore = fake.containers.size;
    const result = await adapter().publish(request([(await picture('#8e44ad')).item], new MemorySteps()));
    expect(result.outcome).toMatchObject({ kind: 'rate_limited', message: expect.stringMatching(/1 posts allowed in 24 hours/) });
    expect(fake.containers.size).toBe(containersBefore);
    expect(await server.mediaStorage.list()).toEqual([]);
  });

  it('after an interrupted attempt, continues with the recorded container instead of making another, and publishes once', async () => {
    await startFake({ processingMs: 1_500 });
    const steps = new MemorySteps();
    const { item } = await picture('#d35400');
    const stop = new AbortController();
    const interrupted = adapter().publish(request([item], steps, { signal: stop.signal }));
    // Stopped while the container is still IN_PROGRESS (the app quitting): nothing public yet.
    await new Promise<void>((resolve) => {
      const check = () => (statusChecks() > 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    stop.abort();
    expect((await interrupted).outcome.kind).toBe('transient');
    expect(fake.posts).toEqual([]);
    expect(fake.containers.size).toBe(1);

    const result = await adapter().publish(request([item], steps));
    expect(result.outcome.kind).toBe('published');
    expect(fake.containers.size).toBe(1);
    expect(fake.posts).toHaveLength(1);
    expect(fake.fetches).toHaveLength(1);
  });

  it('the fake refuses and counts a media_publish before FINISHED (the guard the other tests rely on)', async () => {
    await startFake({ processingMs: 60_000 });
    const { item } = await picture('#2c3e50');
    const staged = await createMediaStaging({ serverUrl: server.url, bearerToken: async () => device.token }, createNodeHttpClient()).stage((item.source as { path: string }).path);
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' };
    const made = (await (await fetch(`${fake.graphUrl}/${IG_USER}/media`, { method: 'POST', headers, body: new URLSearchParams({ image_url: staged.url }) })).json()) as { id: string };
    const early = await fetch(`${fake.graphUrl}/${IG_USER}/media_publish`, { method: 'POST', headers, body: new URLSearchParams({ creation_id: made.id }) });
    expect(early.status).toBe(400);
    expect(await early.json()).toMatchObject({ error: { code: 9007, error_subcode: 2207027 } });
    expect(fake.publishedBeforeFinished).toBe(1);
    fake.publishedBeforeFinished = 0;
    await server.mediaStorage.remove(staged.url.split('/').at(-1)!);
  });
});

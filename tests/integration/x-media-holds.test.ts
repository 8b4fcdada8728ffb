import { createFile } from 'mp4box';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaLibrary } from '../../electron/core/media/media-library';
import { silentLogger } from '../../electron/core/ports/logger';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import type { FakeXMediaEndpoint } from '../fakes/platforms/fake-x-media';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS } from '../support/lease-signer';
import { seedConnection, seedLease, seedScheduledPost, SimulatedTime, waitUntil } from '../support/publishing-fixture';

// X limits its media endpoints (initialize, append, finalize, STATUS, metadata) in windows of
// their own, apart from POST /2/tweets. A media endpoint's limit holds back only the targets that
// still need it: the account's text posts keep going. A limit on POST /2/tweets still holds the
// whole connection. Through the real core and X adapter against the strict fake, whose windows
// answer 429 past each limit.

const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
const WINDOW_MS = 15 * 60 * 1000;
const signer = createLeaseSigner();
const TOKEN = 'x-token';
const LEASE = { postsPerCycle: 27, ...billingPeriod(T0 - 5 * DAY_MS) };

let time: SimulatedTime;
let x: FakeXApi | null;
let data: { dir: string; remove: () => void };
let t: TestCore | null;
let counter = 0;

beforeEach(() => {
  time = new SimulatedTime(T0);
  data = tempDataDir('agencyiq-x-media-holds-');
  t = null;
  x = null;
});
afterEach(async () => {
  await t?.core.close();
  await x?.stop();
  data.remove();
});

async function fakeX(mediaLimits: Partial<Record<FakeXMediaEndpoint, number>>, limitPerWindow?: number): Promise<FakeXApi> {
  x = await new FakeXApi({ isValidToken: (token) => token === TOKEN, clock: { now: () => time.now() }, mediaLimits, ...(limitPerWindow ? { limitPerWindow } : {}) }).start();
  return x;
}

const env = () => ({ AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw, AGENCYIQ_PUBLISH_X_URL: x!.url, AGENCYIQ_PUBLISH_TIMEOUT_MS: '2000' });
const openCore = () => openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true });

/** A real MP4 of about `bytes` (one big sample), uploaded in 4 MiB segments. */
function movie(bytes: number): Buffer {
  const file = createFile();
  file.init({ brands: ['iso4'], timescale: 1000, duration: 5000 });
  const id = file.addTrack({ timescale: 1000, width: 640, height: 360, type: 'avc1', duration: 5000, media_duration: 5000 });
  file.addSample(id, new Uint8Array(bytes).fill(9), { duration: 2500, is_sync: true });
  file.addSample(id, new Uint8Array(64), { duration: 2500, is_sync: false });
  const stream = file.getBuffer();
  return Buffer.from(stream.buffer.slice(0, stream.byteLength));
}

interface Seeded {
  text: string;
  targetId: string;
}

/**
 * Seeds the lease and the X connection (first time) and posts on X due at their `dueAt`, each with
 * a video attached when `video` is given, in one session of a core that cannot publish (their due
 * times are set last, so it never looks at them). Due order is by time: the earlier post goes first.
 */
async function seedPosts<const P extends ReadonlyArray<{ dueAt: number; video?: Buffer }>>(posts: P): Promise<{ [K in keyof P]: Seeded }> {
  const seeding = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true, platformAdapters: {} });
  const existing = (await seeding.core.connections.store.list()).find((c) => c.platform === 'x');
  if (existing === undefined) await seedLease(seeding.core.database.sqlite, signer, T0, LEASE);
  const connectionId = existing?.id ?? (await seedConnection(seeding.core.connections.store, 'x', { accessToken: TOKEN }));
  const seeded: Array<{ text: string; targetId: string; postId: string; dueAt: number }> = [];
  for (const { dueAt, video } of posts) {
    const text = `${video ? 'Fresh bread video' : 'Open till 6 today'}, number ${++counter}`;
    const post = seedScheduledPost(seeding.core.database.sqlite, { body: text, scheduledAt: time.now() + DAY_MS, targets: [{ platform: 'x', connectionId }] });
    if (video) {
      const source = path.join(data.dir, `upload-${counter}`);
      fs.writeFileSync(source, video);
      await new MediaLibrary(seeding.core.database.db, data.dir, time, silentLogger).add(post.postId, { path: source });
    }
    seeded.push({ text, targetId: post.targets.x!, postId: post.postId, dueAt });
  }
  const due = seeding.core.database.sqlite.prepare('UPDATE posts SET scheduled_at = ? WHERE id = ?');
  for (const post of seeded) due.run(post.dueAt, post.postId);
  await seeding.core.close();
  return seeded.map(({ text, targetId }) => ({ text, targetId })) as { [K in keyof P]: Seeded };
}

const row = (targetId: string) =>
  t!.core.database.sqlite.prepare('SELECT state, error_kind, last_error, next_attempt_at FROM post_targets WHERE id = ?').get(targetId) as {
    state: string;
    error_kind: string | null;
    last_error: string | null;
    next_attempt_at: number | null;
  };
const attempts = (targetId: string) =>
  (t!.core.database.sqlite.prepare('SELECT outcome FROM publish_attempts WHERE target_id = ? ORDER BY id').all(targetId) as Array<{ outcome: string }>).map((a) => a.outcome);
const requests = (pattern: RegExp) => x!.requests.filter((r) => pattern.test(r.path));
const answers = (pattern: RegExp) => requests(pattern).map((r) => ('status' in r.answer ? r.answer.status : 0));
const MEDIA = /^\/2\/media\//;
const published = (text: string) => x!.posts.filter((p) => p.text === text);

/** Moves simulated time on in steps until `done`, so the engine's retries and X's processing happen. */
async function advanceUntil(done: () => boolean, what: string, stepMs: number, steps = 400): Promise<void> {
  for (let i = 0; i < steps && !done(); i++) {
    time.advance(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await waitUntil(done, what);
}

/** What a target waiting for X's limit shows the owner: the same wording whichever X window it was. */
const WAITING_FOR_X = /^X asked AgencyIQ to slow down; it will try again at the time X gave\./;

describe("a limit of X's media endpoints holds only the posts that upload media", () => {
  it('a spent APPEND window: the text post goes at once, the video posts wait for the reset without a request, then each is published once', async () => {
    await fakeX({ append: 2 });
    // The first video needs three segments; the second needs one, and finds the window spent.
    const [video, second, text] = await seedPosts([{ dueAt: T0 - 2_000, video: movie(9 * 1024 * 1024) }, { dueAt: T0 - 1_000, video: movie(64 * 1024) }, { dueAt: T0 }]);
    t = await openCore();

    await waitUntil(() => row(text.targetId).state === 'published', 'the text post');
    const resetAt = Math.ceil((requests(/\/append$/)[0]!.at + WINDOW_MS) / 1000) * 1000;
    expect(time.now()).toBe(T0);
    expect(published(text.text)).toHaveLength(1);
    for (const waiting of [video, second]) {
      expect(row(waiting.targetId)).toMatchObject({ state: 'scheduled', error_kind: 'rate_limited', next_attempt_at: resetAt });
      expect(row(waiting.targetId).last_error).toMatch(WAITING_FOR_X);
      expect(attempts(waiting.targetId)).toEqual(['rate_limited']);
    }
    // The window said remaining 0 after the second segment: nothing more was appended, and no 429 was earned.
    expect(answers(/\/append$/)).toEqual([200, 200]);
    expect(answers(MEDIA)).not.toContain(429);

    await advanceUntil(() => row(video.targetId).state === 'published' && row(second.targetId).state === 'published', 'the videos after the reset', 30_000);
    expect(published(video.text)).toHaveLength(1);
    expect(published(second.text)).toHaveLength(1);
    expect(published(text.text)).toHaveLength(1);
    expect(answers(/\/append$/)).toEqual([200, 200, 200, 200]);
    for (const append of requests(/\/append$/).slice(2)) expect(append.at).toBeGreaterThanOrEqual(resetAt);
    expect(answers(MEDIA)).not.toContain(429);
    expect(x!.media.refusedPosts).toEqual([]);
  });

  it("a 429 from FINALIZE: the text post goes at once, the video post waits until X's reset and is then published once", async () => {
    // FINALIZE allows one request per window: a first video spends it; after a restart the app no
    // longer knows that window, so the next video's FINALIZE meets X's 429.
    await fakeX({ finalize: 1 });
    const [earlier] = await seedPosts([{ dueAt: T0, video: movie(64 * 1024) }]);
    t = await openCore();
    await advanceUntil(() => row(earlier.targetId).state === 'published', 'the first video', 500);
    await t.core.close();
    t = null;

    const [video, text] = await seedPosts([{ dueAt: time.now() - 1_000, video: movie(64 * 1024) }, { dueAt: time.now() }]);
    const tweetsBefore = answers(/^\/2\/tweets$/).length;
    t = await openCore();
    await waitUntil(() => row(text.targetId).state === 'published', 'the text post');
    const resetAt = Math.ceil((requests(/\/finalize$/)[0]!.at + WINDOW_MS) / 1000) * 1000;
    expect(answers(/\/finalize$/)).toEqual([200, 429]);
    // The video's attempt ended before the text post left: the text post did not wait for the 429's reset.
    expect(requests(/^\/2\/tweets$/)[tweetsBefore]!.at).toBeLessThan(resetAt);
    expect(published(text.text)).toHaveLength(1);
    expect(row(video.targetId)).toMatchObject({ state: 'scheduled', error_kind: 'rate_limited', next_attempt_at: resetAt });
    expect(row(video.targetId).last_error).toMatch(WAITING_FOR_X);

    await advanceUntil(() => row(video.targetId).state === 'published', 'the video after the reset', 30_000);
    expect(published(video.text)).toHaveLength(1);
    // It went on from its recorded steps: one upload, finalized again only after the reset.
    expect(answers(/\/initialize$/)).toEqual([200, 200]);
    expect(answers(/\/finalize$/)).toEqual([200, 429, 200]);
    expect(requests(/\/finalize$/)[2]!.at).toBeGreaterThanOrEqual(resetAt);
  });

  it("a media step's 429 says nothing about POST /2/tweets' window: the text posts after it still follow that window and earn no 429", async () => {
    // POST /2/tweets allows two per window; the account's INITIALIZE window is already spent
    // (another app of the owner's used it), so the video meets X's 429 between the text posts.
    await fakeX({ initialize: 0 }, 2);
    const [first, video, second, third] = await seedPosts([{ dueAt: T0 - 3_000 }, { dueAt: T0 - 2_000, video: movie(64 * 1024) }, { dueAt: T0 - 1_000 }, { dueAt: T0 }]);
    t = await openCore();
    await waitUntil(() => row(second.targetId).state === 'published' && (row(third.targetId).next_attempt_at ?? 0) > T0, 'the third text post held');
    const resetAt = Math.ceil((requests(/^\/2\/tweets$/)[0]!.at + WINDOW_MS) / 1000) * 1000;
    expect(answers(/\/initialize$/)).toEqual([429]);
    expect(row(video.targetId)).toMatchObject({ state: 'scheduled', error_kind: 'rate_limited' });
    // The first answer said one request was left: one more text post went, the third waits for the reset unsent.
    expect(answers(/^\/2\/tweets$/)).toEqual([201, 201]);
    expect([first, second].map((post) => row(post.targetId).state)).toEqual(['published', 'published']);
    expect(row(third.targetId)).toMatchObject({ state: 'scheduled', next_attempt_at: resetAt });
    expect(x!.posts.map((p) => p.text)).not.toContain(third.text);
  });

  it('a 429 on POST /2/tweets still holds the whole connection: the video post uploads nothing before the reset', async () => {
    await fakeX({});
    const resetAt = Math.ceil((T0 + 10 * 60_000) / 1000) * 1000;
    x!.rateLimitNext(resetAt);
    const [text, video] = await seedPosts([{ dueAt: T0 - 1_000 }, { dueAt: T0, video: movie(64 * 1024) }]);
    t = await openCore();

    await waitUntil(() => row(text.targetId).error_kind === 'rate_limited' && row(video.targetId).next_attempt_at === resetAt, 'both held');
    expect(answers(/^\/2\/tweets$/)).toEqual([429]);
    expect(requests(MEDIA)).toEqual([]);
    expect(row(text.targetId)).toMatchObject({ state: 'scheduled', next_attempt_at: resetAt });
    expect(row(video.targetId)).toMatchObject({ state: 'scheduled', next_attempt_at: resetAt });

    await advanceUntil(() => row(text.targetId).state === 'published' && row(video.targetId).state === 'published', 'both after the reset', 30_000);
    expect(published(text.text)).toHaveLength(1);
    expect(published(video.text)).toHaveLength(1);
    expect(requests(MEDIA)[0]!.at).toBeGreaterThanOrEqual(resetAt);
    expect(answers(/^\/2\/tweets$/)).toEqual([429, 201, 201]);
  });
});

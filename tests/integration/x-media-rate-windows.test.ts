import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaLibrary } from '../../electron/core/media/media-library';
import { silentLogger } from '../../electron/core/ports/logger';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import type { FakeXMediaEndpoint } from '../fakes/platforms/fake-x-media';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS } from '../support/lease-signer';
import { sizedMovie } from '../support/media-fixtures';
import { seedConnection, seedLease, seedScheduledPost, SimulatedTime, waitUntil } from '../support/publishing-fixture';

// X rate-limits each media endpoint (initialize, append, finalize, STATUS) in its own 15-minute
// window and says so in `x-rate-limit-*` headers, as for POST /2/tweets. Through the real core
// and X adapter against the fake, which enforces each endpoint's window: after `remaining: 0`
// nothing more goes to that endpoint before its reset, a 429 waits for the reset, and the retry
// carries on from the recorded media steps.

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
  data = tempDataDir('agencyiq-x-media-windows-');
  t = null;
  x = null;
});
afterEach(async () => {
  await t?.core.close();
  await x?.stop();
  data.remove();
});

async function fakeX(mediaLimits: Partial<Record<FakeXMediaEndpoint, number>>): Promise<FakeXApi> {
  x = await new FakeXApi({ isValidToken: (token) => token === TOKEN, clock: { now: () => time.now() }, mediaLimits }).start();
  return x;
}

const env = () => ({ AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw, AGENCYIQ_PUBLISH_X_URL: x!.url, AGENCYIQ_PUBLISH_TIMEOUT_MS: '2000' });

/** Seeds a lease and the X connection (first time) and one due post with `bytes` attached. */
async function seedPost(bytes: Buffer): Promise<{ text: string; targetId: string }> {
  const text = `Fresh bread video, batch ${++counter}`;
  const seeding = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true, platformAdapters: {} });
  if (counter === 1 || (await seeding.core.connections.store.list()).length === 0) await seedLease(seeding.core.database.sqlite, signer, T0, LEASE);
  const existing = (await seeding.core.connections.store.list()).find((c) => c.platform === 'x');
  const connectionId = existing?.id ?? (await seedConnection(seeding.core.connections.store, 'x', { accessToken: TOKEN }));
  const post = seedScheduledPost(seeding.core.database.sqlite, { body: text, scheduledAt: time.now() + DAY_MS, targets: [{ platform: 'x', connectionId }] });
  const source = path.join(data.dir, `upload-${counter}`);
  fs.writeFileSync(source, bytes);
  await new MediaLibrary(seeding.core.database.db, data.dir, time, silentLogger).add(post.postId, { path: source });
  seeding.core.database.sqlite.prepare('UPDATE posts SET scheduled_at = ? WHERE id = ?').run(time.now(), post.postId);
  await seeding.core.close();
  return { text, targetId: post.targets.x! };
}

const row = (targetId: string) =>
  t!.core.database.sqlite.prepare('SELECT state, error_kind, next_attempt_at FROM post_targets WHERE id = ?').get(targetId) as {
    state: string;
    error_kind: string | null;
    next_attempt_at: number | null;
  };
const media = (pattern: RegExp) => x!.requests.filter((r) => pattern.test(r.path));
const answers = (pattern: RegExp) => media(pattern).map((r) => ('status' in r.answer ? r.answer.status : 0));
const segmentsSent = () => media(/\/append$/).map((r) => /name="segment_index"\r\n\r\n(\d+)/.exec(r.body)?.[1]);

/** Moves simulated time on in steps until `done`, so the engine's retries and X's processing happen. */
async function advanceUntil(done: () => boolean, what: string, stepMs: number, steps = 400): Promise<void> {
  for (let i = 0; i < steps && !done(); i++) {
    time.advance(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await waitUntil(done, what);
}

describe("X's media upload windows", () => {
  it('after remaining 0 on APPEND nothing more is appended before the reset; the target waits for it and goes on from its next segment', async () => {
    await fakeX({ append: 2 });
    const movie = sizedMovie(9 * 1024 * 1024); // three 4 MiB segments
    const post = await seedPost(movie);
    t = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true });
    await waitUntil(() => row(post.targetId).error_kind === 'rate_limited', 'the media window');
    const resetAt = Math.ceil((T0 + WINDOW_MS) / 1000) * 1000;
    // The second APPEND's answer said remaining 0: the third segment was not sent (no 429 spent).
    expect(answers(/\/append$/)).toEqual([200, 200]);
    expect(row(post.targetId)).toMatchObject({ state: 'scheduled', next_attempt_at: resetAt });

    await advanceUntil(() => row(post.targetId).state === 'published', 'published after the reset', 30_000);
    expect(x!.posts.filter((p) => p.text === post.text)).toHaveLength(1);
    // One upload: initialized once, each segment appended once, the last one after the reset.
    expect(answers(/\/initialize$/)).toEqual([200]);
    expect(segmentsSent()).toEqual(['0', '1', '2']);
    expect(media(/\/append$/)[2]!.at).toBeGreaterThanOrEqual(resetAt);
    expect(answers(/\/(initialize|append|finalize)$|^\/2\/media\/upload$/)).not.toContain(429);
    expect(x!.media.refusedPosts).toEqual([]);
  });

  it('a 429 from a media endpoint is rate limited until its reset, then the upload carries on from its recorded steps', async () => {
    // FINALIZE allows one request per window: a first post spends it; after a restart the app
    // no longer knows the window, so the second post's FINALIZE meets X's 429.
    await fakeX({ finalize: 1 });
    const first = await seedPost(sizedMovie(1024 * 1024));
    t = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true });
    await advanceUntil(() => row(first.targetId).state === 'published', 'the first post', 500);
    await t.core.close();
    t = null;

    const second = await seedPost(sizedMovie(1024 * 1024));
    t = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true });
    await waitUntil(() => row(second.targetId).error_kind === 'rate_limited', 'the 429');
    // The fake's FINALIZE window opened with the first post's FINALIZE.
    const resetAt = Math.ceil((media(/\/finalize$/)[0]!.at + WINDOW_MS) / 1000) * 1000;
    expect(answers(/\/finalize$/)).toEqual([200, 429]);
    expect(row(second.targetId)).toMatchObject({ state: 'scheduled', next_attempt_at: resetAt });

    await advanceUntil(() => row(second.targetId).state === 'published', 'published after the reset', 30_000);
    expect(x!.posts.filter((p) => p.text === second.text)).toHaveLength(1);
    // The retry went on from the recorded steps: no second INITIALIZE or APPEND for it.
    expect(answers(/\/initialize$/)).toEqual([200, 200]);
    expect(answers(/\/append$/)).toEqual([200, 200]);
    expect(answers(/\/finalize$/)).toEqual([200, 429, 200]);
    expect(media(/\/finalize$/)[2]!.at).toBeGreaterThanOrEqual(resetAt);
  });
});

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MediaLibrary } from '../../electron/core/media/media-library';
import { silentLogger } from '../../electron/core/ports/logger';
import { FakeYouTubeUpload } from '../fakes/platforms/fake-youtube-upload';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS } from '../support/lease-signer';
import { sizedMovie } from '../support/media-fixtures';
import { seedConnection, seedLease, seedScheduledPost, SimulatedTime, waitUntil } from '../support/publishing-fixture';

// YouTube through the real core: the engine hands the video to the YouTube adapter, which uploads
// it with the resumable protocol (session URI in the target's journal, 8 MiB chunks streamed from
// disk) to the strict fake, over real HTTP, on simulated time.

const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
const signer = createLeaseSigner();
const TOKEN = 'yt-token';
const LEASE = { postsPerCycle: 27, ...billingPeriod(T0 - 5 * DAY_MS) };
const MOVIE = sizedMovie(10 * 1024 * 1024);
const MOVIE_SHA = createHash('sha256').update(MOVIE).digest('hex');

let time: SimulatedTime;
let yt: FakeYouTubeUpload;
let data: { dir: string; remove: () => void };
let t: TestCore | null;

beforeAll(async () => {
  yt = await new FakeYouTubeUpload({ isValidToken: (token) => token === TOKEN }).start();
});
afterAll(() => yt.stop());
beforeEach(() => {
  time = new SimulatedTime(T0);
  data = tempDataDir('agencyiq-youtube-');
  t = null;
  yt.requests.length = 0;
  yt.videos.length = 0;
  yt.violations.length = 0;
});
afterEach(async () => {
  await t?.core.close();
  data.remove();
});

const env = () => ({ AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw, AGENCYIQ_PUBLISH_YOUTUBE_URL: yt.url, AGENCYIQ_PUBLISH_TIMEOUT_MS: '5000' });
const open = () => openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true });

/** Seeds a lease, the YouTube connection and one due post with the movie and a title, then starts the app. */
async function startWithVideo(title = 'Behind the counter at Paddington Sourdough'): Promise<{ targetId: string }> {
  const seeding = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true, platformAdapters: {} });
  await seedLease(seeding.core.database.sqlite, signer, T0, LEASE);
  const connectionId = await seedConnection(seeding.core.connections.store, 'youtube', { accessToken: TOKEN });
  const post = seedScheduledPost(seeding.core.database.sqlite, { body: 'How we shape a loaf, start to finish.', scheduledAt: T0 + DAY_MS, targets: [{ platform: 'youtube', connectionId }] });
  seeding.core.database.sqlite.prepare('UPDATE post_targets SET title = ? WHERE id = ?').run(title, post.targets.youtube!);
  const source = path.join(data.dir, 'team.mp4');
  fs.writeFileSync(source, MOVIE);
  await new MediaLibrary(seeding.core.database.db, data.dir, time, silentLogger).add(post.postId, { path: source });
  seeding.core.database.sqlite.prepare('UPDATE posts SET scheduled_at = ? WHERE id = ?').run(T0, post.postId);
  await seeding.core.close();
  t = await open();
  return { targetId: post.targets.youtube! };
}

const row = (targetId: string) =>
  t!.core.database.sqlite.prepare('SELECT state, error_kind, last_error, platform_url, platform_post_id FROM post_targets WHERE id = ?').get(targetId) as {
    state: string;
    error_kind: string | null;
    last_error: string | null;
    platform_url: string | null;
    platform_post_id: string | null;
  };
const settled = (targetId: string) => () => ['published', 'failed', 'needs_check', 'needs_reconnect'].includes(row(targetId).state);
const of = (kind: string) => yt.uploadRequests().filter((r) => r.kind === kind);

async function advanceUntil(done: () => boolean, what: string, stepMs = 5_000, steps = 400): Promise<void> {
  for (let i = 0; i < steps && !done(); i++) {
    time.advance(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await waitUntil(done, what);
}

describe('YouTube video publishing', () => {
  it('uploads in 8 MiB chunks and publishes once, private by default, with the id and the watch link; progress reaches the last byte', async () => {
    const progress: Array<{ sentBytes: number; totalBytes: number }> = [];
    const post = await startWithVideo();
    const stop = t!.core.events.subscribe((event) => {
      if (event.event === 'publishing.upload-progress') progress.push(event.payload as { sentBytes: number; totalBytes: number });
    });
    await waitUntil(settled(post.targetId), 'published');
    stop();
    expect(yt.videos).toHaveLength(1);
    const video = yt.videos[0]!;
    expect(video).toMatchObject({ title: 'Behind the counter at Paddington Sourdough', description: 'How we shape a loaf, start to finish.', privacyStatus: 'private', notifySubscribers: false, bytes: MOVIE.length, sha256: MOVIE_SHA });
    expect(row(post.targetId)).toMatchObject({ state: 'published', platform_post_id: video.id, platform_url: `https://www.youtube.com/watch?v=${video.id}` });
    expect(of('create')).toHaveLength(1);
    expect(of('chunk').map((r) => r.contentRange)).toEqual([`bytes 0-${8 * 1024 * 1024 - 1}/${MOVIE.length}`, `bytes ${8 * 1024 * 1024}-${MOVIE.length - 1}/${MOVIE.length}`]);
    expect(yt.violations).toEqual([]);
    expect(progress.at(-1)).toMatchObject({ sentBytes: MOVIE.length, totalBytes: MOVIE.length });
    expect(t!.core.database.sqlite.prepare('SELECT COUNT(*) FROM publish_media_steps').pluck().get()).toBe(0);
  });

  it('a connection dropped at 40%: the probe finds what YouTube holds and the upload goes on from that byte; one video', async () => {
    const dropAt = Math.floor(MOVIE.length * 0.4);
    yt.dropConnectionAt(dropAt);
    const post = await startWithVideo();
    await waitUntil(settled(post.targetId), 'published');
    expect(row(post.targetId).state).toBe('published');
    expect(yt.uploadRequests().map((r) => [r.kind, r.status])).toEqual([['create', 200], ['chunk', 'dropped'], ['probe', 308], ['chunk', 201]]);
    expect(of('chunk')[1]!.contentRange).toBe(`bytes ${dropAt}-${MOVIE.length - 1}/${MOVIE.length}`);
    expect(yt.videos).toHaveLength(1);
    expect(yt.videos[0]!.sha256).toBe(MOVIE_SHA);
    expect(yt.violations).toEqual([]);
  });

  it('an app restart mid-upload resumes from the session saved in the journal: no second session, one video', async () => {
    const dropAt = Math.floor(MOVIE.length * 0.4);
    yt.dropConnectionAt(dropAt);
    yt.failNext('probe', { status: 503, body: { error: { code: 503, message: 'Backend Error', errors: [{ reason: 'backendError' }] } } });
    const post = await startWithVideo();
    await waitUntil(() => of('probe').length === 1 && row(post.targetId).state === 'scheduled', 'the try ends, waiting for a retry');
    const session = t!.core.database.sqlite.prepare("SELECT value FROM publish_media_steps WHERE step_key = 'youtube.session'").pluck().get() as string;
    expect(JSON.parse(session)).toMatchObject({ url: expect.stringContaining(yt.url) });
    await t!.core.close();
    t = await open();
    await advanceUntil(settled(post.targetId), 'published after the restart');
    expect(row(post.targetId).state).toBe('published');
    expect(of('create')).toHaveLength(1);
    expect(of('chunk').at(-1)!.contentRange).toBe(`bytes ${dropAt}-${MOVIE.length - 1}/${MOVIE.length}`);
    expect(yt.videos).toHaveLength(1);
    expect(yt.videos[0]!.sha256).toBe(MOVIE_SHA);
  });

  it('a session that expired before the last chunk: a new session uploads from byte 0; one video', async () => {
    yt.dropConnectionAt(Math.floor(MOVIE.length * 0.4));
    yt.failNext('probe', { status: 503, body: { error: { code: 503, message: 'Backend Error' } } });
    const post = await startWithVideo();
    await waitUntil(() => row(post.targetId).state === 'scheduled' && of('probe').length === 1, 'first try over');
    yt.expireSessions();
    await advanceUntil(settled(post.targetId), 'published with a new session');
    expect(row(post.targetId).state).toBe('published');
    expect(of('create')).toHaveLength(2);
    expect(yt.videos).toHaveLength(1);
    expect(yt.videos[0]!.sha256).toBe(MOVIE_SHA);
  });

  it('the final answer never arrives: needs_check, and nothing is uploaded again', async () => {
    yt.loseFinalAnswer();
    const post = await startWithVideo();
    await waitUntil(settled(post.targetId), 'settled');
    expect(row(post.targetId)).toMatchObject({ state: 'needs_check', error_kind: 'unknown' });
    await advanceUntil(() => false, 'time passes', 60_000, 30).catch(() => undefined);
    expect(row(post.targetId).state).toBe('needs_check');
    expect(of('create')).toHaveLength(1);
    expect(of('chunk')).toHaveLength(2);
    expect(of('probe')).toHaveLength(0);
    expect(yt.videos).toHaveLength(1);
  });

  it('a post without a title sends nothing and says why', async () => {
    const post = await startWithVideo('   ');
    await waitUntil(settled(post.targetId), 'settled');
    expect(row(post.targetId)).toMatchObject({ state: 'failed' });
    expect(row(post.targetId).last_error).toMatch(/needs a title/);
    expect(yt.uploadRequests()).toEqual([]);
  });
});

import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeYouTubeUpload } from '../fakes/platforms/fake-youtube-upload';
import { sizedMovie } from '../support/media-fixtures';
import { mediaPublishingHarness } from '../support/media-publishing-harness';
import { waitUntil } from '../support/publishing-fixture';

// YouTube through the real core: the engine hands the video to the YouTube adapter, which uploads
// it with the resumable protocol (session URI in the target's journal, 8 MiB chunks streamed from
// disk) to the strict fake, over real HTTP, on simulated time.

const TOKEN = 'yt-token';
const MOVIE = sizedMovie(10 * 1024 * 1024);
const MOVIE_SHA = createHash('sha256').update(MOVIE).digest('hex');

const harness = mediaPublishingHarness({
  platform: 'youtube',
  token: TOKEN,
  fake: () => new FakeYouTubeUpload({ isValidToken: (token) => token === TOKEN }),
  env: (fake) => ({ AGENCYIQ_PUBLISH_YOUTUBE_URL: fake.url, AGENCYIQ_PUBLISH_TIMEOUT_MS: '5000' }),
  dataPrefix: 'agencyiq-youtube-',
  advanceStepMs: 5_000,
});
const { fake: yt, row, settled, advanceUntil } = harness;
beforeEach(() => {
  yt.requests.length = 0;
  yt.videos.length = 0;
  yt.violations.length = 0;
});

/** One due post with the movie and `title`, then the app started. */
const startWithVideo = (title = 'Behind the counter at Paddington Sourdough') =>
  harness.startWithMedia('How we shape a loaf, start to finish.', [{ bytes: MOVIE, name: 'team.mp4' }], (seeding, post) => {
    seeding.core.database.sqlite.prepare('UPDATE post_targets SET title = ? WHERE id = ?').run(title, post.targetId);
  });
const of = (kind: string) => yt.uploadRequests().filter((r) => r.kind === kind);

describe('YouTube video publishing', () => {
  it('uploads in 8 MiB chunks and publishes once, private by default, with the id and the watch link; progress reaches the last byte', async () => {
    const progress: Array<{ sentBytes: number; totalBytes: number }> = [];
    const post = await startWithVideo();
    const stop = harness.app!.core.events.subscribe((event) => {
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
    expect(harness.app!.core.database.sqlite.prepare('SELECT COUNT(*) FROM publish_media_steps').pluck().get()).toBe(0);
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
    const session = harness.app!.core.database.sqlite.prepare("SELECT value FROM publish_media_steps WHERE step_key = 'youtube.session'").pluck().get() as string;
    expect(JSON.parse(session)).toMatchObject({ url: expect.stringContaining(yt.url) });
    await harness.app!.core.close();
    await harness.open();
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

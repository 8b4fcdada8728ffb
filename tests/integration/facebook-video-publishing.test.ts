import { createHash, randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { DAY_MS } from '../support/lease-signer';
import { movie, sidewaysJpeg, sizedMovie } from '../support/media-fixtures';
import { mediaPublishingHarness } from '../support/media-publishing-harness';
import { ACCOUNT_IDS, waitUntil } from '../support/publishing-fixture';

// A video on a Facebook Page through the real core: the engine hands it to the Facebook adapter,
// which uploads it with the Page videos edge's resumable protocol (start, transfers of the ranges
// Meta asks for, streamed from disk, finish as the public step) to the strict Graph fake, over real
// HTTP, on simulated harness.time. The fake asks for 4 MiB at a time, so the 10 MiB movie takes 3 transfers.

const TOKEN = 'fb-page-token';
const NEW_TOKEN = 'fb-page-token-after-reconnect';
const PAGE = ACCOUNT_IDS.facebook;
const CHUNK = 4 * 1024 * 1024;
const MOVIE = sizedMovie(10 * 1024 * 1024);
const MOVIE_SHA = createHash('sha256').update(MOVIE).digest('hex');

const harness = mediaPublishingHarness({
  platform: 'facebook',
  token: TOKEN,
  fake: (clock) => new FakeFacebookGraph({ isValidToken: (token) => token === TOKEN || token === NEW_TOKEN, clock }),
  env: (fake) => ({ AGENCYIQ_PUBLISH_FACEBOOK_URL: fake.graphUrl, AGENCYIQ_PUBLISH_TIMEOUT_MS: '5000' }),
  dataPrefix: 'agencyiq-fb-video-',
  advanceStepMs: 5_000,
});
const { fake: facebook, row, settled, advanceUntil } = harness;
beforeEach(() => {
  facebook.requests.length = 0;
  facebook.video.log.length = 0;
  facebook.video.videos.length = 0;
  facebook.video.violations.length = 0;
  facebook.video.refusedFinishes.length = 0;
});

// A number per post, so each test's post is told apart at the fake.
let counter = 0;
/** Seeds a lease, the Facebook connection and one due post with these files, then starts the app. */
const startWith = (files: Buffer[]) => harness.startWithMedia(`Behind the counter at dawn, take ${++counter}`, files.map((bytes) => ({ bytes })));
const phases = () => facebook.video.log.map((entry) => [entry.phase, entry.startOffset, entry.answer]);
const of = (phase: string) => facebook.video.log.filter((entry) => entry.phase === phase);
const journal = () => harness.app!.core.database.sqlite.prepare("SELECT value FROM publish_media_steps WHERE step_key = 'facebook.video'").pluck().get() as string | undefined;

/** Nothing the strict fake refuses as a client's mistake happened. */
function expectCleanUpload(): void {
  expect(facebook.video.violations).toEqual([]);
  expect(facebook.video.refusedFinishes).toEqual([]);
}

describe('a video on a Facebook Page', () => {
  it('uploads the ranges Meta asks for and finishes once; the video id and its link are stored; progress reaches the last byte', async () => {
    const progress: Array<{ sentBytes: number; totalBytes: number }> = [];
    const post = await startWith([MOVIE]);
    const stop = harness.app!.core.events.subscribe((event) => {
      if (event.event === 'publishing.upload-progress') progress.push(event.payload as { sentBytes: number; totalBytes: number });
    });
    await waitUntil(settled(post.targetId), 'published');
    stop();
    expect(phases()).toEqual([
      ['start', null, 200],
      ['transfer', 0, 200],
      ['transfer', CHUNK, 200],
      ['transfer', 2 * CHUNK, 200],
      ['finish', null, 200],
    ]);
    expect(facebook.video.videos).toHaveLength(1);
    const video = facebook.video.videos[0]!;
    expect(video).toMatchObject({ pageId: PAGE, description: post.text, published: true, bytes: MOVIE.length, sha256: MOVIE_SHA });
    expect(row(post.targetId)).toMatchObject({ state: 'published', platform_post_id: video.id, platform_url: `https://www.facebook.com/${PAGE}/videos/${video.id}` });
    expect(progress.at(-1)).toMatchObject({ sentBytes: MOVIE.length, totalBytes: MOVIE.length });
    expect(facebook.posts.filter((p) => p.message === post.text)).toHaveLength(0);
    expect(journal()).toBeUndefined();
    expectCleanUpload();
  });

  it('a connection dropped after Meta kept the second chunk: the re-sent chunk is refused with Meta\'s offset, and the upload goes on from there; one video', async () => {
    facebook.video.dropConnectionAtTransfer(facebook.video.transfers + 1, true);
    const post = await startWith([MOVIE]);
    await waitUntil(settled(post.targetId), 'published');
    expect(row(post.targetId).state).toBe('published');
    expect(phases()).toEqual([
      ['start', null, 200],
      ['transfer', 0, 200],
      ['transfer', CHUNK, 'dropped'],
      ['transfer', CHUNK, 400], // Meta holds 8 MiB already: subcode 1363037 names 8 MiB.
      ['transfer', 2 * CHUNK, 200],
      ['finish', null, 200],
    ]);
    expect(facebook.video.videos).toHaveLength(1);
    expect(facebook.video.videos[0]!.sha256).toBe(MOVIE_SHA);
    expectCleanUpload();
  });

  it('a connection dropped before Meta kept the chunk: the same range is sent again; one video', async () => {
    facebook.video.dropConnectionAtTransfer(facebook.video.transfers + 1, false);
    const post = await startWith([MOVIE]);
    await waitUntil(settled(post.targetId), 'published');
    expect(phases().map(([phase, offset]) => `${String(phase)}@${String(offset)}`)).toEqual(['start@null', 'transfer@0', `transfer@${CHUNK}`, `transfer@${CHUNK}`, `transfer@${2 * CHUNK}`, 'finish@null']);
    expect(facebook.video.videos).toHaveLength(1);
    expect(facebook.video.videos[0]!.sha256).toBe(MOVIE_SHA);
    expectCleanUpload();
  });

  it('an app restart mid-upload continues the recorded session from the offset Meta asked for: one start, one video', async () => {
    // The third /videos request (the second transfer) answers 503: the try ends with the first chunk recorded.
    facebook.failNext({ status: 503 }, 'facebook.videos', 2);
    const post = await startWith([MOVIE]);
    await waitUntil(() => row(post.targetId).state === 'scheduled' && facebook.pendingFaults === 0, 'the try ends, waiting for a retry');
    expect(row(post.targetId).error_kind).toBe('transient');
    expect(JSON.parse(journal()!)).toMatchObject({ phase: `offsets:${CHUNK}-${2 * CHUNK}` });
    await harness.app!.core.close();
    await harness.open();
    await advanceUntil(settled(post.targetId), 'published after the restart');
    expect(row(post.targetId).state).toBe('published');
    expect(of('start')).toHaveLength(1);
    expect(of('transfer').map((entry) => entry.startOffset)).toEqual([0, CHUNK, 2 * CHUNK]);
    expect(of('finish')).toHaveLength(1);
    expect(facebook.video.videos).toHaveLength(1);
    expect(facebook.video.videos[0]!.sha256).toBe(MOVIE_SHA);
    expectCleanUpload();
  });

  it('the finish\'s answer never arrives: needs_check, and the finish is never sent again', async () => {
    facebook.video.loseFinishAnswer();
    const post = await startWith([MOVIE]);
    await waitUntil(settled(post.targetId), 'settled');
    expect(row(post.targetId)).toMatchObject({ state: 'needs_check', error_kind: 'unknown' });
    await advanceUntil(() => false, 'time passes', 60_000, 30).catch(() => undefined);
    expect(row(post.targetId).state).toBe('needs_check');
    expect(of('start')).toHaveLength(1);
    expect(of('transfer')).toHaveLength(3);
    expect(of('finish')).toHaveLength(1);
    expect(facebook.video.videos).toHaveLength(1);
    expectCleanUpload();
  });

  it('the Page token refused (190) mid-upload: needs reconnect with the upload kept; after reconnecting, Publish again goes on from Meta\'s offset in the same session', async () => {
    facebook.video.refuseTokenAtTransfer(facebook.video.transfers + 1);
    const post = await startWith([MOVIE]);
    await waitUntil(settled(post.targetId), 'settled');
    // Facebook Page tokens carry no refresh token: the app cannot renew one, the owner reconnects.
    expect(row(post.targetId)).toMatchObject({ state: 'needs_reconnect', error_kind: 'auth' });
    expect(JSON.parse(journal()!)).toMatchObject({ phase: `offsets:${CHUNK}-${2 * CHUNK}` });
    expect(facebook.video.videos).toHaveLength(0);

    await harness.app!.core.connections.store.saveConnected({
      platform: 'facebook',
      accountId: PAGE,
      displayName: 'Paddington Sourdough on facebook',
      tokens: { accessToken: NEW_TOKEN, refreshToken: null, userAccessToken: null, scope: null },
      accessExpiresAt: null,
      refreshExpiresAt: null,
    });
    await harness.app!.call('publishing.retry', { targetId: post.targetId });
    await advanceUntil(settled(post.targetId), 'published after reconnecting');
    expect(row(post.targetId).state).toBe('published');
    expect(of('start')).toHaveLength(1);
    expect(of('transfer').map((entry) => [entry.startOffset, entry.answer])).toEqual([
      [0, 200],
      [CHUNK, 400],
      [CHUNK, 200],
      [2 * CHUNK, 200],
    ]);
    const bearers = facebook.requests.filter((r) => r.path.endsWith('/videos')).map((r) => (r.bearer === TOKEN ? 'old' : r.bearer === NEW_TOKEN ? 'new' : 'other'));
    expect(bearers).toEqual(['old', 'old', 'old', 'new', 'new', 'new']);
    expect(facebook.video.videos).toHaveLength(1);
    expect(facebook.video.videos[0]!.sha256).toBe(MOVIE_SHA);
    expectCleanUpload();
  });

  it('a picture and a video together never leave: Facebook takes one video on its own', async () => {
    const post = await startWith([await sidewaysJpeg(), MOVIE]);
    await waitUntil(settled(post.targetId), 'settled');
    expect(row(post.targetId)).toMatchObject({ state: 'failed', error_kind: 'invalid' });
    expect(row(post.targetId).last_error).toMatch(/one video on its own/);
    expect(facebook.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });
});

describe('Facebook video rules before scheduling (shared/platforms/media-limits.ts)', () => {
  /** A draft for Facebook with these files, attached the way Compose does (media.beginUpload …). */
  async function draftWith(files: Buffer[]): Promise<string> {
    const t = await harness.open();
    await harness.seedAccount(t);
    const postId = randomUUID();
    await t.call('drafts.save', { id: postId, body: `Fresh from the oven, take ${++counter}`, targets: [{ platform: 'facebook', text: null, title: null }] });
    for (const [index, bytes] of files.entries()) {
      const { uploadId } = await t.call('media.beginUpload', { postId, bytes: bytes.length, name: `file-${index}` });
      await t.call('media.uploadChunk', { uploadId, offset: 0, data: bytes.toString('base64') });
      await t.call('media.finishUpload', { uploadId });
    }
    return postId;
  }
  const schedule = (postId: string) => harness.app!.call('scheduling.schedule', { postId, when: { kind: 'at', date: '2026-12-01', time: '09:00' } });

  it('pictures and a video together are refused, and nothing leaves', async () => {
    const postId = await draftWith([await sidewaysJpeg(), movie(5)]);
    const { problems } = await harness.app!.call('scheduling.check', { postId });
    expect(problems).toEqual([{ platform: 'facebook', message: 'Facebook takes pictures or one video, not both in the same post.' }]);
    await expect(schedule(postId)).rejects.toThrow(/conflict/);
    harness.time.advance(2 * DAY_MS);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(facebook.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('a video shorter than Facebook takes (1 s) is refused, and nothing leaves', async () => {
    const postId = await draftWith([movie(0.5)]);
    const { problems } = await harness.app!.call('scheduling.check', { postId });
    expect(problems).toEqual([{ platform: 'facebook', attachmentId: expect.any(String), message: expect.stringMatching(/^On Facebook a video must be 1 s.* long; this one is 0\.5/) }]);
    await expect(schedule(postId)).rejects.toThrow(/conflict/);
    expect(facebook.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('one video on its own schedules', async () => {
    const postId = await draftWith([movie(5)]);
    expect((await harness.app!.call('scheduling.check', { postId })).problems).toEqual([]);
  });
});

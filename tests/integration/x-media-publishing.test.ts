import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readAllowance } from '../../electron/core/licence/allowance';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import { DAY_MS } from '../support/lease-signer';
import { png, sidewaysJpeg, sizedMovie } from '../support/media-fixtures';
import { LEASE, mediaPublishingHarness, type AttachedFile } from '../support/media-publishing-harness';
import { waitUntil } from '../support/publishing-fixture';

// Pictures and video on X through the real core: the engine builds the prepared media, the X
// adapter uploads it with the v2 chunked upload (each step in the target's journal), and the
// post names the ids — against the strict fake, over real HTTP, on simulated time.

const TOKEN = 'x-token';

const harness = mediaPublishingHarness({
  platform: 'x',
  token: TOKEN,
  fake: (clock) => new FakeXApi({ isValidToken: (token) => token === TOKEN, clock }),
  env: (fake) => ({ AGENCYIQ_PUBLISH_X_URL: fake.url, AGENCYIQ_PUBLISH_TIMEOUT_MS: '2000' }),
  dataPrefix: 'agencyiq-x-media-',
});
const { fake: x, row, settled, stepsOf, advanceUntil } = harness;
beforeEach(() => {
  x.requests.length = 0;
});

// A number per post, so each test's post is told apart at the fake.
let counter = 0;
/** Seeds a lease, the X connection and one post with `files` attached (alt text per file), then starts the app. */
const startWithMedia = (files: AttachedFile[]) => harness.startWithMedia(`New cakes in the window, batch ${++counter}`, files);

const requestsTo = (pattern: RegExp) => x.requests.filter((r) => pattern.test(r.path));
const tweetsWith = (text: string) => x.publishRequests().filter((r) => (JSON.parse(r.body) as { text?: string }).text === text);

describe('X with pictures and video', () => {
  it('two pictures with alt text: uploaded, named in media_ids, published once; the journal is cleared', async () => {
    const post = await startWithMedia([{ bytes: await sidewaysJpeg(), alt: 'A lemon tart on the counter' }, { bytes: await png(), alt: '' }]);
    await waitUntil(settled(post.targetId), 'published');
    expect(row(post.targetId)).toMatchObject({ state: 'published', error_kind: null });
    const published = x.posts.filter((p) => p.text === post.text);
    expect(published).toHaveLength(1);
    expect(row(post.targetId).platform_post_id).toBe(published[0]!.id);
    expect(row(post.targetId).platform_url).toBe(`https://x.com/i/web/status/${published[0]!.id}`);
    const [first, second] = published[0]!.mediaIds.map((id) => x.media.media.get(id)!);
    // What X received is the prepared picture (upright JPEG, from the cache in the data folder), byte for byte.
    const prepared = fs.readdirSync(path.join(harness.dataDir, 'media', 'prepared'));
    expect(prepared).toHaveLength(2);
    expect(first!.mediaType).toBe('image/jpeg');
    expect(first!.bytes!.equals(fs.readFileSync(path.join(harness.dataDir, 'media', 'prepared', prepared.find((f) => f.endsWith('.jpg'))!)))).toBe(true);
    expect(second!.mediaType).toBe('image/png');
    expect(first!.altText).toBe('A lemon tart on the counter');
    expect(second!.altText).toBeNull();
    expect(x.media.refusedPosts).toEqual([]);
    expect(stepsOf(post.targetId)).toEqual([]);
    expect(await readAllowance(harness.app!.core.database.db, LEASE, harness.time.now())).toMatchObject({ used: 1, reserved: 0 });
  });

  it('a 9 MB video: three segments, X processes it (STATUS polled on the Timers port), then one post; progress reaches the last byte', async () => {
    const movie = sizedMovie(9 * 1024 * 1024);
    const progress: Array<{ sentBytes: number; totalBytes: number }> = [];
    const post = await startWithMedia([{ bytes: movie }]);
    const stop = harness.app!.core.events.subscribe((event) => {
      if (event.event === 'publishing.upload-progress') progress.push(event.payload as { sentBytes: number; totalBytes: number });
    });
    await advanceUntil(settled(post.targetId), 'published after processing', 500);
    stop();
    expect(row(post.targetId).state).toBe('published');
    const mediaId = x.posts.find((p) => p.text === post.text)!.mediaIds[0]!;
    expect(x.media.media.get(mediaId)!.bytes!.equals(movie)).toBe(true);
    expect(requestsTo(/\/append$/).map((r) => r.answer)).toEqual([{ status: 200 }, { status: 200 }, { status: 200 }]);
    expect(requestsTo(/^\/2\/media\/upload$/).length).toBeGreaterThanOrEqual(1);
    expect(x.media.refusedPosts).toEqual([]);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toMatchObject({ sentBytes: movie.length, totalBytes: movie.length, targetId: post.targetId });
    expect(progress.every((p, i) => i === 0 || p.sentBytes >= progress[i - 1]!.sentBytes)).toBe(true);
  });

  it('an upload that gets no answer is transient; after a restart the upload carries on from the recorded segment: no second initialize, one post', async () => {
    x.hangNext({ route: 'x.append', after: 1 });
    const movie = sizedMovie(9 * 1024 * 1024);
    const post = await startWithMedia([{ bytes: movie }]);
    await waitUntil(() => row(post.targetId).state === 'scheduled' && x.pendingFaults === 0 && stepsOf(post.targetId).length === 1, 'the lost append');
    expect(row(post.targetId).error_kind).toBe('transient');
    expect(x.posts.filter((p) => p.text === post.text)).toHaveLength(0);

    await harness.app!.core.close();
    await harness.open();
    await advanceUntil(settled(post.targetId), 'published after the restart', 5_000);
    expect(row(post.targetId).state).toBe('published');
    expect(requestsTo(/\/initialize$/)).toHaveLength(1);
    // Segment 0 once; segment 1 twice (the unanswered one, then again); segment 2 once.
    const segments = requestsTo(/\/append$/).map((r) => /name="segment_index"\r\n\r\n(\d+)/.exec(r.body)![1]);
    expect(segments).toEqual(['0', '1', '1', '2']);
    expect(tweetsWith(post.text)).toHaveLength(1);
    expect(x.media.media.get(x.posts.find((p) => p.text === post.text)!.mediaIds[0]!)!.bytes!.equals(movie)).toBe(true);
  });

  it('the app is killed mid-upload (database closed under the send): the next start carries on from the journal, not needs_check', async () => {
    x.hangNext({ route: 'x.append', after: 1 });
    const movie = sizedMovie(9 * 1024 * 1024);
    const post = await startWithMedia([{ bytes: movie }]);
    await waitUntil(() => requestsTo(/\/append$/).some((r) => 'held' in r.answer), 'segment 1 on its way');
    // What a kill leaves: the target claimed (`publishing`), its steps so far, and no leaving mark.
    const killed = harness.app!;
    harness.app = null;
    killed.core.closeNow();
    await harness.open();
    await advanceUntil(settled(post.targetId), 'published after the restart', 5_000);
    expect(row(post.targetId).state).toBe('published');
    expect(requestsTo(/\/initialize$/)).toHaveLength(1);
    expect(tweetsWith(post.text)).toHaveLength(1);
    expect(x.media.media.get(x.posts.find((p) => p.text === post.text)!.mediaIds[0]!)!.bytes!.equals(movie)).toBe(true);
  });

  it('X refuses the video while processing: failed with X words, no post is sent', async () => {
    x.media.failNextProcessing('Video codec not supported');
    const post = await startWithMedia([{ bytes: sizedMovie(1024) }]);
    await advanceUntil(settled(post.targetId), 'failed', 500);
    expect(row(post.targetId)).toMatchObject({ state: 'failed', error_kind: 'invalid' });
    expect(row(post.targetId).last_error).toContain('Video codec not supported');
    expect(tweetsWith(post.text)).toHaveLength(0);
    expect(await readAllowance(harness.app!.core.database.db, LEASE, harness.time.now())).toMatchObject({ used: 0, reserved: 0 });
  });

  it('the post itself gets no answer after the uploads: needs_check, never sent again (the media are not uploaded again either)', async () => {
    x.hangNext({ created: true });
    const post = await startWithMedia([{ bytes: await sidewaysJpeg() }]);
    await waitUntil(settled(post.targetId), 'the lost answer');
    expect(row(post.targetId)).toMatchObject({ state: 'needs_check', error_kind: 'unknown' });
    harness.time.advance(DAY_MS);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tweetsWith(post.text)).toHaveLength(1);
    expect(requestsTo(/\/initialize$/)).toHaveLength(1);
  });

  it('a media id that was never finalized is refused by X (the fake counts it), and the app never sends one', async () => {
    const init = await fetch(`${x.url}/2/media/upload/initialize`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ media_type: 'image/jpeg', total_bytes: 10, media_category: 'tweet_image' }),
    });
    const { data: created } = (await init.json()) as { data: { id: string } };
    const tweet = await fetch(`${x.url}/2/tweets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'early', media: { media_ids: [created.id] } }),
    });
    expect(tweet.status).toBe(400);
    expect(x.media.refusedPosts.at(-1)).toContain('has not been finalized');
    x.media.refusedPosts.length = 0;
  });
});

import { describe, expect, it } from 'vitest';
import type { FakeXMediaEndpoint } from '../fakes/platforms/fake-x-media';
import { T0, type StartedPost } from '../support/media-publishing-harness';
import { sizedMovie } from '../support/media-fixtures';
import { waitUntil } from '../support/publishing-fixture';
import { xLimitsHarness } from '../support/x-limits-harness';

// X limits its media endpoints (initialize, append, finalize, STATUS, metadata) in windows of
// their own, apart from POST /2/tweets. A media endpoint's limit holds back only the targets that
// still need it: the account's text posts keep going. A limit on POST /2/tweets still holds the
// whole connection. Through the real core and X adapter against the strict fake, whose windows
// answer 429 past each limit.

const WINDOW_MS = 15 * 60 * 1000;
const harness = xLimitsHarness({ dataPrefix: 'agencyiq-x-media-holds-' });
const { row, advanceUntil, requests, answers, published } = harness;
let counter = 0;

/** Starts this test's fake X with its media endpoints' limits (and POST /2/tweets' per window). */
const fakeX = (mediaLimits: Partial<Record<FakeXMediaEndpoint, number>>, limitPerWindow?: number) =>
  harness.fakeX({ mediaLimits, ...(limitPerWindow ? { limitPerWindow } : {}) });

/**
 * Seeds posts on X due at their `dueAt`, each with a video attached when `video` is given (the
 * lease and connection the first time in a test). Due order is by time: the earlier post goes first.
 */
const seedPosts = <const P extends ReadonlyArray<{ dueAt: number; video?: Buffer }>>(posts: P) =>
  harness.seedPosts(
    posts.map(({ dueAt, video }) => ({ text: `${video ? 'Fresh bread video' : 'Open till 6 today'}, number ${++counter}`, dueAt, files: video ? [{ bytes: video }] : [] })),
  ) as Promise<{ [K in keyof P]: StartedPost }>;

const attempts = (targetId: string) =>
  (harness.app!.core.database.sqlite.prepare('SELECT outcome FROM publish_attempts WHERE target_id = ? ORDER BY id').all(targetId) as Array<{ outcome: string }>).map((a) => a.outcome);
const MEDIA = /^\/2\/media\//;

/** What a target waiting for X's limit shows the owner: the same wording whichever X window it was. */
const WAITING_FOR_X = /^X asked AgencyIQ to slow down; it will try again at the time X gave\./;

describe("a limit of X's media endpoints holds only the posts that upload media", () => {
  it('a spent APPEND window: the text post goes at once, the video posts wait for the reset without a request, then each is published once', async () => {
    await fakeX({ append: 2 });
    // The first video needs three segments; the second needs one, and finds the window spent.
    const [video, second, text] = await seedPosts([{ dueAt: T0 - 2_000, video: sizedMovie(9 * 1024 * 1024) }, { dueAt: T0 - 1_000, video: sizedMovie(64 * 1024) }, { dueAt: T0 }]);
    await harness.open();

    await waitUntil(() => row(text.targetId).state === 'published', 'the text post');
    const resetAt = Math.ceil((requests(/\/append$/)[0]!.at + WINDOW_MS) / 1000) * 1000;
    expect(harness.time.now()).toBe(T0);
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
    expect(harness.x.media.refusedPosts).toEqual([]);
  });

  it("a 429 from FINALIZE: the text post goes at once, the video post waits until X's reset and is then published once", async () => {
    // FINALIZE allows one request per window: a first video spends it; after a restart the app no
    // longer knows that window, so the next video's FINALIZE meets X's 429.
    await fakeX({ finalize: 1 });
    const [earlier] = await seedPosts([{ dueAt: T0, video: sizedMovie(64 * 1024) }]);
    await harness.open();
    await advanceUntil(() => row(earlier.targetId).state === 'published', 'the first video', 500);
    await harness.app!.core.close();
    harness.app = null;

    const [video, text] = await seedPosts([{ dueAt: harness.time.now() - 1_000, video: sizedMovie(64 * 1024) }, { dueAt: harness.time.now() }]);
    const tweetsBefore = answers(/^\/2\/tweets$/).length;
    await harness.open();
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
    const [first, video, second, third] = await seedPosts([{ dueAt: T0 - 3_000 }, { dueAt: T0 - 2_000, video: sizedMovie(64 * 1024) }, { dueAt: T0 - 1_000 }, { dueAt: T0 }]);
    await harness.open();
    await waitUntil(() => row(second.targetId).state === 'published' && (row(third.targetId).next_attempt_at ?? 0) > T0, 'the third text post held');
    const resetAt = Math.ceil((requests(/^\/2\/tweets$/)[0]!.at + WINDOW_MS) / 1000) * 1000;
    expect(answers(/\/initialize$/)).toEqual([429]);
    expect(row(video.targetId)).toMatchObject({ state: 'scheduled', error_kind: 'rate_limited' });
    // The first answer said one request was left: one more text post went, the third waits for the reset unsent.
    expect(answers(/^\/2\/tweets$/)).toEqual([201, 201]);
    expect([first, second].map((post) => row(post.targetId).state)).toEqual(['published', 'published']);
    expect(row(third.targetId)).toMatchObject({ state: 'scheduled', next_attempt_at: resetAt });
    expect(harness.x.posts.map((p) => p.text)).not.toContain(third.text);
  });

  it('a 429 on POST /2/tweets still holds the whole connection: the video post uploads nothing before the reset', async () => {
    await fakeX({});
    const resetAt = Math.ceil((T0 + 10 * 60_000) / 1000) * 1000;
    harness.x.rateLimitNext(resetAt);
    const [text, video] = await seedPosts([{ dueAt: T0 - 1_000 }, { dueAt: T0, video: sizedMovie(64 * 1024) }]);
    await harness.open();

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

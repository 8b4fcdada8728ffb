import { describe, expect, it } from 'vitest';
import type { FakeXMediaEndpoint } from '../fakes/platforms/fake-x-media';
import { T0 } from '../support/media-publishing-harness';
import { sizedMovie } from '../support/media-fixtures';
import { waitUntil } from '../support/publishing-fixture';
import { xLimitsHarness } from '../support/x-limits-harness';

// X rate-limits each media endpoint (initialize, append, finalize, STATUS) in its own 15-minute
// window and says so in `x-rate-limit-*` headers, as for POST /2/tweets. Through the real core
// and X adapter against the fake, which enforces each endpoint's window: after `remaining: 0`
// nothing more goes to that endpoint before its reset, a 429 waits for the reset, and the retry
// carries on from the recorded media steps.

const WINDOW_MS = 15 * 60 * 1000;
const harness = xLimitsHarness({ dataPrefix: 'agencyiq-x-media-windows-' });
const { row, advanceUntil, answers } = harness;
const media = harness.requests;
let counter = 0;

/** Starts this test's fake X with its media endpoints' limits. */
const fakeX = (mediaLimits: Partial<Record<FakeXMediaEndpoint, number>>) => harness.fakeX({ mediaLimits });

/** Seeds one post due now with `bytes` attached (the lease and connection the first time in a test). */
async function seedPost(bytes: Buffer): Promise<{ text: string; targetId: string }> {
  const [post] = await harness.seedPosts([{ text: `Fresh bread video, batch ${++counter}`, dueAt: harness.time.now(), files: [{ bytes }] }]);
  return post!;
}

const segmentsSent = () => media(/\/append$/).map((r) => /name="segment_index"\r\n\r\n(\d+)/.exec(r.body)?.[1]);

describe("X's media upload windows", () => {
  it('after remaining 0 on APPEND nothing more is appended before the reset; the target waits for it and goes on from its next segment', async () => {
    await fakeX({ append: 2 });
    const movie = sizedMovie(9 * 1024 * 1024); // three 4 MiB segments
    const post = await seedPost(movie);
    await harness.open();
    await waitUntil(() => row(post.targetId).error_kind === 'rate_limited', 'the media window');
    const resetAt = Math.ceil((T0 + WINDOW_MS) / 1000) * 1000;
    // The second APPEND's answer said remaining 0: the third segment was not sent (no 429 spent).
    expect(answers(/\/append$/)).toEqual([200, 200]);
    expect(row(post.targetId)).toMatchObject({ state: 'scheduled', next_attempt_at: resetAt });

    await advanceUntil(() => row(post.targetId).state === 'published', 'published after the reset', 30_000);
    expect(harness.x.posts.filter((p) => p.text === post.text)).toHaveLength(1);
    // One upload: initialized once, each segment appended once, the last one after the reset.
    expect(answers(/\/initialize$/)).toEqual([200]);
    expect(segmentsSent()).toEqual(['0', '1', '2']);
    expect(media(/\/append$/)[2]!.at).toBeGreaterThanOrEqual(resetAt);
    expect(answers(/\/(initialize|append|finalize)$|^\/2\/media\/upload$/)).not.toContain(429);
    expect(harness.x.media.refusedPosts).toEqual([]);
  });

  it('a 429 from a media endpoint is rate limited until its reset, then the upload carries on from its recorded steps', async () => {
    // FINALIZE allows one request per window: a first post spends it; after a restart the app
    // no longer knows the window, so the second post's FINALIZE meets X's 429.
    await fakeX({ finalize: 1 });
    const first = await seedPost(sizedMovie(1024 * 1024));
    await harness.open();
    await advanceUntil(() => row(first.targetId).state === 'published', 'the first post', 500);
    await harness.app!.core.close();
    harness.app = null;

    const second = await seedPost(sizedMovie(1024 * 1024));
    await harness.open();
    await waitUntil(() => row(second.targetId).error_kind === 'rate_limited', 'the 429');
    // The fake's FINALIZE window opened with the first post's FINALIZE.
    const resetAt = Math.ceil((media(/\/finalize$/)[0]!.at + WINDOW_MS) / 1000) * 1000;
    expect(answers(/\/finalize$/)).toEqual([200, 429]);
    expect(row(second.targetId)).toMatchObject({ state: 'scheduled', next_attempt_at: resetAt });

    await advanceUntil(() => row(second.targetId).state === 'published', 'published after the reset', 30_000);
    expect(harness.x.posts.filter((p) => p.text === second.text)).toHaveLength(1);
    // The retry went on from the recorded steps: no second INITIALIZE or APPEND for it.
    expect(answers(/\/initialize$/)).toEqual([200, 200]);
    expect(answers(/\/append$/)).toEqual([200, 200]);
    expect(answers(/\/finalize$/)).toEqual([200, 429, 200]);
    expect(media(/\/finalize$/)[2]!.at).toBeGreaterThanOrEqual(resetAt);
  });
});

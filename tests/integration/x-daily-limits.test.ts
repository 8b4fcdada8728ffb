import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../support/lease-signer';
import { T0 } from '../support/media-publishing-harness';
import { waitUntil } from '../support/publishing-fixture';
import { X_TOKEN, xLimitsHarness } from '../support/x-limits-harness';

// X limits POST /2/tweets per 24 hours too (per account, per app), besides its 15-minute window,
// and says so on every answer (`x-user-limit-24hour-*`, `x-app-limit-24hour-*`). Once a day's
// limit is spent, nothing more goes out on the connection before that day's reset: each request
// would be a paid 429. Through the real core and X adapter against the strict fake.

const HALF_HOUR = 30 * 60 * 1000;
const harness = xLimitsHarness({ dataPrefix: 'agencyiq-x-daily-limits-', advanceStepMs: 30_000 });
const { row, advanceUntil, published } = harness;

/** Seeds text posts on X due at their times, then opens the core that publishes them. */
async function openWithPosts(dueAts: number[]): Promise<Array<{ text: string; targetId: string }>> {
  const seeded = await harness.seedPosts(dueAts.map((dueAt, i) => ({ text: `Open till 6 today, number ${i + 1}`, dueAt })));
  await harness.open();
  return seeded;
}

const tweets = () => harness.requests(/^\/2\/tweets$/);
const answers = () => harness.answers(/^\/2\/tweets$/);
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Moves simulated time on in half hours up to just before `until`, letting the engine run at each step. */
async function advanceToJustBefore(until: number): Promise<void> {
  while (harness.time.now() + HALF_HOUR < until) {
    harness.time.advance(HALF_HOUR);
    await settle();
  }
  await settle();
}

describe("X's 24-hour posting limits", () => {
  it("a 429 naming the account's spent day: no request before the day's reset (not every 15 minutes), then each post is published once", async () => {
    await harness.fakeX();
    // The owner spent today's posts from another app; X's day for the account resets in 20 hours.
    const dayReset = T0 + 20 * 60 * 60 * 1000;
    harness.x.spendUserDay(X_TOKEN, dayReset);
    const [first, later] = await openWithPosts([T0 - 1_000, T0 + 60 * 60 * 1000]);

    await waitUntil(() => row(first!.targetId).error_kind === 'rate_limited', 'the 429');
    expect(answers()).toEqual([429]);
    expect(row(first!.targetId)).toMatchObject({ state: 'scheduled', next_attempt_at: dayReset });
    // The owner reads that X's daily limit for the account is reached, and when the app tries again.
    expect(row(first!.targetId).last_error).toMatch(/^X asked AgencyIQ to slow down; it will try again at the time X gave\. \(X's daily posting limit for this account was reached; the app tries again at 2026-11-26T20:00:00\.000Z\.\)$/);

    // Past many 15-minute resets, and past the later post's own time: nothing reaches X.
    await advanceToJustBefore(dayReset);
    expect(answers()).toEqual([429]);
    expect([first, later].map((post) => row(post!.targetId).state)).toEqual(['scheduled', 'scheduled']);

    await advanceUntil(() => row(first!.targetId).state === 'published' && row(later!.targetId).state === 'published', 'both after the day resets');
    expect(answers()).toEqual([429, 201, 201]);
    for (const request of tweets().slice(1)) expect(request.at).toBeGreaterThanOrEqual(dayReset);
    expect(published(first!.text)).toHaveLength(1);
    expect(published(later!.text)).toHaveLength(1);
  });

  it("a 201 saying the account's day has nothing left holds the next post until the day's reset, without a 429", async () => {
    await harness.fakeX({ dailyLimitPerUser: 1 });
    const [first, next] = await openWithPosts([T0 - 1_000, T0]);

    await waitUntil(() => row(first!.targetId).state === 'published', 'the first post');
    const dayReset = Math.ceil((tweets()[0]!.at + DAY_MS) / 1000) * 1000;
    // Its 15-minute window has 99 left: only the day's `remaining: 0` says the next would be refused.

    await advanceToJustBefore(dayReset);
    expect(answers()).toEqual([201]);
    expect(row(next!.targetId).state).toBe('scheduled');

    await advanceUntil(() => row(next!.targetId).state === 'published', 'the next post after the day resets');
    expect(answers()).toEqual([201, 201]);
    expect(tweets()[1]!.at).toBeGreaterThanOrEqual(dayReset);
    expect(published(next!.text)).toHaveLength(1);
  });
});

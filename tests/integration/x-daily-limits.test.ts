import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeXApi, type FakeXApiOptions } from '../fakes/platforms/fake-x-api';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS } from '../support/lease-signer';
import { seedConnection, seedLease, seedScheduledPost, SimulatedTime, waitUntil } from '../support/publishing-fixture';

// X limits POST /2/tweets per 24 hours too (per account, per app), besides its 15-minute window,
// and says so on every answer (`x-user-limit-24hour-*`, `x-app-limit-24hour-*`). Once a day's
// limit is spent, nothing more goes out on the connection before that day's reset: each request
// would be a paid 429. Through the real core and X adapter against the strict fake.

const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
const HALF_HOUR = 30 * 60 * 1000;
const signer = createLeaseSigner();
const TOKEN = 'x-token';
const LEASE = { postsPerCycle: 27, ...billingPeriod(T0 - 5 * DAY_MS) };

let time: SimulatedTime;
let x: FakeXApi | null;
let data: { dir: string; remove: () => void };
let t: TestCore | null;

beforeEach(() => {
  time = new SimulatedTime(T0);
  data = tempDataDir('agencyiq-x-daily-limits-');
  t = null;
  x = null;
});
afterEach(async () => {
  await t?.core.close();
  await x?.stop();
  data.remove();
});

async function fakeX(options: Partial<FakeXApiOptions> = {}): Promise<FakeXApi> {
  x = await new FakeXApi({ isValidToken: (token) => token === TOKEN, clock: { now: () => time.now() }, ...options }).start();
  return x;
}

const env = () => ({ AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw, AGENCYIQ_PUBLISH_X_URL: x!.url, AGENCYIQ_PUBLISH_TIMEOUT_MS: '2000' });

/** Seeds the lease, the X connection and text posts on X due at their times, then opens the core that publishes them. */
async function openWithPosts(dueAts: number[]): Promise<Array<{ text: string; targetId: string }>> {
  const seeding = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true, platformAdapters: {} });
  await seedLease(seeding.core.database.sqlite, signer, T0, LEASE);
  const connectionId = await seedConnection(seeding.core.connections.store, 'x', { accessToken: TOKEN });
  const seeded = dueAts.map((scheduledAt, i) => {
    const text = `Open till 6 today, number ${i + 1}`;
    const post = seedScheduledPost(seeding.core.database.sqlite, { body: text, scheduledAt, targets: [{ platform: 'x', connectionId }] });
    return { text, targetId: post.targets.x! };
  });
  await seeding.core.close();
  t = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true });
  return seeded;
}

const row = (targetId: string) =>
  t!.core.database.sqlite.prepare('SELECT state, error_kind, last_error, next_attempt_at FROM post_targets WHERE id = ?').get(targetId) as {
    state: string;
    error_kind: string | null;
    last_error: string | null;
    next_attempt_at: number | null;
  };
const tweets = () => x!.requests.filter((r) => r.path === '/2/tweets');
const answers = () => tweets().map((r) => ('status' in r.answer ? r.answer.status : 0));
const published = (text: string) => x!.posts.filter((p) => p.text === text);
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Moves simulated time on in half hours up to just before `until`, letting the engine run at each step. */
async function advanceToJustBefore(until: number): Promise<void> {
  while (time.now() + HALF_HOUR < until) {
    time.advance(HALF_HOUR);
    await settle();
  }
  await settle();
}

/** Moves simulated time on in small steps until `done`. */
async function advanceUntil(done: () => boolean, what: string, stepMs = 30_000, steps = 400): Promise<void> {
  for (let i = 0; i < steps && !done(); i++) {
    time.advance(stepMs);
    await settle();
  }
  await waitUntil(done, what);
}

describe("X's 24-hour posting limits", () => {
  it("a 429 naming the account's spent day: no request before the day's reset (not every 15 minutes), then each post is published once", async () => {
    await fakeX();
    // The owner spent today's posts from another app; X's day for the account resets in 20 hours.
    const dayReset = T0 + 20 * 60 * 60 * 1000;
    x!.spendUserDay(TOKEN, dayReset);
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
    await fakeX({ dailyLimitPerUser: 1 });
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

import { GRAPH_API } from '@shared/platforms/api-versions';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readAllowance } from '../../electron/core/licence/allowance';
import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import type { FakePublishServer } from '../fakes/platforms/fake-publish-server';
import { FakeLinkedInPosts } from '../fakes/platforms/fake-linkedin-posts';
import { readLittleText } from '../fakes/platforms/little-text-reader';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS } from '../support/lease-signer';
import { refusedBaseUrl } from '../support/publish-test-helpers';
import { ACCOUNT_IDS, seedConnection, seedLease, seedScheduledPost, SimulatedTime, waitUntil } from '../support/publishing-fixture';

// Every error class on every platform, through the whole stack: the real core and engine, the
// real adapters over real HTTP, the strict fakes answering as the platforms document, on
// simulated time. What the owner relies on: each class ends in the right state with the right
// words, nothing that may exist is sent twice, and one target's trouble leaves the others alone.

type Publisher = 'facebook' | 'linkedin' | 'x';
const PUBLISHERS: readonly Publisher[] = ['facebook', 'linkedin', 'x'];
const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
const signer = createLeaseSigner();
const LEASE = { postsPerCycle: 27, ...billingPeriod(T0 - 5 * DAY_MS) };
const TOKENS: Record<Publisher, string> = { facebook: 'fb-page-token', linkedin: 'li-token', x: 'x-token' };
const REVOKED: Record<Publisher, string> = { facebook: 'fb-revoked', linkedin: 'li-revoked', x: 'x-revoked' };

let time: SimulatedTime;
let fakes: { facebook: FakeFacebookGraph; linkedin: FakeLinkedInPosts; x: FakeXApi };
let data: { dir: string; remove: () => void };
let t: TestCore | null;
let counter = 0;

beforeAll(async () => {
  const clock = { now: () => time.now() };
  const isValidToken = (token: string) => Object.values(TOKENS).includes(token) || Object.values(REVOKED).includes(token);
  fakes = {
    facebook: await new FakeFacebookGraph({ isValidToken, clock }).start(),
    linkedin: await new FakeLinkedInPosts({ isValidToken, clock }).start(),
    x: await new FakeXApi({ isValidToken, clock }).start(),
  };
  for (const platform of PUBLISHERS) fakes[platform].revoke(REVOKED[platform]);
});
afterAll(async () => {
  await Promise.all(PUBLISHERS.map((platform) => fakes[platform].stop()));
});
beforeEach(() => {
  time = new SimulatedTime(T0);
  data = tempDataDir('agencyiq-publish-matrix-');
  t = null;
});
afterEach(async () => {
  for (const platform of PUBLISHERS) expect(fakes[platform].pendingFaults, `${platform} faults left unused`).toBe(0);
  await t?.core.close();
  data.remove();
});

/** What differs per platform: how to read what its fake received, and its documented words. */
const KITS: Record<Publisher, { textOf(body: string): string | undefined; tooLong: string; invalidWords: RegExp; duplicateWords: RegExp; rateLimit(): number }> = {
  facebook: {
    textOf: (body) => new URLSearchParams(body).get('message') ?? undefined,
    tooLong: 'x'.repeat(63_207),
    invalidWords: /\(#100\) The message is too long/,
    duplicateWords: /This status update is identical to the last one you posted/,
    rateLimit: () => (fakes.facebook.rateLimitNext(17, ACCOUNT_IDS.facebook), T0 + 17 * 60_000),
  },
  linkedin: {
    textOf: (body) => readLittleText((JSON.parse(body) as { commentary?: string }).commentary ?? ''),
    tooLong: 'y'.repeat(3_001),
    invalidWords: /length of commentary exceeds the maximum of 3000/,
    duplicateWords: /Content is a duplicate of urn:li:share:\d+/,
    rateLimit: () => (fakes.linkedin.rateLimitNext(120), T0 + 120_000),
  },
  x: {
    textOf: (body) => (JSON.parse(body) as { text?: string }).text,
    tooLong: `${'z'.repeat(258)} https://paddington-sourdough.example.com/menu`, // 258 + 1 + 23 = 282 weighted
    invalidWords: /Your Tweet text is too long/,
    duplicateWords: /You are not allowed to create a Tweet with duplicate content\./,
    rateLimit: () => (fakes.x.rateLimitNext(T0 + 10 * 60_000), T0 + 10 * 60_000),
  },
};

const env = (overrides: Record<string, string> = {}) => ({
  AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw,
  AGENCYIQ_PUBLISH_FACEBOOK_URL: fakes.facebook.graphUrl,
  AGENCYIQ_PUBLISH_LINKEDIN_URL: fakes.linkedin.url,
  AGENCYIQ_PUBLISH_X_URL: fakes.x.url,
  AGENCYIQ_PUBLISH_TIMEOUT_MS: '400',
  ...overrides,
});

interface SeedPost {
  text?: string;
  at?: number;
  platforms: readonly Publisher[];
}

/**
 * Seeds the lease, one connection per platform (with `tokens`), and the posts, as scheduling
 * leaves them; then starts the app as the owner would. Returns each post's text and target ids.
 */
async function start(posts: readonly SeedPost[], options: { tokens?: Partial<Record<Publisher, string>>; env?: Record<string, string> } = {}) {
  const seeding = await openTestCore(data.dir, { clock: time, timers: time, env: env(options.env), allowDevOverrides: true, platformAdapters: {} });
  await seedLease(seeding.core.database.sqlite, signer, T0, LEASE);
  const connections: Partial<Record<Publisher, string>> = {};
  const used = new Set(posts.flatMap((post) => post.platforms));
  for (const platform of used) {
    connections[platform] = await seedConnection(seeding.core.connections.store, platform, { accessToken: options.tokens?.[platform] ?? TOKENS[platform] });
  }
  const seeded = posts.map((post) => {
    const text = post.text ?? `Fresh loaves at 7am, batch ${++counter}`;
    const { targets, postId } = seedScheduledPost(seeding.core.database.sqlite, {
      body: text,
      scheduledAt: post.at ?? T0,
      targets: post.platforms.map((platform) => ({ platform, connectionId: connections[platform]! })),
    });
    return { text, postId, targets: targets as Partial<Record<Publisher, string>> };
  });
  await seeding.core.close();
  t = await openTestCore(data.dir, { clock: time, timers: time, env: env(options.env), allowDevOverrides: true });
  return { posts: seeded, connections };
}

interface TargetRow {
  state: string;
  error_kind: string | null;
  last_error: string | null;
  platform_post_id: string | null;
  platform_url: string | null;
  next_attempt_at: number | null;
}
const row = (id: string) =>
  t!.core.database.sqlite
    .prepare('SELECT state, error_kind, last_error, platform_post_id, platform_url, next_attempt_at FROM post_targets WHERE id = ?')
    .get(id) as TargetRow;
const FINAL = ['published', 'failed', 'needs_check', 'needs_reconnect'];
const settled = (...ids: string[]) => () => ids.every((id) => FINAL.includes(row(id).state));
/** Publish requests the platform's fake received carrying `text`. */
const sent = (platform: Publisher, text: string) => fakes[platform].publishRequests().filter((r) => KITS[platform].textOf(r.body) === text).length;
const attempts = async (targetId: string) => (await t!.call('publishing.attempts', { targetId })).attempts;
const usage = () => readAllowance(t!.core.database.db, LEASE, time.now());
const realPause = (ms = 60) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Moves simulated time from timer to timer (backoffs, rate limits) until `done`, or fails. Time
 * moves only while the engine is quiet (nothing sending, its timer re-armed and unchanged for a
 * moment), as it would in real time: jumping while a send is being recorded would skip its retry.
 */
async function driveUntil(done: () => boolean, what: string, limitMs = 2 * 60 * 60_000): Promise<void> {
  const deadline = time.now() + limitMs;
  for (let step = 0; step < 400; step++) {
    if (done()) return;
    const next = time.nextTimerAt();
    await realPause(20);
    if (done()) return;
    if (t!.core.publishing.isPublishing() || time.nextTimerAt() !== next) continue;
    if (next !== null && next > time.now() && next <= deadline) time.advance(next - time.now());
  }
  throw new Error(`Simulated time ran out waiting for ${what}`);
}

describe.each(PUBLISHERS)('%s through the engine', (platform) => {
  const kit = KITS[platform];
  const fake = (): FakePublishServer => fakes[platform];

  it('publishes: the platform id and link are stored, the post charged once', async () => {
    const { posts } = await start([{ platforms: [platform] }]);
    const target = posts[0]!.targets[platform]!;
    await waitUntil(settled(target), 'published');
    const stored = row(target);
    expect(stored).toMatchObject({ state: 'published', error_kind: null });
    expect(stored.platform_post_id).toBeTruthy();
    expect(stored.platform_url).toMatch(/^https:\/\/(www\.facebook\.com|www\.linkedin\.com\/feed\/update|x\.com\/i\/web\/status)\//);
    expect(stored.platform_url).toContain(stored.platform_post_id);
    expect(sent(platform, posts[0]!.text)).toBe(1);
    expect(fake().publishRequests().at(-1)!.bearer).toBe(TOKENS[platform]);
    expect(await usage()).toMatchObject({ used: 1, reserved: 0 });
  });

  it('auth: a revoked token makes this target needs_reconnect (no refresh token to renew with), the other platforms publish', async () => {
    const { posts, connections } = await start([{ platforms: PUBLISHERS }], { tokens: { [platform]: REVOKED[platform] } });
    const post = posts[0]!;
    await waitUntil(settled(...Object.values(post.targets)), 'all three settled');
    expect(row(post.targets[platform]!)).toMatchObject({ state: 'needs_reconnect', error_kind: 'auth' });
    for (const other of PUBLISHERS.filter((p) => p !== platform)) expect(row(post.targets[other]!).state).toBe('published');
    expect(sent(platform, post.text)).toBe(1);
    expect((await t!.core.connections.store.get(connections[platform]!))?.state).toBe('needs_reconnect');
    expect(await usage()).toMatchObject({ used: 1, reserved: 0 });
  });

  it('rate limited: nothing is sent again before the time the platform gave, then the post goes out', async () => {
    const retryAt = kit.rateLimit();
    const { posts } = await start([{ platforms: [platform] }]);
    const { text, targets } = posts[0]!;
    const target = targets[platform]!;
    await waitUntil(() => row(target).error_kind === 'rate_limited', 'the rate limit');
    expect(row(target)).toMatchObject({ state: 'scheduled', next_attempt_at: retryAt });
    time.advance(retryAt - time.now() - 1_000);
    await realPause();
    expect(sent(platform, text)).toBe(1);
    time.advance(1_000);
    await waitUntil(settled(target), 'published after the wait');
    expect(row(target).state).toBe('published');
    expect(sent(platform, text)).toBe(2);
    const log = await attempts(target);
    expect(log.map((a) => a.outcome)).toEqual(['rate_limited', 'published']);
    expect(log[1]!.startedAt).toBeGreaterThanOrEqual(retryAt);
  });

  it('duplicate: the same text scheduled twice, the second fails with the platform\'s own words and is not retried', async () => {
    const text = `Same words twice, batch ${++counter}`;
    const { posts } = await start([
      { text, platforms: [platform] },
      { text, at: T0 + 60_000, platforms: [platform] },
    ]);
    const [first, second] = [posts[0]!.targets[platform]!, posts[1]!.targets[platform]!];
    await waitUntil(settled(first), 'the first published');
    await driveUntil(settled(second), 'the second refused');
    expect(row(first).state).toBe('published');
    expect(row(second)).toMatchObject({ state: 'failed', error_kind: 'duplicate' });
    expect(row(second).last_error).toMatch(kit.duplicateWords);
    time.advance(DAY_MS);
    await realPause();
    expect(sent(platform, text)).toBe(2);
    expect(await usage()).toMatchObject({ used: 1, reserved: 0 });
  });

  it('invalid: text the platform refuses fails with its words, is sent once, and charges nothing', async () => {
    const { posts } = await start([{ text: kit.tooLong, platforms: [platform] }]);
    const target = posts[0]!.targets[platform]!;
    await waitUntil(settled(target), 'refused');
    expect(row(target)).toMatchObject({ state: 'failed', error_kind: 'invalid' });
    expect(row(target).last_error).toMatch(kit.invalidWords);
    time.advance(DAY_MS);
    await realPause();
    expect(sent(platform, kit.tooLong)).toBe(1);
    expect(await usage()).toMatchObject({ used: 0, reserved: 0 });
  });

  it('transient 5xx: retried after a backoff and published once', async () => {
    fake().failNext({ status: 503 });
    const { posts } = await start([{ platforms: [platform] }]);
    const { text, targets } = posts[0]!;
    const target = targets[platform]!;
    await waitUntil(() => row(target).error_kind === 'transient', 'the 503');
    expect(row(target).state).toBe('scheduled');
    await driveUntil(settled(target), 'the retry');
    expect(row(target).state).toBe('published');
    expect(sent(platform, text)).toBe(2);
    expect((await attempts(target)).map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['retry', 503],
      ['published', platform === 'facebook' ? 200 : 201],
    ]);
  });

  it('transient refused connection: retried a bounded number of times, then failed saying nothing was posted', async () => {
    const key = `AGENCYIQ_PUBLISH_${platform.toUpperCase()}_URL`;
    const refused = await refusedBaseUrl();
    const { posts } = await start([{ platforms: PUBLISHERS }], { env: { [key]: platform === 'facebook' ? `${refused}/${GRAPH_API.version}` : refused } });
    const post = posts[0]!;
    const target = post.targets[platform]!;
    await driveUntil(settled(...Object.values(post.targets)), 'the retries to run out');
    expect(row(target)).toMatchObject({ state: 'failed', error_kind: 'transient' });
    expect(row(target).last_error).toMatch(/Nothing was posted/);
    const log = await attempts(target);
    expect(log.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['retry', null],
      ['retry', null],
      ['retry', null],
      ['failed', null],
    ]);
    // Backoff: each retry waited longer than the one before.
    const gaps = log.slice(1).map((a, i) => a.startedAt - log[i]!.startedAt);
    expect(gaps.every((gap, i) => gap > 0 && (i === 0 || gap > gaps[i - 1]! / 2))).toBe(true);
    for (const other of PUBLISHERS.filter((p) => p !== platform)) expect(row(post.targets[other]!).state).toBe('published');
  });

  it('unknown: a hang past the timeout, a reset after sending and a 2xx without an id all wait as needs_check and are never re-sent', async () => {
    fake().hangNext({ created: true });
    fake().resetNext({ created: true });
    fake().failNext({ status: platform === 'facebook' ? 200 : 201, body: '<html>Thanks!</html>' });
    const { posts } = await start([{ platforms: [platform] }, { platforms: [platform] }, { platforms: [platform] }]);
    const targets = posts.map((post) => post.targets[platform]!);
    await waitUntil(settled(...targets), 'all three answered or timed out');
    for (const target of targets) {
      expect(row(target)).toMatchObject({ state: 'needs_check', error_kind: 'unknown' });
      expect(row(target).last_error).toMatch(/(may or may not have been|has probably been) published\. Look on (Facebook|LinkedIn|X), then tell AgencyIQ what happened\.$/);
    }
    time.advance(7 * DAY_MS);
    await realPause(100);
    for (const post of posts) expect(sent(platform, post.text)).toBe(1);
    expect(targets.map(row).every((r) => r.state === 'needs_check')).toBe(true);
    // A post that may exist stays reserved (never released, never double-charged) until the owner decides.
    expect(await usage()).toMatchObject({ used: 0, reserved: 3 });
  });
});

describe('X\'s request window through the engine', () => {
  it('follows x-rate-limit-remaining: a 201 saying 0 holds the connection until the reset; over three windows no request is refused with 429', async () => {
    // X's documented window is 100 per 15 minutes; a window of 3 walks the same path with 8 posts.
    const small = await new FakeXApi({ isValidToken: () => true, clock: { now: () => time.now() }, limitPerWindow: 3 }).start();
    try {
      const { posts } = await start(
        Array.from({ length: 8 }, () => ({ platforms: ['x'] as const })),
        { env: { AGENCYIQ_PUBLISH_X_URL: small.url } },
      );
      const targets = posts.map((post) => post.targets.x!);
      await driveUntil(settled(...targets), 'all eight published', 60 * 60_000);
      expect(targets.map((target) => row(target).state)).toEqual(Array(8).fill('published'));
      const answers = small.publishRequests().map((r) => ('status' in r.answer ? r.answer.status : 0));
      expect(answers).toEqual(Array(8).fill(201));
      // Three windows, each opened by the first send after the previous one's reset: 3, 3 and 2 sends.
      const windows = new Set(small.publishRequests().map((r) => Math.floor((r.at - T0) / (15 * 60_000))));
      expect(windows.size).toBe(3);
    } finally {
      await small.stop();
    }
  });
});

describe('a connection that needs reconnecting', () => {
  it('keeps its later targets waiting as needs_reconnect with the reconnect wording, in Needs attention, and they go out after a reconnect', async () => {
    const later = T0 + 60 * 60_000;
    const { posts } = await start([{ platforms: ['linkedin'] }, { platforms: ['linkedin'], at: later }], { tokens: { linkedin: REVOKED.linkedin } });
    const [first, second] = posts.map((post) => post.targets.linkedin!) as [string, string];
    await waitUntil(settled(first), 'the refused sign-in');
    expect(row(first)).toMatchObject({ state: 'needs_reconnect', error_kind: 'auth' });

    await driveUntil(settled(second), 'the later post');
    const waiting = row(second);
    expect(waiting).toMatchObject({ state: 'needs_reconnect', error_kind: 'auth' });
    expect(waiting.last_error).toBe("LinkedIn no longer accepts AgencyIQ's sign-in. Reconnect LinkedIn on the Connections page, then choose Publish again. Nothing was sent.");
    expect(sent('linkedin', posts[1]!.text)).toBe(0);

    // Weeks later it still waits for the owner (a failure would have dropped out after 14 days).
    time.advance(15 * DAY_MS);
    const overview = await t!.call('publishing.overview', {});
    expect(overview.needsAttention.map((post) => post.postId)).toEqual(expect.arrayContaining(posts.map((post) => post.postId)));

    // The owner reconnects LinkedIn (the plan renewed meanwhile), then chooses Publish again: both go out.
    seedLease(t!.core.database.sqlite, signer, time.now(), { ...LEASE, ...billingPeriod(time.now() - DAY_MS) });
    await seedConnection(t!.core.connections.store, 'linkedin', { accessToken: TOKENS.linkedin });
    for (const target of [first, second]) await t!.call('publishing.retry', { targetId: target });
    await driveUntil(settled(first, second), 'both published after the reconnect');
    expect([row(first).state, row(second).state]).toEqual(['published', 'published']);
    expect(sent('linkedin', posts[1]!.text)).toBe(1);
  });
});

describe('LinkedIn text through the engine', () => {
  it('publishes text full of little-text reserved characters intact (LinkedIn would cut it at the first unescaped one)', async () => {
    const text = `Open (almost) every day [except Monday] — 50% off *today* #SourdoughSaturday https://paddo.example.com/menu_(winter) ${++counter}`;
    const { posts } = await start([{ text, platforms: ['linkedin'] }]);
    const target = posts[0]!.targets.linkedin!;
    await waitUntil(settled(target), 'published');
    expect(row(target).state).toBe('published');
    expect(fakes.linkedin.posts.at(-1)!.commentary).toBe(text);
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COLLECTION_OFFSETS_MS } from '../../electron/core/results/collection-schedule';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS } from '../support/lease-signer';
import { seedConnection, seedLease, seedScheduledPost, SimulatedTime, waitUntil } from '../support/publishing-fixture';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import { FakeXMetrics } from '../fakes/platforms/fake-x-metrics';
import { FakeFacebookInsights } from '../fakes/platforms/fake-facebook-insights';

// The Results collector through the real core (its database, HTTP client, RefreshManager and
// publishing tracker) against strict X fakes, on simulated time.

const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
const HOUR = 3_600_000;
const signer = createLeaseSigner();

let data: { dir: string; remove: () => void };
let time: SimulatedTime;
let metrics: FakeXMetrics;
let posting: FakeXApi;
let router: Router;
let harness: TestCore | null;

/**
 * One X host in front of both fakes (reads to the metrics fake, posts to the publishing fake),
 * recording the order requests arrived in; `offline()` stops listening so nothing can be sent,
 * `online()` listens again on the same port.
 */
class Router {
  readonly order: string[] = [];
  #server = http.createServer((req, res) => this.#forward(req, res));
  port = 0;
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
    return this;
  }
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  async offline(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
  async online(): Promise<void> {
    this.#server = http.createServer((req, res) => this.#forward(req, res));
    await new Promise<void>((resolve) => this.#server.listen(this.port, '127.0.0.1', resolve));
  }
  #forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.order.push(`${req.method} ${req.url?.split('?')[0]}`);
    const target = new URL(req.method === 'GET' ? metrics.url : posting.url);
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  }
}

beforeEach(async () => {
  data = tempDataDir('agencyiq-results-');
  time = new SimulatedTime(T0);
  harness = null;
  metrics = await new FakeXMetrics({ isValidToken: (token) => token === 'x-token', clock: time }).start();
  posting = await new FakeXApi({ isValidToken: (token) => token === 'x-token', clock: time }).start();
  router = await new Router().start();
});

afterEach(async () => {
  await harness?.core.close();
  await Promise.all([metrics.stop(), posting.stop(), router.offline().catch(() => {})]);
  data.remove();
});

/** Seeds `count` X posts published at `publishedAt` (and known to the fake), then opens the core as an app start. */
async function start(options: { count: number; publishedAt?: number; collectX?: boolean; metricsLimit?: number; seed?: (t: TestCore, xId: string) => void }): Promise<{ t: TestCore; xId: string; targets: string[] }> {
  if (options.metricsLimit !== undefined) {
    await metrics.stop();
    metrics = await new FakeXMetrics({ isValidToken: (token) => token === 'x-token', clock: time, limitPerWindow: options.metricsLimit }).start();
  }
  const env = { AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw, AGENCYIQ_PUBLISH_X_URL: router.url };
  const seeding = await openTestCore(data.dir, { clock: time, timers: time, env });
  await seedLease(seeding.core.database.sqlite, signer, T0, { postsPerCycle: 27, ...billingPeriod(T0 - 5 * DAY_MS) });
  const xId = await seedConnection(seeding.core.connections.store, 'x');
  const publishedAt = options.publishedAt ?? T0;
  const targets = seedPublished(seeding, xId, options.count, publishedAt);
  if (options.collectX !== false) await seeding.core.preferences.update({ collectXResults: true });
  options.seed?.(seeding, xId);
  await seeding.core.close();
  harness = await openTestCore(data.dir, { clock: time, timers: time, env });
  // With X on, the collector first reads today's follower count; let it land before time moves.
  if (options.collectX !== false) await waitUntil(() => followerDays(harness!) === 1, "today's X followers");
  await settle();
  return { t: harness, xId, targets };
}

let nextPostId = 1_870_000_000_000_000_001n;
function seedPublished(t: TestCore, connectionId: string, count: number, publishedAt: number): string[] {
  const sqlite = t.core.database.sqlite;
  const ids: string[] = [];
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const postId = randomUUID();
      const targetId = randomUUID();
      const platformPostId = String(nextPostId++);
      sqlite
        .prepare(`INSERT INTO posts (id, body, state, revision, scheduled_at, schedule_time_zone, created_at, updated_at) VALUES (?, ?, 'done', 1, ?, 'Australia/Brisbane', ?, ?)`)
        .run(postId, `post ${i}`, publishedAt, publishedAt, publishedAt);
      sqlite
        .prepare(`INSERT INTO post_targets (id, post_id, platform, position, state, connection_id, platform_post_id, published_at, updated_at) VALUES (?, ?, 'x', 0, 'published', ?, ?, ?, ?)`)
        .run(targetId, postId, connectionId, platformPostId, publishedAt, publishedAt);
      metrics.addPost({ id: platformPostId, createdAt: publishedAt });
      ids.push(targetId);
    }
  })();
  return ids;
}

const snapshots = (t: TestCore, targetId: string) =>
  t.core.database.sqlite.prepare(`SELECT collected_at, metric, value FROM metric_snapshots WHERE target_id = ? ORDER BY collected_at, metric`).all(targetId) as Array<{ collected_at: number; metric: string; value: number }>;
const followerDays = (t: TestCore) => (t.core.database.sqlite.prepare(`SELECT COUNT(*) AS n FROM follower_snapshots`).get() as { n: number }).n;
const collectedTargets = (t: TestCore) => (t.core.database.sqlite.prepare(`SELECT COUNT(DISTINCT target_id) AS n FROM metric_snapshots`).get() as { n: number }).n;
const lookupIds = () => metrics.lookups().map((request) => request.query.ids!.split(','));
/** Lets the collector's pending database and HTTP work run (real I/O) after the simulated clock moved. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('collecting results', () => {
  it('reads a post at 1 h, 24 h, 3 days and 7 days after publishing, then weekly until 90 days, with numbers that grow', async () => {
    const { t, targets } = await start({ count: 1 });
    await settle();
    expect(metrics.lookups()).toHaveLength(0); // nothing is due before the first hour

    const expected = COLLECTION_OFFSETS_MS;
    expect(expected.slice(0, 5)).toEqual([HOUR, 24 * HOUR, 72 * HOUR, 168 * HOUR, 336 * HOUR]);
    for (const [i, offset] of expected.entries()) {
      time.advance(T0 + offset - time.now());
      await waitUntil(() => metrics.lookups().length === i + 1, `collection ${i + 1}`);
      await waitUntil(() => new Set(snapshots(t, targets[0]!).map((s) => s.collected_at)).size === i + 1, `snapshot ${i + 1}`);
      await settle(); // the pass goes on to the new day's follower count before it sleeps
    }
    const times = [...new Set(snapshots(t, targets[0]!).map((s) => s.collected_at))];
    expect(times).toEqual(expected.map((offset) => T0 + offset));
    const impressions = snapshots(t, targets[0]!).filter((s) => s.metric === 'impressions').map((s) => s.value);
    expect(impressions[1]!).toBeGreaterThan(impressions[0]!);
    // After 90 days nothing more is read.
    time.advance(30 * DAY_MS);
    await settle();
    expect(metrics.lookups()).toHaveLength(expected.length);
    expect(t.core.database.sqlite.prepare('SELECT next_due_at FROM metric_schedule').get()).toEqual({ next_due_at: null });
  });

  it('reads 1,000 X posts in 10 requests of at most 100 ids', async () => {
    const { t } = await start({ count: 1_000 });
    time.advance(HOUR);
    await waitUntil(() => collectedTargets(t) === 1_000, '1,000 posts collected', 20_000);
    expect(lookupIds()).toHaveLength(10);
    expect(lookupIds().every((ids) => ids.length <= 100)).toBe(true);
    expect(new Set(lookupIds().flat()).size).toBe(1_000);
  });

  it('sends nothing past an exhausted rate-limit window until it reopens, and never gets a 429', async () => {
    const { t } = await start({ count: 1_000, metricsLimit: 3 });
    time.advance(HOUR);
    await waitUntil(() => collectedTargets(t) === 300, 'the window spent');
    await settle();
    expect(metrics.lookups()).toHaveLength(3);
    time.advance(15 * 60_000);
    await waitUntil(() => collectedTargets(t) === 600, 'the next window');
    await settle();
    expect(metrics.lookups()).toHaveLength(6);
    expect(metrics.lookups().every((request) => 'status' in request.answer && request.answer.status === 200)).toBe(true);
  });

  it('reads nothing on X until the owner turns it on', async () => {
    const { t } = await start({ count: 5, collectX: false });
    time.advance(2 * HOUR);
    await settle();
    expect(metrics.lookups()).toHaveLength(0);
    await t.call('preferences.update', { collectXResults: true });
    await waitUntil(() => collectedTargets(t) === 5, 'collected once switched on');
  });

  it('pauses while offline, loses nothing, and resumes', async () => {
    const { t } = await start({ count: 150 });
    await router.offline();
    time.advance(HOUR);
    await settle();
    expect(collectedTargets(t)).toBe(0);
    await router.online();
    time.advance(60_000); // the collector looks again a minute later
    await waitUntil(() => collectedTargets(t) === 150, 'collected after coming back');
    expect(metrics.lookups()).toHaveLength(2);
  });

  it('a revoked token marks the connection needs-reconnect the way publishing does', async () => {
    const { t, xId } = await start({ count: 3 });
    metrics.revoke('x-token');
    time.advance(HOUR);
    await waitUntil(
      () => (t.core.database.sqlite.prepare('SELECT state FROM connections WHERE id = ?').get(xId) as { state: string }).state === 'needs_reconnect',
      'the connection marked',
    );
    expect(collectedTargets(t)).toBe(0);
  });

  it('publishing goes first: with a post and 1,000 reads due at once, the post is sent before any read', async () => {
    await start({
      count: 1_000,
      seed: (seeding, xId) => {
        seedScheduledPost(seeding.core.database.sqlite, { body: 'Fresh loaves at 7', scheduledAt: T0 + HOUR, targets: [{ platform: 'x', connectionId: xId }] });
      },
    });
    // Five minutes at a time (the engine's longest sleep), letting each wake run, as real time does.
    for (let step = 0; step < 12; step++) {
      time.advance(5 * 60_000);
      await settle();
    }
    await waitUntil(() => posting.publishRequests().length === 1, 'the post sent');
    await waitUntil(() => metrics.lookups().length === 10, 'the reads');
    // The day's follower count was read at start, before anything was due; then the post, then the reads.
    expect(router.order.slice(0, 2)).toEqual(['GET /2/users/me', 'POST /2/tweets']);
    expect(router.order.slice(2)).toEqual(Array.from({ length: 10 }, () => 'GET /2/tweets'));
  });

  it('the Results overview shows what the network reported, and "not available" (null), never 0, before it reported', async () => {
    const { t } = await start({ count: 3 });
    const period = { from: T0 - DAY_MS, to: T0 + DAY_MS };
    const before = await t.call('results.overview', period);
    expect(before.networks).toEqual([{ platform: 'x', postsPublished: 3, postsWithNumbers: 0, impressions: null, engagements: null, engagementRate: null, unavailable: [] }]);
    expect(before.topPosts).toEqual([]);
    expect(before.bestTimes).toEqual([{ platform: 'x', kind: 'needs_more_posts', postsWithNumbers: 0, needed: 20 }]);
    time.advance(HOUR);
    await waitUntil(() => collectedTargets(t) === 3, 'collected');
    const after = await t.call('results.overview', period);
    const impressions = (t.core.database.sqlite.prepare(`SELECT SUM(value) AS n FROM metric_snapshots WHERE metric = 'impressions'`).get() as { n: number }).n;
    expect(after.networks[0]).toMatchObject({ platform: 'x', postsPublished: 3, postsWithNumbers: 3, impressions });
    expect(impressions).toBeGreaterThan(0);
    expect(after.topPosts).toHaveLength(3);
    expect(after.bestTimes).toEqual([{ platform: 'x', kind: 'needs_more_posts', postsWithNumbers: 3, needed: 17 }]);
  });
});

describe('collecting Facebook Page post insights', () => {
  let insights: FakeFacebookInsights;
  afterEach(async () => {
    await insights.stop();
  });

  async function startFacebook(mayRead: boolean, withXPosts = 0): Promise<{ t: TestCore; fbId: string; targets: string[] }> {
    insights = await new FakeFacebookInsights({ isValidToken: (token) => token === 'facebook-token', clock: time, mayReadInsights: () => mayRead }).start();
    const env = { AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw, AGENCYIQ_PUBLISH_FACEBOOK_URL: insights.graphUrl, AGENCYIQ_PUBLISH_X_URL: router.url };
    const seeding = await openTestCore(data.dir, { clock: time, timers: time, env });
    const fbId = await seedConnection(seeding.core.connections.store, 'facebook');
    if (withXPosts > 0) {
      // Published a minute earlier, so X's backlog is due first.
      seedPublished(seeding, await seedConnection(seeding.core.connections.store, 'x'), withXPosts, T0 - 60_000);
      await seeding.core.preferences.update({ collectXResults: true });
    }
    const sqlite = seeding.core.database.sqlite;
    const targets: string[] = [];
    for (let i = 0; i < 3; i++) {
      const postId = randomUUID();
      const targetId = randomUUID();
      const fbPostId = `104857600000001_${2000 + i}`;
      sqlite.prepare(`INSERT INTO posts (id, body, state, revision, scheduled_at, schedule_time_zone, created_at, updated_at) VALUES (?, ?, 'done', 1, ?, 'Australia/Brisbane', ?, ?)`).run(postId, `fb ${i}`, T0, T0, T0);
      sqlite.prepare(`INSERT INTO post_targets (id, post_id, platform, position, state, connection_id, platform_post_id, published_at, updated_at) VALUES (?, ?, 'facebook', 0, 'published', ?, ?, ?, ?)`).run(targetId, postId, fbId, fbPostId, T0, T0);
      insights.addPost({ id: fbPostId, createdAt: T0 });
      targets.push(targetId);
    }
    await seeding.core.close();
    harness = await openTestCore(data.dir, { clock: time, timers: time, env });
    return { t: harness, fbId, targets };
  }

  it('reads each post\'s current metrics (no retired post_impressions) and stores views, reach, reactions and clicks', async () => {
    const { t, targets } = await startFacebook(true);
    time.advance(HOUR);
    await waitUntil(() => collectedTargets(t) === 3, 'three posts collected');
    expect(insights.publishRequests()).toHaveLength(3);
    expect(insights.publishRequests().every((request) => request.query.metric === 'post_media_view,post_total_media_view_unique,post_reactions_by_type_total,post_clicks')).toBe(true);
    const byMetric = Object.fromEntries(snapshots(t, targets[0]!).map((s) => [s.metric, s.value]));
    expect(byMetric).toEqual({ impressions: 30, reach: 21, likes: 1, clicks: 1, engagements: 2 });
  });

  it('without insights permission the numbers are "not available", never 0, and are tried again a day later', async () => {
    const { t } = await startFacebook(false);
    time.advance(HOUR);
    await waitUntil(() => insights.publishRequests().length === 3, 'three reads refused');
    await settle();
    expect(collectedTargets(t)).toBe(0);
    expect(t.core.database.sqlite.prepare(`SELECT DISTINCT last_error FROM metric_schedule`).all()).toEqual([{ last_error: 'not_permitted' }]);
    const overview = await t.call('results.overview', { from: T0 - DAY_MS, to: T0 + DAY_MS });
    expect(overview.networks).toEqual([{ platform: 'facebook', postsPublished: 3, postsWithNumbers: 0, impressions: null, engagements: null, engagementRate: null, unavailable: [{ reason: 'not_permitted', posts: 3 }] }]);
  });

  it('a revoked Page token marks the connection needs-reconnect', async () => {
    const { t, fbId } = await startFacebook(true);
    insights.revoke('facebook-token');
    time.advance(HOUR);
    await waitUntil(() => (t.core.database.sqlite.prepare('SELECT state FROM connections WHERE id = ?').get(fbId) as { state: string }).state === 'needs_reconnect', 'marked');
    expect(collectedTargets(t)).toBe(0);
  });

  it('an X backlog held by its rate limit does not keep Facebook waiting', async () => {
    await metrics.stop();
    metrics = await new FakeXMetrics({ isValidToken: (token) => token === 'x-token', clock: time, limitPerWindow: 1 }).start();
    const { t } = await startFacebook(true, 1_500);
    time.advance(HOUR);
    await waitUntil(() => insights.publishRequests().length === 3, 'Facebook read while X waits');
    await settle();
    expect(metrics.lookups()).toHaveLength(1);
    expect(collectedTargets(t)).toBe(103);
  });
});

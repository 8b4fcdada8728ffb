import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Platform } from '@shared/domain/platform';
import { LINKEDIN_API } from '@shared/platforms/api-versions';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS } from '../support/lease-signer';
import { ACCOUNT_IDS, seedConnection, seedLease, seedScheduledPost, SimulatedTime, waitUntil } from '../support/publishing-fixture';
import { NetworkRouter } from '../support/network-router';
import { FakeFacebookInsights } from '../fakes/platforms/fake-facebook-insights';
import { FakeInstagramInsights } from '../fakes/platforms/fake-instagram-insights';
import { FakeLinkedInPosts } from '../fakes/platforms/fake-linkedin-posts';
import { FakeLinkedInStats } from '../fakes/platforms/fake-linkedin-stats';
import { FakeYouTubeStats } from '../fakes/platforms/fake-youtube-stats';

// The Results collector for Instagram, LinkedIn and YouTube, and the daily follower counts,
// through the real core (database, HTTP client, RefreshManager, publishing engine) against the
// strict fakes, on simulated time.

const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
const HOUR = 3_600_000;
const ORG_ID = '2414183';
const ORG = `urn:li:organization:${ORG_ID}`;
const MEMBER = `urn:li:person:${ACCOUNT_IDS.linkedin}`;
const signer = createLeaseSigner();

let data: { dir: string; remove: () => void };
let time: SimulatedTime;
let harness: TestCore | null;
const stops: Array<() => Promise<void>> = [];

beforeEach(() => {
  data = tempDataDir('agencyiq-results-networks-');
  time = new SimulatedTime(T0);
  harness = null;
});

afterEach(async () => {
  await harness?.core.close();
  await Promise.all(stops.splice(0).map((stop) => stop()));
  data.remove();
});

async function started<T extends { start(): Promise<T>; stop(): Promise<void> }>(fake: T): Promise<T> {
  await fake.start();
  stops.push(() => fake.stop());
  return fake;
}
async function router(route: (method: string, path: string) => string): Promise<NetworkRouter> {
  const r = await new NetworkRouter(route).start();
  stops.push(() => r.offline().catch(() => {}));
  return r;
}

/** Published targets as the engine leaves them; returns their ids. */
function seedPublished(t: TestCore, platform: Platform, connectionId: string, postIds: readonly string[], options: { publishedAt?: number; authorId?: string | null } = {}): string[] {
  const sqlite = t.core.database.sqlite;
  const publishedAt = options.publishedAt ?? T0;
  return sqlite.transaction(() =>
    postIds.map((platformPostId, i) => {
      const postId = randomUUID();
      const targetId = randomUUID();
      sqlite
        .prepare(`INSERT INTO posts (id, body, state, revision, scheduled_at, schedule_time_zone, created_at, updated_at) VALUES (?, ?, 'done', 1, ?, 'Australia/Brisbane', ?, ?)`)
        .run(postId, `${platform} post ${i}`, publishedAt, publishedAt, publishedAt);
      sqlite
        .prepare(`INSERT INTO post_targets (id, post_id, platform, position, state, connection_id, author_id, platform_post_id, published_at, updated_at) VALUES (?, ?, ?, 0, 'published', ?, ?, ?, ?, ?)`)
        .run(targetId, postId, platform, connectionId, options.authorId ?? null, platformPostId, publishedAt, publishedAt);
      return targetId;
    }),
  )();
}

/** Seeds with a first core, then opens the core again as an app start; waits for the start's follower reads. */
async function start(env: Record<string, string>, seed: (t: TestCore) => Promise<void> | void, followerRows: number | (() => boolean) = 0): Promise<TestCore> {
  const fullEnv = { AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw, ...env };
  const seeding = await openTestCore(data.dir, { clock: time, timers: time, env: fullEnv });
  await seedLease(seeding.core.database.sqlite, signer, T0, { postsPerCycle: 27, ...billingPeriod(T0 - 5 * DAY_MS) });
  await seed(seeding);
  await seeding.core.close();
  harness = await openTestCore(data.dir, { clock: time, timers: time, env: fullEnv });
  const ready = typeof followerRows === 'number' ? () => followerCount(harness!) >= followerRows : followerRows;
  await waitUntil(ready, 'the start-up follower reads');
  await settle();
  return harness;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));
const sqliteOf = (t: TestCore) => t.core.database.sqlite;
const followerCount = (t: TestCore) => (sqliteOf(t).prepare(`SELECT COUNT(*) AS n FROM follower_snapshots`).get() as { n: number }).n;
const collected = (t: TestCore) => (sqliteOf(t).prepare(`SELECT COUNT(DISTINCT target_id) AS n FROM metric_snapshots`).get() as { n: number }).n;
const numbers = (t: TestCore, targetId: string) =>
  Object.fromEntries(
    (sqliteOf(t).prepare(`SELECT metric, value FROM metric_snapshots WHERE target_id = ? AND collected_at = (SELECT MAX(collected_at) FROM metric_snapshots WHERE target_id = ?)`).all(targetId, targetId) as Array<{ metric: string; value: number }>).map(
      (row) => [row.metric, row.value],
    ),
  );
const schedule = (t: TestCore, targetId: string) => sqliteOf(t).prepare(`SELECT next_due_at, last_error FROM metric_schedule WHERE target_id = ?`).get(targetId) as { next_due_at: number | null; last_error: string | null };
const stateOf = (t: TestCore, connectionId: string) => (sqliteOf(t).prepare('SELECT state FROM connections WHERE id = ?').get(connectionId) as { state: string }).state;
const statuses = (requests: ReadonlyArray<{ answer: { status: number } | { held: true } | { reset: true } }>) => requests.map((request) => ('status' in request.answer ? request.answer.status : 0));

describe('Instagram media insights', () => {
  const igMedia = (n: number) => Array.from({ length: n }, (_, i) => String(17_900_000_000_000_001n + BigInt(i)));

  async function startInstagram(options: { media: number; fewViewers?: number; mayRead?: boolean; callsPerHour?: number }): Promise<{ t: TestCore; ig: FakeInstagramInsights; igId: string; targets: string[] }> {
    const ig = await started(new FakeInstagramInsights({ isValidToken: (token) => token === 'instagram-token', clock: time, mayReadInsights: () => options.mayRead ?? true, ...(options.callsPerHour ? { callsPerHour: options.callsPerHour } : {}) }));
    const ids = igMedia(options.media);
    ids.forEach((id, i) => ig.addMedia({ id, ownerId: ACCOUNT_IDS.instagram, createdAt: T0, fewViewers: i < (options.fewViewers ?? 0) }));
    let igId = '';
    let targets: string[] = [];
    const t = await start(
      { AGENCYIQ_PUBLISH_INSTAGRAM_URL: ig.graphUrl },
      async (seeding) => {
        igId = await seedConnection(seeding.core.connections.store, 'instagram');
        targets = seedPublished(seeding, 'instagram', igId, ids);
      },
      1,
    );
    return { t, ig, igId, targets };
  }

  it('reads views (not the retired impressions), reach, likes, comments, shares, saves and interactions at 1 h and 24 h, growing; too few viewers is "not available yet", never 0', async () => {
    const { t, ig, targets } = await startInstagram({ media: 2, fewViewers: 1 });
    expect(ig.insightReads()).toHaveLength(0);
    time.advance(HOUR);
    await waitUntil(() => ig.insightReads().length === 2 && collected(t) === 1, 'the 1 h reads');
    await settle();
    expect(ig.insightReads().every((request) => request.query.metric === 'views,reach,likes,comments,shares,saved,total_interactions')).toBe(true);
    expect(numbers(t, targets[1]!)).toEqual({ impressions: 25, reach: 20, likes: 2, comments: 0, shares: 0, saves: 0, engagements: 2 });
    // Below Meta's threshold: nothing stored, the reason kept, read again at its next collection.
    expect(numbers(t, targets[0]!)).toEqual({});
    expect(schedule(t, targets[0]!)).toEqual({ next_due_at: T0 + 24 * HOUR, last_error: 'too_few_viewers' });
    const overview = await t.call('results.overview', { from: T0 - DAY_MS, to: T0 + DAY_MS });
    expect(overview.networks).toEqual([{ platform: 'instagram', postsPublished: 2, postsWithNumbers: 1, impressions: 25, engagements: 2, engagementRate: 0.08, unavailable: [{ reason: 'too_few_viewers', posts: 1 }] }]);

    time.advance(23 * HOUR);
    await waitUntil(() => ig.insightReads().length === 4, 'the 24 h reads');
    await waitUntil(() => numbers(t, targets[1]!).impressions === 24 * 25, 'grown numbers');
  });

  it('stays inside Meta\'s usage: at 100 % it waits for the estimate and never earns a throttle error', async () => {
    const { t, ig } = await startInstagram({ media: 12, callsPerHour: 5 });
    time.advance(HOUR);
    await waitUntil(() => collected(t) === 5, 'the first hour\'s five');
    await settle();
    expect(ig.insightReads()).toHaveLength(5);
    time.advance(30 * 60_000);
    await settle();
    expect(ig.insightReads()).toHaveLength(5);
    time.advance(30 * 60_000);
    await waitUntil(() => collected(t) === 10, 'the next hour');
    time.advance(HOUR);
    await waitUntil(() => collected(t) === 12, 'the rest');
    expect(statuses(ig.requests).every((status) => status === 200)).toBe(true);
  });

  it('without instagram_manage_insights the numbers are "not available" (null), never 0', async () => {
    const { t, ig } = await startInstagram({ media: 3, mayRead: false });
    time.advance(HOUR);
    await waitUntil(() => ig.insightReads().length === 3, 'three reads refused');
    await settle();
    expect(collected(t)).toBe(0);
    const overview = await t.call('results.overview', { from: T0 - DAY_MS, to: T0 + DAY_MS });
    expect(overview.networks[0]).toMatchObject({ platform: 'instagram', impressions: null, engagements: null, engagementRate: null, unavailable: [{ reason: 'not_permitted', posts: 3 }] });
  });

  it('a revoked token marks the connection needs-reconnect, as publishing does', async () => {
    const { t, ig, igId } = await startInstagram({ media: 2 });
    ig.revoke('instagram-token');
    time.advance(HOUR);
    await waitUntil(() => stateOf(t, igId) === 'needs_reconnect', 'marked');
    expect(collected(t)).toBe(0);
  });
});

describe('LinkedIn post statistics', () => {
  const shares = (n: number, from = 7_200_000_000_000_000_001n) => Array.from({ length: n }, (_, i) => `urn:li:share:${from + BigInt(i)}`);

  async function startLinkedIn(options: { orgShares?: number; ugcPosts?: number; memberPosts?: number; scopes?: string[]; callsPerDay?: number; scheduledPost?: boolean }) {
    const stats = await started(
      new FakeLinkedInStats({
        isValidToken: (token) => token === 'linkedin-token',
        clock: time,
        ...(options.scopes ? { scopesOf: () => options.scopes! } : {}),
        ...(options.callsPerDay ? { callsPerDay: options.callsPerDay } : {}),
      }),
    );
    const posting = await started(new FakeLinkedInPosts({ isValidToken: (token) => token === 'linkedin-token', clock: time }));
    const front = await router((method, path) => (method === 'POST' && path === '/rest/posts' ? posting.url : stats.url));
    const orgShares = shares(options.orgShares ?? 0);
    const ugc = Array.from({ length: options.ugcPosts ?? 0 }, (_, i) => `urn:li:ugcPost:${7_300_000_000_000_000_001n + BigInt(i)}`);
    const member = shares(options.memberPosts ?? 0, 7_400_000_000_000_000_001n);
    for (const urn of [...orgShares, ...ugc]) stats.addPost({ urn, author: ORG, createdAt: T0 });
    for (const urn of member) stats.addPost({ urn, author: MEMBER, createdAt: T0 });
    stats.addOrganisation(ORG, T0);
    let liId = '';
    const targets: Record<'org' | 'member', string[]> = { org: [], member: [] };
    const t = await start(
      { AGENCYIQ_PUBLISH_LINKEDIN_URL: front.url },
      async (seeding) => {
        liId = await seedConnection(seeding.core.connections.store, 'linkedin');
        seeding.core.database.sqlite.prepare(`UPDATE connections SET targets_json = ? WHERE id = ?`).run(JSON.stringify([{ id: ORG_ID, name: 'Paddington Sourdough Pty Ltd' }]), liId);
        targets.org = seedPublished(seeding, 'linkedin', liId, [...orgShares, ...ugc], { authorId: ORG_ID });
        targets.member = seedPublished(seeding, 'linkedin', liId, member);
        if (options.scheduledPost) seedScheduledPost(seeding.core.database.sqlite, { body: 'Hot cross buns from 6', scheduledAt: T0 + HOUR, targets: [{ platform: 'linkedin', connectionId: liId }] });
      },
      1,
    );
    return { t, stats, posting, front, liId, targets };
  }

  it('reads organisation posts 20 at a time (shares and ugcPosts apart) with the LinkedIn-Version in force; a member post without r_member_social is "not available", and has no impressions at all', async () => {
    const { t, stats, targets } = await startLinkedIn({ orgShares: 45, ugcPosts: 3, memberPosts: 2 });
    time.advance(HOUR);
    await waitUntil(() => stats.reads('organizationalEntityShareStatistics').length === 4 && stats.reads('socialActions').length === 1, 'the reads');
    await waitUntil(() => collected(t) === 48, '48 organisation posts');
    await settle();
    const lists = stats.reads('organizationalEntityShareStatistics').map((request) => ({ kind: request.query.shares !== undefined ? 'shares' : 'ugcPosts', n: (request.query.shares ?? request.query.ugcPosts)!.split(',').length }));
    expect(lists.sort((a, b) => a.kind.localeCompare(b.kind) || b.n - a.n)).toEqual([
      { kind: 'shares', n: 20 },
      { kind: 'shares', n: 20 },
      { kind: 'shares', n: 5 },
      { kind: 'ugcPosts', n: 3 },
    ]);
    expect(stats.requests.every((request) => request.headers['linkedin-version'] === LINKEDIN_API.version && request.headers['x-restli-protocol-version'] === '2.0.0')).toBe(true);
    expect(numbers(t, targets.org[0]!)).toEqual({ impressions: 20, reach: 12, clicks: 0, likes: 0, comments: 0, shares: 0, engagements: 0 });
    expect(schedule(t, targets.member[0]!).last_error).toBe('not_permitted');
    const overview = await t.call('results.overview', { from: T0 - DAY_MS, to: T0 + DAY_MS });
    expect(overview.networks).toEqual([
      {
        platform: 'linkedin',
        postsPublished: 50,
        postsWithNumbers: 48,
        impressions: 48 * 20,
        engagements: 0,
        engagementRate: 0,
        unavailable: [
          { reason: 'not_permitted', posts: 2 },
          { reason: 'impressions_not_given', posts: 2 },
        ],
      },
    ]);
  });

  it('with r_member_social a member\'s posts get likes and comments, and impressions stay "not available", never 0', async () => {
    const { t, stats, targets } = await startLinkedIn({ memberPosts: 3, scopes: ['openid', 'profile', 'w_member_social', 'r_member_social'] });
    time.advance(5 * HOUR);
    await waitUntil(() => collected(t) === 3, 'three member posts');
    expect(stats.reads('socialActions')).toHaveLength(1);
    expect(numbers(t, targets.member[0]!)).toEqual({ likes: 4, comments: 1, engagements: 5 });
    const overview = await t.call('results.overview', { from: T0 - DAY_MS, to: T0 + DAY_MS });
    expect(overview.networks[0]).toMatchObject({ impressions: null, engagements: 15, engagementRate: null, unavailable: [{ reason: 'impressions_not_given', posts: 3 }] });
  });

  it('past the daily limit (429) it asks nothing more until the next UTC day, then reads the rest', async () => {
    const { t, stats } = await startLinkedIn({ orgShares: 45, callsPerDay: 2 });
    time.advance(HOUR);
    await waitUntil(() => stats.reads('organizationalEntityShareStatistics').length === 3, 'three tries');
    await settle();
    expect(collected(t)).toBe(40);
    time.advance(22 * HOUR);
    await settle();
    expect(stats.reads('organizationalEntityShareStatistics')).toHaveLength(3);
    expect(statuses(stats.reads('organizationalEntityShareStatistics'))).toEqual([200, 200, 429]);
    time.advance(HOUR); // midnight UTC: the 24 h collection of all 45 is due too
    await waitUntil(() => collected(t) === 45, 'the rest after midnight');
    // The new day allows two calls again; the 24 h collection may need a third, which is refused
    // once, and then, as on the first day, nothing more is asked until the next midnight.
    time.advance(6 * HOUR);
    await settle();
    const secondDay = statuses(stats.reads('organizationalEntityShareStatistics').slice(3));
    expect(secondDay.slice(0, 2)).toEqual([200, 200]);
    expect(secondDay.slice(2).filter((status) => status !== 429)).toEqual([]);
    expect(secondDay.length).toBeLessThanOrEqual(3);
  });

  it('publishing goes first: a LinkedIn post and 45 reads due at once, the post leaves before any read', async () => {
    const { posting, front } = await startLinkedIn({ orgShares: 45, scheduledPost: true });
    for (let step = 0; step < 12; step++) {
      time.advance(5 * 60_000);
      await settle();
    }
    await waitUntil(() => posting.posts.length === 1, 'the post');
    await waitUntil(() => front.order.filter((entry) => entry === 'GET /rest/organizationalEntityShareStatistics').length === 3, 'the reads');
    expect(front.order).toEqual([
      `GET /rest/networkSizes/${encodeURIComponent(ORG)}`, // today's followers, read at start when nothing was due
      'POST /rest/posts',
      'GET /rest/organizationalEntityShareStatistics',
      'GET /rest/organizationalEntityShareStatistics',
      'GET /rest/organizationalEntityShareStatistics',
    ]);
  });
});

describe('YouTube video statistics', () => {
  const videos = (n: number) => Array.from({ length: n }, (_, i) => `vid${String(i).padStart(8, '0')}`);

  async function startYouTube(options: { videos: number; unitsPerDay?: number; scopes?: string[]; likesHidden?: number }) {
    const yt = await started(
      new FakeYouTubeStats({
        isValidToken: (token) => token === 'youtube-token',
        clock: time,
        ...(options.unitsPerDay ? { unitsPerDay: options.unitsPerDay } : {}),
        ...(options.scopes ? { scopesOf: () => options.scopes! } : {}),
      }),
    );
    const front = await router(() => yt.url);
    const ids = videos(options.videos);
    ids.forEach((id, i) => yt.addVideo({ id, createdAt: T0, likesHidden: i < (options.likesHidden ?? 0) }));
    let ytId = '';
    let targets: string[] = [];
    const t = await start(
      { AGENCYIQ_PUBLISH_YOUTUBE_URL: front.url },
      async (seeding) => {
        ytId = await seedConnection(seeding.core.connections.store, 'youtube');
        targets = seedPublished(seeding, 'youtube', ytId, ids);
      },
      // Without a read scope the start-up subscriber reads are refused (none is stored): wait until
      // one was answered and none is still on its way (the seeding core may have closed before its own).
      options.scopes
        ? () => {
            const reads = yt.requests.filter((request) => request.path === '/youtube/v3/channels');
            const answered = reads.filter((request) => 'status' in request.answer && request.answer.status !== 0);
            return answered.length >= 1 && answered.length === reads.length;
          }
        : 1,
    );
    return { t, yt, front, ytId, targets };
  }

  it('reads up to 50 videos per videos.list call: 120 videos in 3 calls; a hidden like count stays absent', async () => {
    const { t, yt, targets } = await startYouTube({ videos: 120, likesHidden: 1 });
    time.advance(2 * HOUR);
    await waitUntil(() => collected(t) === 120, '120 videos');
    expect(yt.videoReads().map((request) => request.query.id!.split(',').length).sort((a, b) => b - a)).toEqual([50, 50, 20]);
    expect(yt.videoReads().every((request) => request.query.part === 'statistics')).toBe(true);
    expect(numbers(t, targets[1]!)).toEqual({ impressions: 24, views: 24, likes: 1, comments: 0, engagements: 1 });
    expect(numbers(t, targets[0]!)).toEqual({ impressions: 24, views: 24, comments: 0 });
  });

  it('when the day\'s quota is spent it waits for midnight Pacific Time, asks once, and then reads the rest', async () => {
    // 3 units: today's subscriber count at start, then two calls of 50; the third is refused.
    const { t, yt } = await startYouTube({ videos: 120, unitsPerDay: 3 });
    time.advance(HOUR);
    await waitUntil(() => yt.videoReads().length === 3, 'three calls');
    await settle();
    expect(collected(t)).toBe(100);
    const pacificMidnight = Date.UTC(2026, 10, 26, 8, 0, 0); // 26 Nov 00:00 PST
    time.advance(pacificMidnight - 60_000 - time.now());
    await settle();
    expect(yt.videoReads()).toHaveLength(3);
    time.advance(60_000);
    await waitUntil(() => collected(t) === 120, 'the rest after the quota day');
    expect(statuses(yt.videoReads())).toEqual([200, 200, 403, 200]);
  });

  it('pauses while offline, loses nothing, and resumes', async () => {
    const { t, yt, front } = await startYouTube({ videos: 60 });
    await front.offline();
    time.advance(HOUR);
    await settle();
    expect(collected(t)).toBe(0);
    await front.online();
    time.advance(60_000);
    await waitUntil(() => collected(t) === 60, 'collected after coming back');
    expect(yt.videoReads()).toHaveLength(2);
  });

  it('a token with youtube.upload only (no read scope) gives "not available", never 0, and no subscriber count', async () => {
    const { t, yt } = await startYouTube({ videos: 2, scopes: ['https://www.googleapis.com/auth/youtube.upload'] });
    time.advance(HOUR);
    await waitUntil(() => yt.videoReads().length === 1, 'the refused read');
    await settle();
    expect(collected(t)).toBe(0);
    expect(followerCount(t)).toBe(0);
    const overview = await t.call('results.overview', { from: T0 - DAY_MS, to: T0 + DAY_MS });
    expect(overview.networks[0]).toMatchObject({ impressions: null, unavailable: [{ reason: 'not_permitted', posts: 2 }] });
  });

  it('a revoked token marks the connection needs-reconnect', async () => {
    const { t, yt, ytId } = await startYouTube({ videos: 2 });
    yt.revoke('youtube-token');
    time.advance(HOUR);
    await waitUntil(() => stateOf(t, ytId) === 'needs_reconnect', 'marked');
  });
});

describe('followers', () => {
  it('are read once a day per connection, where the network gives them, and drawn over time', async () => {
    const ig = await started(new FakeInstagramInsights({ isValidToken: (token) => token === 'instagram-token', clock: time }).addAccount(ACCOUNT_IDS.instagram, T0));
    const li = await started(new FakeLinkedInStats({ isValidToken: (token) => token === 'linkedin-token', clock: time }).addOrganisation(ORG, T0));
    const yt = await started(new FakeYouTubeStats({ isValidToken: (token) => token === 'youtube-token', clock: time }));
    const fb = await started(new FakeFacebookInsights({ isValidToken: (token) => token === 'facebook-token', clock: time }).addPost({ id: `${ACCOUNT_IDS.facebook}_1`, createdAt: T0 }));
    const t = await start(
      { AGENCYIQ_PUBLISH_INSTAGRAM_URL: ig.graphUrl, AGENCYIQ_PUBLISH_LINKEDIN_URL: li.url, AGENCYIQ_PUBLISH_YOUTUBE_URL: yt.url, AGENCYIQ_PUBLISH_FACEBOOK_URL: fb.graphUrl },
      async (seeding) => {
        const store = seeding.core.connections.store;
        await seedConnection(store, 'facebook');
        await seedConnection(store, 'instagram');
        const liId = await seedConnection(store, 'linkedin');
        seeding.core.database.sqlite.prepare(`UPDATE connections SET targets_json = ? WHERE id = ?`).run(JSON.stringify([{ id: ORG_ID, name: 'Paddington Sourdough Pty Ltd' }]), liId);
        await seedConnection(store, 'youtube');
      },
      4,
    );
    // Later the same day: nothing is read again.
    time.advance(6 * HOUR);
    await settle();
    expect(followerCount(t)).toBe(4);
    for (let day = 1; day <= 2; day++) {
      time.advance(T0 + day * DAY_MS - time.now());
      await waitUntil(() => followerCount(t) === 4 * (day + 1), `day ${day + 1}`);
      await settle();
    }
    const overview = await t.call('results.overview', { from: T0, to: T0 + 3 * DAY_MS });
    const series = Object.fromEntries(overview.followers.map((entry) => [entry.platform, entry.points]));
    expect(series).toEqual({
      facebook: [300, 304, 308].map((followers, i) => ({ day: `2026-11-${26 + i}`, followers })),
      instagram: [500, 503, 506].map((followers, i) => ({ day: `2026-11-${26 + i}`, followers })),
      linkedin: [1200, 1205, 1210].map((followers, i) => ({ day: `2026-11-${26 + i}`, followers })),
      youtube: [80, 82, 84].map((followers, i) => ({ day: `2026-11-${26 + i}`, followers })),
    });
    // One read per connection per day.
    expect(ig.requests.filter((request) => request.path.endsWith(ACCOUNT_IDS.instagram))).toHaveLength(3);
    expect(yt.requests.filter((request) => request.path === '/youtube/v3/channels')).toHaveLength(3);
  });
});

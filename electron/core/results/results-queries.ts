import { sql } from 'kysely';
import { PLATFORMS, type Platform } from '@shared/domain/platform';
import type { ResultsOverview, UnavailableReason } from '@shared/ipc/results-channels';
import { unavailableReasonSchema } from '@shared/ipc/results-channels';
import type { Database } from '../db/schema';
import { bestTimes } from './best-times';
import { utcDay } from './metrics-collector';

/** How far back best times look: the business's recent habits, not ancient history. */
const BEST_TIMES_LOOKBACK_MS = 365 * 86_400_000;
const TOP_POSTS = 10;

interface TargetNumbers {
  targetId: string;
  platform: Platform;
  body: string;
  url: string | null;
  publishedAt: number;
  impressions: number | null;
  engagements: number | null;
}

/** Each published target in [from, to) with the latest impressions and engagements its network gave (null: never given). */
async function publishedWithNumbers(db: Database, from: number, to: number): Promise<TargetNumbers[]> {
  const latest = (metric: string) =>
    sql<number | null>`(SELECT m.value FROM metric_snapshots m WHERE m.target_id = t.id AND m.metric = ${metric} ORDER BY m.collected_at DESC LIMIT 1)`;
  const rows = await db
    .selectFrom('post_targets as t')
    .innerJoin('posts as p', 'p.id', 't.post_id')
    .where('t.state', '=', 'published')
    .where('t.published_at', '>=', from)
    .where('t.published_at', '<', to)
    .select(['t.id', 't.platform', 'p.body', 't.text_override', 't.platform_url', 't.published_at', latest('impressions').as('impressions'), latest('engagements').as('engagements')])
    .execute();
  return rows.map((row) => ({
    targetId: row.id,
    platform: row.platform,
    body: row.text_override ?? row.body,
    url: row.platform_url,
    publishedAt: row.published_at ?? 0,
    impressions: row.impressions,
    engagements: row.engagements,
  }));
}

/**
 * Why posts of the period have no numbers, per network: the reason the collector recorded on
 * the schedule, and LinkedIn's member posts (LinkedIn gives no impressions for those at all).
 */
async function unavailableByNetwork(db: Database, from: number, to: number): Promise<Map<Platform, Array<{ reason: UnavailableReason; posts: number }>>> {
  const recorded = await db
    .selectFrom('post_targets as t')
    .innerJoin('metric_schedule as s', 's.target_id', 't.id')
    .where('t.state', '=', 'published')
    .where('t.published_at', '>=', from)
    .where('t.published_at', '<', to)
    .where('s.last_error', 'is not', null)
    .groupBy(['t.platform', 's.last_error'])
    .select((eb) => ['t.platform', 's.last_error', eb.fn.countAll<number>().as('posts')])
    .execute();
  const members = await db
    .selectFrom('post_targets as t')
    .where('t.state', '=', 'published')
    .where('t.published_at', '>=', from)
    .where('t.published_at', '<', to)
    .where('t.platform', '=', 'linkedin')
    .where('t.author_id', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('posts'))
    .executeTakeFirst();
  const out = new Map<Platform, Array<{ reason: UnavailableReason; posts: number }>>();
  const add = (platform: Platform, reason: UnavailableReason, posts: number) => out.set(platform, [...(out.get(platform) ?? []), { reason, posts }]);
  for (const row of recorded) {
    const reason = unavailableReasonSchema.safeParse(row.last_error);
    if (reason.success) add(row.platform, reason.data, Number(row.posts));
  }
  if (members !== undefined && Number(members.posts) > 0) add('linkedin', 'impressions_not_given', Number(members.posts));
  return out;
}

/** Each connected account's follower count by UTC day over [from, to), oldest first. */
export async function followersOverTime(db: Database, from: number, to: number): Promise<ResultsOverview['followers']> {
  const rows = await db
    .selectFrom('follower_snapshots as f')
    .innerJoin('connections as c', 'c.id', 'f.connection_id')
    .where('f.day', '>=', utcDay(from))
    .where('f.day', '<=', utcDay(to - 1))
    .orderBy('c.created_at')
    .orderBy('f.connection_id')
    .orderBy('f.day')
    .select(['f.connection_id', 'c.platform', 'c.display_name', 'f.day', 'f.followers'])
    .execute();
  const series = new Map<string, ResultsOverview['followers'][number]>();
  for (const row of rows) {
    const entry = series.get(row.connection_id) ?? { connectionId: row.connection_id, platform: row.platform, accountName: row.display_name, points: [] };
    entry.points.push({ day: row.day, followers: row.followers });
    series.set(row.connection_id, entry);
  }
  return [...series.values()];
}

/** The Results page's numbers for one period, in the business's time zone. */
export async function readResultsOverview(db: Database, period: { from: number; to: number }, timeZone: string): Promise<ResultsOverview> {
  const targets = await publishedWithNumbers(db, period.from, period.to);
  const unavailable = await unavailableByNetwork(db, period.from, period.to);
  const networks = PLATFORMS.flatMap((platform) => {
    const mine = targets.filter((target) => target.platform === platform);
    if (mine.length === 0) return [];
    const withImpressions = mine.filter((target) => target.impressions !== null);
    const withEngagements = mine.filter((target) => target.engagements !== null);
    const withBoth = mine.filter((target) => target.impressions !== null && target.engagements !== null);
    const sum = (list: TargetNumbers[], key: 'impressions' | 'engagements') => list.reduce((total, target) => total + (target[key] ?? 0), 0);
    const bothImpressions = sum(withBoth, 'impressions');
    return [
      {
        platform,
        postsPublished: mine.length,
        postsWithNumbers: mine.filter((target) => target.impressions !== null || target.engagements !== null).length,
        impressions: withImpressions.length > 0 ? sum(withImpressions, 'impressions') : null,
        engagements: withEngagements.length > 0 ? sum(withEngagements, 'engagements') : null,
        engagementRate: bothImpressions > 0 ? sum(withBoth, 'engagements') / bothImpressions : null,
        unavailable: unavailable.get(platform) ?? [],
      },
    ];
  });
  const topPosts = targets
    .filter((target) => target.engagements !== null)
    .sort((a, b) => (b.engagements ?? 0) - (a.engagements ?? 0) || (b.impressions ?? 0) - (a.impressions ?? 0))
    .slice(0, TOP_POSTS)
    .map((target) => ({
      targetId: target.targetId,
      platform: target.platform,
      excerpt: target.body.length > 120 ? `${target.body.slice(0, 119)}…` : target.body,
      url: target.url,
      publishedAt: target.publishedAt,
      impressions: target.impressions,
      engagements: target.engagements,
    }));
  const history = await publishedWithNumbers(db, period.to - BEST_TIMES_LOOKBACK_MS, period.to);
  const connected = new Set(history.map((target) => target.platform));
  return {
    from: period.from,
    to: period.to,
    timeZone,
    networks,
    topPosts,
    bestTimes: bestTimes(history, timeZone, PLATFORMS.filter((platform) => connected.has(platform))),
    followers: await followersOverTime(db, period.from, period.to),
  };
}

import { sql } from 'kysely';
import { PLATFORMS, type Platform } from '@shared/domain/platform';
import type { ResultsOverview } from '@shared/ipc/results-channels';
import type { Database } from '../db/schema';
import { bestTimes } from './best-times';

/** How far back best times look: the business's recent habits, not ancient history. */
export const BEST_TIMES_LOOKBACK_MS = 365 * 86_400_000;
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
export async function publishedWithNumbers(db: Database, from: number, to: number): Promise<TargetNumbers[]> {
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

/** The Results page's numbers for one period, in the business's time zone. */
export async function readResultsOverview(db: Database, period: { from: number; to: number }, timeZone: string): Promise<ResultsOverview> {
  const targets = await publishedWithNumbers(db, period.from, period.to);
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
  };
}

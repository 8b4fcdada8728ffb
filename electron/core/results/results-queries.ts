import { sql, type Compilable } from 'kysely';
import { PLATFORMS, type Platform } from '@shared/domain/platform';
import { unavailableReasonSchema, type ResultsOverview, type UnavailableReason } from '@shared/ipc/results-channels';
import type { Database } from '../db/schema';
import { bestTimes } from './best-times';
import { utcDay } from './metrics-collector';

/** How far back best times look: the business's recent habits, not ancient history. */
export const BEST_TIMES_LOOKBACK_MS = 365 * 86_400_000;
const TOP_POSTS = 10;

/** A published target with the latest impressions and engagements its network gave (null: never given). */
interface TargetRow {
  id: string;
  platform: Platform;
  published_at: number | null;
  impressions: number | null;
  engagements: number | null;
}
/** One of the period's top posts, with what the page shows of it. */
interface TopPostRow extends TargetRow {
  body: string;
  text_override: string | null;
  platform_url: string | null;
}
interface UnavailableRow {
  platform: Platform;
  last_error: string | null;
  posts: number;
}
interface FollowerRow {
  connection_id: string;
  platform: Platform;
  display_name: string;
  day: string;
  followers: number;
}

/** What the overview is made of: the rows of its five queries. */
export interface OverviewRows {
  /** Published targets from the best-times lookback (or the period's start, if earlier) to the period's end. */
  targets: TargetRow[];
  /** The period's most engaging posts, with their text and link. */
  topPosts: TopPostRow[];
  unavailable: UnavailableRow[];
  linkedInMemberPosts: Array<{ posts: number }>;
  followers: FollowerRow[];
}

/**
 * The Results page's queries for one period, as kysely builders, so `readResultsOverview` runs them
 * and the bench can compile the very same SQL for raw prepared statements (`results.ratio`).
 * One targets query covers both the period and the best-times year (the period is at most a year).
 */
export function overviewQueries(db: Database, period: { from: number; to: number }): { [K in keyof OverviewRows]: Compilable<OverviewRows[K][number]> & { execute(): Promise<OverviewRows[K]> } } {
  const since = Math.min(period.from, period.to - BEST_TIMES_LOOKBACK_MS);
  const inPeriod = (from: number) => db.selectFrom('post_targets as t').where('t.state', '=', 'published').where('t.published_at', '>=', from).where('t.published_at', '<', period.to);
  return {
    // The latest numbers sit beside the schedule (migration 14); a target not enrolled yet has none.
    targets: inPeriod(since)
      .leftJoin('metric_schedule as s', 's.target_id', 't.id')
      .select(['t.id', 't.platform', 't.published_at', 's.latest_impressions as impressions', 's.latest_engagements as engagements']),
    topPosts: inPeriod(period.from)
      .innerJoin('metric_schedule as s', 's.target_id', 't.id')
      .innerJoin('posts as p', 'p.id', 't.post_id')
      .where('s.latest_engagements', 'is not', null)
      .orderBy('s.latest_engagements', 'desc')
      .orderBy(sql`coalesce(s.latest_impressions, 0)`, 'desc')
      .limit(TOP_POSTS)
      .select(['t.id', 't.platform', 't.published_at', 's.latest_impressions as impressions', 's.latest_engagements as engagements', 'p.body', 't.text_override', 't.platform_url']),
    // Why posts of the period have no numbers: the reason the collector recorded on the schedule.
    unavailable: inPeriod(period.from)
      .innerJoin('metric_schedule as s', 's.target_id', 't.id')
      .where('s.last_error', 'is not', null)
      .groupBy(['t.platform', 's.last_error'])
      .select((eb) => ['t.platform', 's.last_error', eb.fn.countAll<number>().as('posts')]),
    // LinkedIn gives no impressions at all for a member's own posts.
    linkedInMemberPosts: inPeriod(period.from)
      .where('t.platform', '=', 'linkedin')
      .where('t.author_id', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('posts')),
    followers: db
      .selectFrom('follower_snapshots as f')
      .innerJoin('connections as c', 'c.id', 'f.connection_id')
      .where('f.day', '>=', utcDay(period.from))
      .where('f.day', '<=', utcDay(period.to - 1))
      .orderBy('c.created_at')
      .orderBy('f.connection_id')
      .orderBy('f.day')
      .select(['f.connection_id', 'c.platform', 'c.display_name', 'f.day', 'f.followers']),
  };
}

/** The Results page's numbers for one period, in the business's time zone. */
export async function readResultsOverview(db: Database, period: { from: number; to: number }, timeZone: string): Promise<ResultsOverview> {
  const queries = overviewQueries(db, period);
  const rows: OverviewRows = {
    targets: await queries.targets.execute(),
    topPosts: await queries.topPosts.execute(),
    unavailable: await queries.unavailable.execute(),
    linkedInMemberPosts: await queries.linkedInMemberPosts.execute(),
    followers: await queries.followers.execute(),
  };
  return composeOverview(period, timeZone, rows);
}

/** The overview from its rows: totals per network only over posts with numbers, top posts, best times, followers. Pure. */
export function composeOverview(period: { from: number; to: number }, timeZone: string, rows: OverviewRows): ResultsOverview {
  const history = rows.targets.map((row) => ({ platform: row.platform, publishedAt: row.published_at ?? 0, impressions: row.impressions, engagements: row.engagements }));
  type TargetNumbers = (typeof history)[number];
  const targets = history.filter((target) => target.publishedAt >= period.from);
  const unavailable = new Map<Platform, Array<{ reason: UnavailableReason; posts: number }>>();
  const addUnavailable = (platform: Platform, reason: UnavailableReason, posts: number) => unavailable.set(platform, [...(unavailable.get(platform) ?? []), { reason, posts }]);
  for (const row of rows.unavailable) {
    const reason = unavailableReasonSchema.safeParse(row.last_error);
    if (reason.success) addUnavailable(row.platform, reason.data, Number(row.posts));
  }
  const memberPosts = Number(rows.linkedInMemberPosts[0]?.posts ?? 0);
  if (memberPosts > 0) addUnavailable('linkedin', 'impressions_not_given', memberPosts);

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
  const topPosts = rows.topPosts.map((row) => {
    const text = row.text_override ?? row.body;
    return {
      targetId: row.id,
      platform: row.platform,
      excerpt: text.length > 120 ? `${text.slice(0, 119)}…` : text,
      url: row.platform_url,
      publishedAt: row.published_at ?? 0,
      impressions: row.impressions,
      engagements: row.engagements,
    };
  });
  const lastYear = history.filter((target) => target.publishedAt >= period.to - BEST_TIMES_LOOKBACK_MS);
  const connected = new Set(lastYear.map((target) => target.platform));

  const followers = new Map<string, ResultsOverview['followers'][number]>();
  for (const row of rows.followers) {
    const entry = followers.get(row.connection_id) ?? { connectionId: row.connection_id, platform: row.platform, accountName: row.display_name, points: [] };
    entry.points.push({ day: row.day, followers: row.followers });
    followers.set(row.connection_id, entry);
  }
  return {
    from: period.from,
    to: period.to,
    timeZone,
    networks,
    topPosts,
    bestTimes: bestTimes(lastYear, timeZone, PLATFORMS.filter((platform) => connected.has(platform))),
    followers: [...followers.values()],
  };
}

import type { Platform } from '@shared/domain/platform';
import { offsetAt, wallPartsAt } from '@shared/time/zoned-time';

/** One of the business's own published posts, with the latest numbers its network gave. */
export interface PublishedPostNumbers {
  platform: Platform;
  publishedAt: number;
  impressions: number | null;
  engagements: number | null;
}

/** One weekday-and-hour cell in the business's time zone (ISO weekday: 1 Monday … 7 Sunday). */
export interface BestTimeCell {
  weekday: number;
  hour: number;
  posts: number;
  /** Mean engagement rate (engagements ÷ impressions) of the cell's posts. */
  meanRate: number;
  /** The lowest and highest rate among them: the spread the mean hides. */
  lowestRate: number;
  highestRate: number;
}

export type BestTimes =
  | { platform: Platform; kind: 'needs_more_posts'; postsWithNumbers: number; needed: number }
  | {
      platform: Platform;
      kind: 'ready';
      postsWithNumbers: number;
      /** Every cell with at least one post (the heat map). */
      cells: BestTimeCell[];
      /** The best cells with enough posts of their own, best first; empty when no cell has enough. */
      suggestions: BestTimeCell[];
    };

/** The fewest posts on a network before anything is suggested (issue 17). */
export const MIN_POSTS_PER_NETWORK = 20;
/** The fewest posts in one weekday-hour before it may be suggested: one lucky post is not a pattern. */
export const MIN_POSTS_PER_CELL = 3;
const MAX_SUGGESTIONS = 3;

/**
 * Engagement rate by weekday and hour, in `timeZone`, from the business's own posts on each
 * network. Only posts the network gave both numbers for (impressions above 0) count. Below
 * `MIN_POSTS_PER_NETWORK` it says how many more posts it needs and suggests nothing. Pure.
 */
export function bestTimes(posts: readonly PublishedPostNumbers[], timeZone: string, platforms: readonly Platform[], minPosts = MIN_POSTS_PER_NETWORK): BestTimes[] {
  const wallAt = weekdayAndHourIn(timeZone);
  return platforms.map((platform) => {
    const usable = posts.filter((post) => post.platform === platform && post.impressions !== null && post.impressions > 0 && post.engagements !== null);
    if (usable.length < minPosts) return { platform, kind: 'needs_more_posts', postsWithNumbers: usable.length, needed: minPosts - usable.length };
    const rates = new Map<string, { weekday: number; hour: number; rates: number[] }>();
    for (const post of usable) {
      const wall = wallAt(post.publishedAt);
      const key = `${wall.weekday}-${wall.hour}`;
      const cell = rates.get(key) ?? { weekday: wall.weekday, hour: wall.hour, rates: [] };
      cell.rates.push(post.engagements! / post.impressions!);
      rates.set(key, cell);
    }
    const cells: BestTimeCell[] = [...rates.values()]
      .map(({ weekday, hour, rates: list }) => ({
        weekday,
        hour,
        posts: list.length,
        meanRate: list.reduce((sum, rate) => sum + rate, 0) / list.length,
        lowestRate: Math.min(...list),
        highestRate: Math.max(...list),
      }))
      .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
    const suggestions = cells
      .filter((cell) => cell.posts >= MIN_POSTS_PER_CELL)
      .sort((a, b) => b.meanRate - a.meanRate || b.posts - a.posts)
      .slice(0, MAX_SUGGESTIONS);
    return { platform, kind: 'ready', postsWithNumbers: usable.length, cells, suggestions };
  });
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * ISO weekday and hour of an instant in `zone`. Intl is slow per call (a year of posts took most
 * of the Results page's time), so the zone's offset is read once per UTC day and the rest is
 * arithmetic; a day whose offset changes (daylight saving starts or ends) is read post by post.
 */
function weekdayAndHourIn(zone: string): (instant: number) => { weekday: number; hour: number } {
  const offsets = new Map<number, number | null>();
  return (instant) => {
    const day = Math.floor(instant / DAY_MS);
    let offset = offsets.get(day);
    if (offset === undefined) {
      const first = offsetAt(day * DAY_MS, zone);
      offset = first === offsetAt((day + 1) * DAY_MS - 1, zone) ? first : null;
      offsets.set(day, offset);
    }
    if (offset === null) return wallPartsAt(instant, zone);
    const local = instant + offset;
    const localDay = Math.floor(local / DAY_MS);
    // 1 January 1970 was a Thursday (ISO weekday 4).
    return { weekday: ((((localDay + 3) % 7) + 7) % 7) + 1, hour: Math.floor((local - localDay * DAY_MS) / HOUR_MS) };
  };
}

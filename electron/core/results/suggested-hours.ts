import type { Platform } from '@shared/domain/platform';
import type { Database } from '../db/schema';
import { bestTimes } from './best-times';
import { BEST_TIMES_LOOKBACK_MS, overviewQueries } from './results-queries';

/**
 * The weekday-and-hour cells best times suggests for any of `platforms` (the same history and
 * rules as the Results page: a year back, 20 posts a network, 3 a cell), for "Add to next free
 * slot" when the owner prefers them. Empty below the minimum: nothing is made up.
 */
export async function suggestedHours(db: Database, now: number, timeZone: string, platforms: readonly Platform[]): Promise<Array<{ weekday: number; hour: number }>> {
  if (platforms.length === 0) return [];
  // The Results page's own targets query (latest numbers beside the schedule), over the lookback year.
  const rows = await overviewQueries(db, { from: now - BEST_TIMES_LOOKBACK_MS, to: now }).targets.execute();
  const history = rows.map((row) => ({ platform: row.platform, publishedAt: row.published_at ?? 0, impressions: row.impressions, engagements: row.engagements }));
  return bestTimes(history, timeZone, platforms).flatMap((best) => (best.kind === 'ready' ? best.suggestions.map(({ weekday, hour }) => ({ weekday, hour })) : []));
}

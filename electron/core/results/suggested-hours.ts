import type { Platform } from '@shared/domain/platform';
import type { Database } from '../db/schema';
import { bestTimes } from './best-times';
import { BEST_TIMES_LOOKBACK_MS, publishedWithNumbers } from './results-queries';

/**
 * The weekday-and-hour cells best times suggests for any of `platforms` (the same history and
 * rules as the Results page: a year back, 20 posts a network, 3 a cell), for "Add to next free
 * slot" when the owner prefers them. Empty below the minimum: nothing is made up.
 */
export async function suggestedHours(db: Database, now: number, timeZone: string, platforms: readonly Platform[]): Promise<Array<{ weekday: number; hour: number }>> {
  if (platforms.length === 0) return [];
  const history = await publishedWithNumbers(db, now - BEST_TIMES_LOOKBACK_MS, now);
  return bestTimes(history, timeZone, platforms).flatMap((best) => (best.kind === 'ready' ? best.suggestions.map(({ weekday, hour }) => ({ weekday, hour })) : []));
}

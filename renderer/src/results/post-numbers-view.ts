import type { PostNumbers } from '@shared/ipc/results-channels';
import { METRIC_NAMES, METRIC_SOURCES, type Metric } from '@shared/results/metric-sources';

/**
 * How a post's numbers over time are laid out (pure): which columns, which number the chart
 * draws, and how long after publishing each read was.
 */

/** Every number this network gives (its source table) or gave at some read, in the page's usual order. */
export function numberColumns(numbers: Pick<PostNumbers, 'platform' | 'snapshots'>): Metric[] {
  const seen = new Set<Metric>(Object.keys(METRIC_SOURCES[numbers.platform].fields) as Metric[]);
  for (const snapshot of numbers.snapshots) for (const metric of Object.keys(snapshot.values) as Metric[]) seen.add(metric);
  return METRIC_NAMES.filter((metric) => seen.has(metric));
}

/**
 * The number the chart draws: impressions if two or more reads have them, else engagements, else
 * the first number given that often; null when none is (one point is no line: the table says it).
 */
export function chartedMetric(numbers: Pick<PostNumbers, 'snapshots'>, columns: readonly Metric[]): Metric | null {
  const given = (metric: Metric) => numbers.snapshots.filter((snapshot) => snapshot.values[metric] !== undefined).length >= 2;
  return (['impressions', 'engagements', ...columns] as Metric[]).find(given) ?? null;
}

/** "1 hour after", "5 hours after", "1 day after", "7 days after". */
export function timeAfterPublishing(publishedAt: number, at: number): string {
  const hours = Math.max(0, Math.round((at - publishedAt) / 3_600_000));
  if (hours < 24) return hours === 1 ? '1 hour after' : `${hours} hours after`;
  const days = Math.round(hours / 24);
  return days === 1 ? '1 day after' : `${days} days after`;
}

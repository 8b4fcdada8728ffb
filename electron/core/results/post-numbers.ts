import type { PostNumbers } from '@shared/ipc/results-channels';
import type { Metric } from '@shared/results/metric-sources';
import type { Database, MetricName } from '../db/schema';
import { CoreError } from '../errors';

// The contract's metric names and the database's are one list: a name added to one and not the other fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameMetricNames: Same<Metric, MetricName> = true;
void sameMetricNames;

/** The most reads one answer carries (about 17 are made in 90 days; the rest is margin). */
const MAX_SNAPSHOTS = 200;

/**
 * One published target's numbers over time, oldest read first, and where its collection stands.
 * A metric the network did not give at a read is absent from that read (the page says "not
 * available"), never 0. `collectX`: whether X reads are on (they cost the owner money).
 */
export async function readPostNumbers(db: Database, targetId: string, collectX: boolean): Promise<PostNumbers> {
  const target = await db
    .selectFrom('post_targets as t')
    .leftJoin('metric_schedule as s', 's.target_id', 't.id')
    .where('t.id', '=', targetId)
    .where('t.state', '=', 'published')
    .select(['t.id', 't.platform', 't.published_at', 't.platform_url', 's.target_id as scheduled', 's.next_due_at', 's.last_error'])
    .executeTakeFirst();
  if (!target || target.published_at === null) throw new CoreError('not_found', 'That post has not been published, so it has no numbers.');
  const rows = await db
    .selectFrom('metric_snapshots')
    .where('target_id', '=', targetId)
    .orderBy('collected_at')
    .select(['collected_at', 'metric', 'value'])
    .limit(MAX_SNAPSHOTS * 9)
    .execute();
  const byRead = new Map<number, Partial<Record<Metric, number>>>();
  for (const row of rows) byRead.set(row.collected_at, { ...byRead.get(row.collected_at), [row.metric]: row.value });
  const snapshots = [...byRead].slice(-MAX_SNAPSHOTS).map(([collectedAt, values]) => ({ collectedAt, values }));
  const status = collectionStatus({ ...target, collectX, reads: snapshots.length });
  return {
    targetId: target.id,
    platform: target.platform,
    publishedAt: target.published_at,
    url: target.platform_url,
    status,
    // Another read is coming only while collecting (a passing reason such as "too few viewers yet" keeps collecting).
    nextReadAt: status === 'collecting' || status === 'waiting' ? target.next_due_at : null,
    snapshots,
  };
}

/** Where collection stands, from the schedule row (absent: not enrolled yet) and the X switch. Pure. */
export function collectionStatus(input: {
  platform: string;
  scheduled: string | null;
  next_due_at: number | null;
  last_error: string | null;
  collectX: boolean;
  reads: number;
}): PostNumbers['status'] {
  if (input.last_error === 'not_found') return 'gone';
  if (input.last_error === 'not_permitted') return 'not_permitted';
  if (input.scheduled !== null && input.next_due_at === null) return 'done';
  if (input.platform === 'x' && !input.collectX) return 'off';
  return input.reads === 0 ? 'waiting' : 'collecting';
}

import { sql } from 'kysely';
import type { Platform } from '@shared/domain/platform';
import type { Database, MetricName } from '../db/schema';
import { COLLECTION_OFFSETS_MS, nextCollectionAt } from './collection-schedule';

/** A published target due for collection, with what reading it needs. */
export interface DueMetricsTarget {
  targetId: string;
  platform: Platform;
  connectionId: string;
  platformPostId: string;
  publishedAt: number;
  /** The connection's own account id. */
  accountId: string;
  /** Who the post was published as when not the account (a LinkedIn organisation). */
  authorId: string | null;
}

/** A connection whose follower count has not been read today. */
export interface FollowersDue {
  connectionId: string;
  platform: Platform;
  accountId: string;
  targetsJson: string | null;
}

/**
 * The collector's reads and writes. It reads the publishing engine's `post_targets` (never
 * writes them) and keeps its own schedule in `metric_schedule`.
 */
export class MetricsStore {
  constructor(private readonly db: Database) {}

  /**
   * Puts every published target not yet on the schedule on it, first due an hour after publishing,
   * with the latest numbers of any snapshots it already has (a database filled by hand or by an
   * older build), so the Results page reads the same numbers either way.
   */
  async enrolPublished(now: number): Promise<number> {
    const latest = (metric: MetricName) =>
      sql<number | null>`(SELECT m.value FROM metric_snapshots m WHERE m.target_id = t.id AND m.metric = ${metric} ORDER BY m.collected_at DESC LIMIT 1)`;
    const result = await this.db
      .insertInto('metric_schedule')
      .columns(['target_id', 'published_at', 'next_due_at', 'last_error', 'updated_at', 'latest_impressions', 'latest_engagements'])
      .expression((eb) =>
        eb
          .selectFrom('post_targets as t')
          .leftJoin('metric_schedule as s', 's.target_id', 't.id')
          .where('t.state', '=', 'published')
          .where('t.published_at', 'is not', null)
          .where('t.platform_post_id', 'is not', null)
          .where('s.target_id', 'is', null)
          .select([
            't.id',
            't.published_at',
            sql<number>`t.published_at + ${COLLECTION_OFFSETS_MS[0]!}`.as('next_due_at'),
            sql<null>`NULL`.as('last_error'),
            sql<number>`${now}`.as('updated_at'),
            latest('impressions').as('latest_impressions'),
            latest('engagements').as('latest_engagements'),
          ]),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  /**
   * Targets due at `now` on connected connections of `platforms`, oldest due first, leaving out
   * `held` connections (a rate limit), so one held account's backlog never starves the others.
   */
  async due(now: number, platforms: readonly Platform[], limit: number, held: readonly string[] = []): Promise<DueMetricsTarget[]> {
    if (platforms.length === 0) return [];
    const rows = await this.db
      .selectFrom('metric_schedule as s')
      .innerJoin('post_targets as t', 't.id', 's.target_id')
      .innerJoin('connections as c', 'c.id', 't.connection_id')
      .where('s.next_due_at', '<=', now)
      .where('c.state', '=', 'connected')
      .where('t.platform', 'in', platforms)
      .$if(held.length > 0, (qb) => qb.where('c.id', 'not in', held))
      .orderBy('s.next_due_at')
      .limit(limit)
      .select(['s.target_id', 't.platform', 'c.id as connection_id', 't.platform_post_id', 's.published_at', 'c.account_id', 't.author_id'])
      .execute();
    return rows.map((row) => ({
      targetId: row.target_id,
      platform: row.platform,
      connectionId: row.connection_id,
      platformPostId: row.platform_post_id ?? '',
      publishedAt: row.published_at,
      accountId: row.account_id,
      authorId: row.author_id,
    }));
  }

  /** The earliest next collection among `platforms`; null when nothing is scheduled. */
  async nextDueAt(platforms: readonly Platform[]): Promise<number | null> {
    if (platforms.length === 0) return null;
    const row = await this.db
      .selectFrom('metric_schedule as s')
      .innerJoin('post_targets as t', 't.id', 's.target_id')
      .innerJoin('connections as c', 'c.id', 't.connection_id')
      .where('c.state', '=', 'connected')
      .where('s.next_due_at', 'is not', null)
      .where('t.platform', 'in', platforms)
      .select((eb) => eb.fn.min('s.next_due_at').as('at'))
      .executeTakeFirst();
    return row?.at ?? null;
  }

  /** Stores what a network reported for each target and moves each on to its next collection, in one transaction. */
  async recordCollected(now: number, collected: ReadonlyArray<{ target: DueMetricsTarget; metrics: Partial<Record<MetricName, number>>; raw: string | null }>): Promise<void> {
    if (collected.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const { target, metrics, raw } of collected) {
        const entries = Object.entries(metrics) as Array<[MetricName, number]>;
        if (entries.length > 0) {
          await trx
            .insertInto('metric_snapshots')
            .values(entries.map(([metric, value], i) => ({ target_id: target.targetId, collected_at: now, metric, value, raw_json: i === 0 ? raw : null })))
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
        await trx
          .updateTable('metric_schedule')
          .set((eb) => ({
            next_due_at: nextCollectionAt(target.publishedAt, now),
            collections: eb('collections', '+', 1),
            last_error: null,
            updated_at: now,
            // A number this read did not give keeps the one given before (the latest known).
            latest_impressions: metrics.impressions ?? eb.ref('latest_impressions'),
            latest_engagements: metrics.engagements ?? eb.ref('latest_engagements'),
          }))
          .where('target_id', '=', target.targetId)
          .execute();
      }
    });
  }

  /** Targets a network could not give numbers for: why (shown as "not available"), and when to look again (null: never). */
  async recordUnavailable(now: number, targetIds: readonly string[], why: string, retryAt: number | null): Promise<void> {
    if (targetIds.length === 0) return;
    await this.db.updateTable('metric_schedule').set({ last_error: why, next_due_at: retryAt, updated_at: now }).where('target_id', 'in', targetIds).execute();
  }

  /** Targets read but without numbers yet (too few viewers, no data yet): why, and on to their next collection. */
  async recordNotYet(now: number, targets: ReadonlyArray<{ target: DueMetricsTarget; why: string }>): Promise<void> {
    if (targets.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const { target, why } of targets) {
        await trx
          .updateTable('metric_schedule')
          .set({ next_due_at: nextCollectionAt(target.publishedAt, now), last_error: why, updated_at: now })
          .where('target_id', '=', target.targetId)
          .execute();
      }
    });
  }

  /** Connected connections of `platforms` with no follower count for `day` (UTC, YYYY-MM-DD). */
  async followersDue(day: string, platforms: readonly Platform[]): Promise<FollowersDue[]> {
    if (platforms.length === 0) return [];
    const rows = await this.db
      .selectFrom('connections as c')
      .leftJoin('follower_snapshots as f', (join) => join.onRef('f.connection_id', '=', 'c.id').on('f.day', '=', day))
      .where('c.state', '=', 'connected')
      .where('c.platform', 'in', platforms)
      .where('f.connection_id', 'is', null)
      .orderBy('c.created_at')
      .select(['c.id', 'c.platform', 'c.account_id', 'c.targets_json'])
      .execute();
    return rows.map((row) => ({ connectionId: row.id, platform: row.platform, accountId: row.account_id, targetsJson: row.targets_json }));
  }

  /** A connection's follower count for `day`; a second read the same day replaces the first. */
  async recordFollowers(now: number, connectionId: string, day: string, followers: number): Promise<void> {
    await this.db
      .insertInto('follower_snapshots')
      .values({ connection_id: connectionId, day, followers, collected_at: now })
      .onConflict((oc) => oc.columns(['connection_id', 'day']).doUpdateSet({ followers, collected_at: now }))
      .execute();
  }
}

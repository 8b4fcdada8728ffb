import { PLATFORMS } from '@shared/domain/platform';
import type { ResponseOf } from '@shared/ipc/contract';
import { sql } from 'kysely';
import type { Database } from '../db/schema';
import { readPostViews } from './post-views';

const LIST_LIMIT = 100;
/** Failures stay in "needs attention" this long; needs_check, needs_reconnect and missed stay until resolved. */
const FAILED_SHOWN_MS = 14 * 24 * 60 * 60 * 1000;
const RECENT_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The posts waiting for the owner: missed, an unknown outcome, a sign-in to renew, or a recent
 * failure. One definition for the Publishing page's list and the tray's count, driven by what
 * each filter matches through partial indexes (migration 009): never a walk of every post.
 */
function needsAttentionQuery(db: Database, now: number) {
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('post_targets')
        .select('post_id as id')
        .where('state', 'in', ['needs_check', 'needs_reconnect'])
        .union(eb.selectFrom('post_targets').select('post_id as id').where('state', '=', 'failed').where('updated_at', '>=', now - FAILED_SHOWN_MS))
        .union(eb.selectFrom('posts').select('id').where('missed_at', 'is not', null).where('deleted_at', 'is', null))
        .as('a'),
    )
    .innerJoin('posts as p', 'p.id', 'a.id')
    .select('p.id')
    .where('p.deleted_at', 'is', null);
}

/** How many posts need the owner (the tray's count; the sidebar counts the overview's list). */
export async function countNeedsAttention(db: Database, now: number): Promise<number> {
  const row = await needsAttentionQuery(db, now)
    .clearSelect()
    .select(({ fn }) => fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The publishing view: under way now, waiting for the owner, and what went out lately. */
export async function readPublishingOverview(db: Database, now: number): Promise<ResponseOf<'publishing.overview'>> {
  const inProgress = await db
    .selectFrom('posts')
    .select('id')
    .where('state', '=', 'publishing')
    .where('deleted_at', 'is', null)
    .orderBy('scheduled_at')
    .limit(LIST_LIMIT)
    .execute();
  const attention = await needsAttentionQuery(db, now)
    .orderBy('p.scheduled_at', 'desc')
    .limit(LIST_LIMIT)
    .execute();
  // The newest published targets first, walking the published-time index (post_targets_results,
  // led by published_at over the published targets); a post appears once,
  // at its latest target. A post has at most one target per platform, so LIST_LIMIT posts are
  // among the first LIST_LIMIT × platforms targets: the read is bounded however long the history.
  // Raw SQL to pin the plan: left to itself the planner takes post_targets_by_state and sorts
  // every published target (20 ms at 20,000 posts); the time index reads only the newest.
  const newest = await sql<{ post_id: string }>`
    SELECT t.post_id FROM post_targets AS t INDEXED BY post_targets_results
    JOIN posts AS p ON p.id = t.post_id
    WHERE t.state = 'published' AND t.published_at >= ${now - RECENT_MS} AND p.deleted_at IS NULL
    ORDER BY t.published_at DESC
    LIMIT ${LIST_LIMIT * PLATFORMS.length}`.execute(db);
  const recent = [...new Set(newest.rows.map((row) => row.post_id))].slice(0, LIST_LIMIT);
  return {
    inProgress: await readPostViews(db, inProgress.map((r) => r.id)),
    needsAttention: await readPostViews(db, attention.map((r) => r.id)),
    recent: await readPostViews(db, recent),
  };
}

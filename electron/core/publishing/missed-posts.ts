import { sql } from 'kysely';
import { inSyncRead, inSyncTransaction, queryBuilder, type SyncDatabase, type SyncTx } from '../db/sync-transaction';
import { readTargetChange, type TargetChange } from './outbox-transitions';

/**
 * Posts whose time passed more than `lateAfterMs` ago without any of their targets having been
 * tried (the app was not running, or the computer slept) are marked missed and NOT sent: a post
 * going out hours late can be worse than none, so the owner chooses (publish now, reschedule,
 * back to drafts). A post already under way, or waiting on a platform's rate limit, is not missed.
 * Returns the posts it marked and their targets (for the events).
 *
 * This runs before every claim pass and almost always finds nothing, so it first asks with a
 * plain read (no write lock, no BEGIN/COMMIT); only when a post is missed does it open a write
 * transaction, which asks again (a post may have been claimed or edited in between) and marks.
 */
export async function markMissedPosts(database: SyncDatabase, now: number, lateAfterMs: number): Promise<{ postIds: string[]; changes: TargetChange[] }> {
  const before = now - lateAfterMs;
  if ((await inSyncRead(database, (tx) => missedPostIds(tx, before))).length === 0) return { postIds: [], changes: [] };
  return inSyncTransaction(database, (tx) => {
    const postIds = missedPostIds(tx, before);
    if (postIds.length === 0) return { postIds, changes: [] };
    tx.run(queryBuilder.updateTable('posts').set({ missed_at: now }).where('id', 'in', postIds));
    const targets = tx.all(queryBuilder.selectFrom('post_targets').select('id').where('post_id', 'in', postIds).orderBy('post_id').orderBy('position'));
    const changes: TargetChange[] = targets.map((target) => readTargetChange(tx, target.id));
    return { postIds, changes };
  });
}

/** Scheduled posts due before `before` none of whose targets was tried or is waiting on a retry. */
function missedPostIds(tx: SyncTx, before: number): string[] {
  // Raw SQL to pin posts_due (scheduled posts by time): this runs on every engine pass, and
  // the planner otherwise walks every scheduled post through the index on (state, created_at).
  return tx
    .all(
      sql<{ id: string }>`
      SELECT p.id FROM posts AS p INDEXED BY posts_due
      WHERE p.state = 'scheduled' AND p.deleted_at IS NULL AND p.missed_at IS NULL AND p.scheduled_at < ${before}
        AND NOT EXISTS (
          SELECT 1 FROM post_targets AS t
          WHERE t.post_id = p.id AND (t.next_attempt_at IS NOT NULL OR t.state != 'scheduled')
        )`.compile(queryBuilder),
    )
    .map((row) => row.id);
}

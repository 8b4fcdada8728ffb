import { sql } from 'kysely';
import type { Database } from '../db/schema';
import { readTargetChange, type TargetChange } from './outbox-store';

/**
 * Posts whose time passed more than `lateAfterMs` ago without any of their targets having been
 * tried (the app was not running, or the computer slept) are marked missed and NOT sent: a post
 * going out hours late can be worse than none, so the owner chooses (publish now, reschedule,
 * back to drafts). A post already under way, or waiting on a platform's rate limit, is not missed.
 * Returns the posts it marked and their targets (for the events).
 */
export async function markMissedPosts(db: Database, now: number, lateAfterMs: number): Promise<{ postIds: string[]; changes: TargetChange[] }> {
  return db.transaction().execute(async (trx) => {
    // Raw SQL to pin posts_due (scheduled posts by time): this runs on every engine pass, and
    // the planner otherwise walks every scheduled post through the index on (state, created_at).
    const { rows: missed } = await sql<{ id: string }>`
      SELECT p.id FROM posts AS p INDEXED BY posts_due
      WHERE p.state = 'scheduled' AND p.deleted_at IS NULL AND p.missed_at IS NULL AND p.scheduled_at < ${now - lateAfterMs}
        AND NOT EXISTS (
          SELECT 1 FROM post_targets AS t
          WHERE t.post_id = p.id AND (t.next_attempt_at IS NOT NULL OR t.state != 'scheduled')
        )`.execute(trx);
    const postIds = missed.map((row) => row.id);
    if (postIds.length === 0) return { postIds, changes: [] };
    await trx.updateTable('posts').set({ missed_at: now }).where('id', 'in', postIds).execute();
    const targets = await trx.selectFrom('post_targets').select('id').where('post_id', 'in', postIds).orderBy('post_id').orderBy('position').execute();
    const changes: TargetChange[] = [];
    for (const target of targets) changes.push(await readTargetChange(trx, target.id));
    return { postIds, changes };
  });
}

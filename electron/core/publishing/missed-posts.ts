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
    const missed = await trx
      .selectFrom('posts as p')
      .select('p.id')
      .where('p.state', '=', 'scheduled')
      .where('p.deleted_at', 'is', null)
      .where('p.missed_at', 'is', null)
      .where('p.scheduled_at', '<', now - lateAfterMs)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('post_targets as t')
              .select(sql`1`.as('one'))
              .whereRef('t.post_id', '=', 'p.id')
              .where((eb) => eb.or([eb('t.next_attempt_at', 'is not', null), eb('t.state', '!=', 'scheduled')])),
          ),
        ),
      )
      .execute();
    const postIds = missed.map((row) => row.id);
    if (postIds.length === 0) return { postIds, changes: [] };
    await trx.updateTable('posts').set({ missed_at: now }).where('id', 'in', postIds).execute();
    const targets = await trx.selectFrom('post_targets').select('id').where('post_id', 'in', postIds).orderBy('post_id').orderBy('position').execute();
    const changes: TargetChange[] = [];
    for (const target of targets) changes.push(await readTargetChange(trx, target.id));
    return { postIds, changes };
  });
}

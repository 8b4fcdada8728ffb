import { PLATFORM_LABELS } from '../../../shared/domain/platform';
import type { Database } from '../db/schema';
import { readTargetChange, settlePost, type TargetChange } from './outbox-store';

/**
 * At start, before anything is sent: a target still `publishing` was being sent when the app
 * stopped (crash, power cut, kill), so the platform may or may not have it. It becomes
 * `needs_check` and is never sent again by itself; its open attempt is closed as `unknown`.
 * Returns the targets it moved, for the events.
 */
export async function recoverInterrupted(db: Database, now: number): Promise<TargetChange[]> {
  return db.transaction().execute(async (trx) => {
    const stuck = await trx.selectFrom('post_targets').select(['id', 'post_id', 'platform']).where('state', '=', 'publishing').execute();
    const changes: TargetChange[] = [];
    for (const target of stuck) {
      const where = PLATFORM_LABELS[target.platform];
      const message = `AgencyIQ stopped while sending this post, so it cannot tell whether ${where} received it. Look on ${where}, then tell AgencyIQ what happened.`;
      await trx
        .updateTable('publish_attempts')
        .set({ finished_at: now, outcome: 'unknown', error_kind: 'unknown', error_message: message })
        .where('target_id', '=', target.id)
        .where('finished_at', 'is', null)
        .execute();
      await trx
        .updateTable('post_targets')
        .set({ state: 'needs_check', error_kind: 'unknown', last_error: message, next_attempt_at: null, updated_at: now })
        .where('id', '=', target.id)
        .execute();
      await settlePost(trx, target.post_id, now);
      changes.push(await readTargetChange(trx, target.id));
    }
    return changes;
  });
}

import { PLATFORM_LABELS } from '@shared/domain/platform';
import { inSyncTransaction, queryBuilder, type SyncDatabase } from '../db/sync-transaction';
import { deleteOpenAttempts, requeueUnsent } from './outbox-statements';
import { readTargetChange, settlePost, type TargetChange } from './outbox-transitions';

/**
 * At start, before anything is sent: a target still `publishing` was claimed when the app
 * stopped (crash, power cut, kill).
 *
 * - Its leaving mark is set: its request may have left, so the platform may or may not have it.
 *   It becomes `needs_check` and is never sent again by itself; its open attempt is closed as
 *   `unknown`.
 * - No leaving mark, and the computer has not restarted since the claim (`boot`, the same as the
 *   claim's): the mark would be there had the request left (an unsynced commit survives a crash
 *   of the app), so it never left. It goes back to waiting and is sent as usual.
 * - No leaving mark after a restart (or the boot unknown): a power cut may have lost the mark,
 *   so it may have left: `needs_check`, like the first case.
 *
 * Returns the targets it moved, for the events.
 */
export async function recoverInterrupted(database: SyncDatabase, now: number, boot: string | null): Promise<TargetChange[]> {
  return inSyncTransaction(database, (tx) => {
    const stuck = tx.all(
      queryBuilder.selectFrom('post_targets').select(['id', 'post_id', 'platform', 'left_at', 'claim_boot']).where('state', '=', 'publishing'),
    );
    const changes: TargetChange[] = [];
    for (const target of stuck) {
      const neverLeft = target.left_at === null && boot !== null && target.claim_boot === boot;
      if (neverLeft) {
        requeueUnsent(tx, { targetId: target.id, now });
        deleteOpenAttempts(tx, { targetId: target.id });
        changes.push(readTargetChange(tx, target.id));
        continue;
      }
      const where = PLATFORM_LABELS[target.platform];
      const message = `AgencyIQ stopped while sending this post, so it cannot tell whether ${where} received it. Look on ${where}, then tell AgencyIQ what happened.`;
      tx.run(
        queryBuilder
          .updateTable('publish_attempts')
          .set({ finished_at: now, outcome: 'unknown', error_kind: 'unknown', error_message: message })
          .where('target_id', '=', target.id)
          .where('finished_at', 'is', null),
      );
      tx.run(
        queryBuilder
          .updateTable('post_targets')
          .set({ state: 'needs_check', error_kind: 'unknown', last_error: message, next_attempt_at: null, updated_at: now })
          .where('id', '=', target.id),
      );
      settlePost(tx, target.post_id, now);
      changes.push(readTargetChange(tx, target.id));
    }
    return changes;
  });
}

import { PLATFORM_LABELS } from '@shared/domain/platform';
import type { CheckResolution } from '@shared/ipc/publishing-channels';
import type { TargetState } from '../db/schema';
import { inSyncTransaction, queryBuilder, type SyncDatabase, type SyncTx } from '../db/sync-transaction';
import { CoreError } from '../errors';
import { commitForPost } from '../licence/quota-ledger';
import { readTargetChange, settlePost, type Recorded } from './outbox-transitions';

function targetIn(tx: SyncTx, targetId: string, states: readonly TargetState[], refusal: string) {
  const target = tx.first(
    queryBuilder
      .selectFrom('post_targets as t')
      .innerJoin('posts as p', 'p.id', 't.post_id')
      .select(['t.id', 't.post_id', 't.platform', 't.state', 'p.deleted_at'])
      .where('t.id', '=', targetId),
  );
  if (target === undefined || target.deleted_at !== null) throw new CoreError('not_found', 'That post no longer exists.');
  if (!states.includes(target.state)) throw new CoreError('conflict', refusal);
  return target;
}

/**
 * The owner's answer for a target whose outcome was unknown (`needs_check`), in one transaction:
 * - `was-published`: recorded as published with the pasted link, and the post charged; nothing sent.
 * - `publish-again`: back to `scheduled` now; the engine sends it once more (the owner accepted
 *   the risk of a second copy).
 * - `discard`: failed; if nothing of the post went out, its reservation is released.
 */
export async function resolveCheck(database: SyncDatabase, targetId: string, resolution: CheckResolution, now: number): Promise<Recorded> {
  return inSyncTransaction(database, (tx) => {
    const target = targetIn(tx, targetId, ['needs_check'], 'This post is no longer waiting for your check.');
    let ledgerChanged = false;
    if (resolution.kind === 'was-published') {
      tx.run(
        queryBuilder
          .updateTable('post_targets')
          .set({ state: 'published', platform_url: resolution.url, published_at: now, error_kind: null, last_error: null, next_attempt_at: null, updated_at: now })
          .where('id', '=', targetId),
      );
      ledgerChanged = commitForPost(tx, target.post_id, now);
    } else if (resolution.kind === 'publish-again') {
      tx.run(
        queryBuilder
          .updateTable('post_targets')
          .set({ state: 'scheduled', error_kind: null, last_error: null, next_attempt_at: now, attempt_count: 0, updated_at: now })
          .where('id', '=', targetId),
      );
      tx.run(queryBuilder.updateTable('posts').set({ state: 'publishing' }).where('id', '=', target.post_id));
    } else {
      const where = PLATFORM_LABELS[target.platform];
      tx.run(
        queryBuilder
          .updateTable('post_targets')
          .set({ state: 'failed', last_error: `You discarded this post for ${where}; nothing more will be sent.`, next_attempt_at: null, updated_at: now })
          .where('id', '=', targetId),
      );
    }
    if (settlePost(tx, target.post_id, now)) ledgerChanged = true;
    return { change: readTargetChange(tx, targetId), ledgerChanged };
  });
}

/**
 * "Publish again" for a target whose failure is certain (failed, needs_reconnect): back to
 * `scheduled` now, on the platform's current connection. Refused while the platform is not
 * connected, so the owner is sent to reconnect rather than watch it fail again.
 */
export async function retryTarget(database: SyncDatabase, targetId: string, now: number): Promise<Recorded> {
  return inSyncTransaction(database, (tx) => {
    const target = targetIn(tx, targetId, ['failed', 'needs_reconnect'], 'Only a post that failed can be published again.');
    const connection = tx.first(
      queryBuilder.selectFrom('connections').select('id').where('platform', '=', target.platform).where('state', '=', 'connected'),
    );
    if (connection === undefined) {
      const where = PLATFORM_LABELS[target.platform];
      throw new CoreError('conflict', `${where} is not connected. Connect it on the Connections page, then choose Publish again.`);
    }
    tx.run(
      queryBuilder
        .updateTable('post_targets')
        .set({
          state: 'scheduled',
          connection_id: connection.id,
          error_kind: null,
          last_error: null,
          next_attempt_at: now,
          attempt_count: 0,
          updated_at: now,
        })
        .where('id', '=', targetId),
    );
    tx.run(queryBuilder.updateTable('posts').set({ state: 'publishing' }).where('id', '=', target.post_id));
    return { change: readTargetChange(tx, targetId), ledgerChanged: false };
  });
}

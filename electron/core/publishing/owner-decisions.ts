import { PLATFORM_LABELS } from '../../../shared/domain/platform';
import type { CheckResolution } from '../../../shared/ipc/publishing-channels';
import type { Database, TargetState } from '../db/schema';
import { CoreError } from '../errors';
import { commitForPost } from '../quota/quota-ledger';
import { readTargetChange, settlePost, type Recorded } from './outbox-store';

async function targetIn(db: Database, targetId: string, states: readonly TargetState[], refusal: string) {
  const target = await db
    .selectFrom('post_targets as t')
    .innerJoin('posts as p', 'p.id', 't.post_id')
    .select(['t.id', 't.post_id', 't.platform', 't.state', 'p.deleted_at'])
    .where('t.id', '=', targetId)
    .executeTakeFirst();
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
export async function resolveCheck(db: Database, targetId: string, resolution: CheckResolution, now: number): Promise<Recorded> {
  return db.transaction().execute(async (trx) => {
    const target = await targetIn(trx, targetId, ['needs_check'], 'This post is no longer waiting for your check.');
    let ledgerChanged = false;
    if (resolution.kind === 'was-published') {
      await trx
        .updateTable('post_targets')
        .set({ state: 'published', platform_url: resolution.url, published_at: now, error_kind: null, last_error: null, next_attempt_at: null, updated_at: now })
        .where('id', '=', targetId)
        .execute();
      ledgerChanged = await commitForPost(trx, target.post_id, now);
    } else if (resolution.kind === 'publish-again') {
      await trx
        .updateTable('post_targets')
        .set({ state: 'scheduled', error_kind: null, last_error: null, next_attempt_at: now, attempt_count: 0, updated_at: now })
        .where('id', '=', targetId)
        .execute();
      await trx.updateTable('posts').set({ state: 'publishing' }).where('id', '=', target.post_id).execute();
    } else {
      const where = PLATFORM_LABELS[target.platform];
      await trx
        .updateTable('post_targets')
        .set({ state: 'failed', last_error: `You discarded this post for ${where}; nothing more will be sent.`, next_attempt_at: null, updated_at: now })
        .where('id', '=', targetId)
        .execute();
    }
    if (await settlePost(trx, target.post_id, now)) ledgerChanged = true;
    return { change: await readTargetChange(trx, targetId), ledgerChanged };
  });
}

/**
 * "Publish again" for a target whose failure is certain (failed, needs_reconnect): back to
 * `scheduled` now, on the platform's current connection. Refused while the platform is not
 * connected, so the owner is sent to reconnect rather than watch it fail again.
 */
export async function retryTarget(db: Database, targetId: string, now: number): Promise<Recorded> {
  return db.transaction().execute(async (trx) => {
    const target = await targetIn(trx, targetId, ['failed', 'needs_reconnect'], 'Only a post that failed can be published again.');
    const connection = await trx
      .selectFrom('connections')
      .select('id')
      .where('platform', '=', target.platform)
      .where('state', '=', 'connected')
      .executeTakeFirst();
    if (connection === undefined) {
      const where = PLATFORM_LABELS[target.platform];
      throw new CoreError('conflict', `${where} is not connected. Connect it on the Connections page, then choose Publish again.`);
    }
    await trx
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
      .where('id', '=', targetId)
      .execute();
    await trx.updateTable('posts').set({ state: 'publishing' }).where('id', '=', target.post_id).execute();
    return { change: await readTargetChange(trx, targetId), ledgerChanged: false };
  });
}

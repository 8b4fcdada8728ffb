import type { publishingChannels } from '@shared/ipc/publishing-channels';
import type { SyncDatabase } from '../db/sync-transaction';
import { CoreError } from '../errors';
import type { HandlersFor } from '../handler-types';
import type { Clock } from '../ports/clock';
import type { Recorded } from './outbox-store';
import { resolveCheck, retryTarget } from './owner-decisions';
import { readPostView } from './post-views';
import { readPublishingOverview } from './publishing-overview';

/** The publishing view's part of the IPC contract. */
export function createPublishingHandlers(deps: {
  database: SyncDatabase;
  clock: Clock;
  /** After an owner's decision: the event, the Plan page if the ledger moved, and the engine. */
  afterDecision(recorded: Recorded): void;
}): HandlersFor<keyof typeof publishingChannels> {
  const { database, clock } = deps;
  const { db } = database;
  const viewOf = async (recorded: Recorded) => {
    deps.afterDecision(recorded);
    const view = await readPostView(db, recorded.change.postId);
    if (view === null) throw new CoreError('not_found', 'That post no longer exists.');
    return view;
  };
  return {
    'publishing.overview': () => readPublishingOverview(db, clock.now()),
    'publishing.attempts': async ({ targetId }) => {
      const target = await db.selectFrom('post_targets').select('id').where('id', '=', targetId).executeTakeFirst();
      if (target === undefined) throw new CoreError('not_found', 'That post no longer exists.');
      const rows = await db
        .selectFrom('publish_attempts')
        .select(['started_at', 'finished_at', 'outcome', 'http_status', 'platform_error_code', 'error_message', 'duration_ms'])
        .where('target_id', '=', targetId)
        .orderBy('started_at')
        .orderBy('id')
        .execute();
      return {
        attempts: rows.map((row) => ({
          startedAt: row.started_at,
          finishedAt: row.finished_at,
          outcome: row.outcome,
          httpStatus: row.http_status,
          platformErrorCode: row.platform_error_code,
          message: row.error_message,
          durationMs: row.duration_ms,
        })),
      };
    },
    'publishing.resolveCheck': async ({ targetId, resolution }) => viewOf(await resolveCheck(database, targetId, resolution, clock.now())),
    'publishing.retry': async ({ targetId }) => viewOf(await retryTarget(database, targetId, clock.now())),
  };
}

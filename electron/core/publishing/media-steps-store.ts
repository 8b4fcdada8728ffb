import type { ParamOf } from '@shared/db/prepared-query';
import type { PublishSteps } from '../platforms/platform-adapter';
import type { Clock } from '../ports/clock';
import { inSyncTransaction, preparedStatement, type SyncDatabase } from '../db/sync-transaction';

const stepsOf = preparedStatement((db, param: ParamOf<{ targetId: string }>) =>
  db.selectFrom('publish_media_steps').select(['step_key', 'value']).where('target_id', '=', param('targetId')),
);

const upsertStep = preparedStatement((db, param: ParamOf<{ targetId: string; key: string; value: string; now: number }>) =>
  db
    .insertInto('publish_media_steps')
    .values({ target_id: param('targetId'), step_key: param('key'), value: param('value'), recorded_at: param('now') })
    .onConflict((oc) => oc.columns(['target_id', 'step_key']).doUpdateSet({ value: param('value'), recorded_at: param('now') })),
);

/**
 * The durable journal of one target's media steps (migration 013), as adapters see it
 * (`PublishSteps`). A step is committed with an fsync before `record` resolves: the adapter goes
 * on (and may spend an upload on it) only once the step would survive a power cut. Steps are
 * rare next to the bytes they stand for (one per uploaded file or chunk), so the fsync costs
 * nothing that shows. Reads come from the copy loaded when the send began: only this send writes
 * the target's steps, the engine never sends one target twice at once.
 *
 * Clearing is the database's job: the journal's trigger deletes a target's steps when it is
 * published or failed, in the transaction that records it.
 */
export class MediaStepsStore {
  constructor(
    private readonly database: SyncDatabase,
    private readonly clock: Clock,
  ) {}

  /** The journal of one target, with the steps a previous try recorded. */
  async forTarget(targetId: string): Promise<PublishSteps> {
    const known = new Map(
      (await inSyncTransaction(this.database, (tx) => stepsOf(tx, { targetId }))).map((row) => [row.step_key, row.value] as const),
    );
    return {
      get: (key) => known.get(key) ?? null,
      record: async (key, value) => {
        await inSyncTransaction(this.database, (tx) => upsertStep(tx, { targetId, key, value, now: this.clock.now() }), { durable: true });
        known.set(key, value);
      },
    };
  }
}

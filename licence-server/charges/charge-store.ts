import type { Kysely } from 'kysely';
import type { LicenceDatabase } from '../db/schema';

type Db = Kysely<LicenceDatabase>;

/** The server's count of posts per cycle (see charge-migration.ts). */
export const chargeStore = {
  /**
   * Records the charge once per (licence, post) and counts it in its cycle: a newer cycle
   * restarts the count, a late report for an older cycle is kept but not counted. Returns the
   * licence's count afterwards.
   */
  async record(db: Db, charge: { licenceId: string; postId: string; cycleStart: number; deviceId: string; now: number }): Promise<{ cycleStart: number; posts: number }> {
    return db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('post_charges')
        .values({ licence_id: charge.licenceId, post_id: charge.postId, cycle_start: charge.cycleStart, device_id: charge.deviceId, reported_at: charge.now })
        .onConflict((oc) => oc.columns(['licence_id', 'post_id']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
        await trx
          .insertInto('licence_post_counts')
          .values({ licence_id: charge.licenceId, cycle_start: charge.cycleStart, posts: 1 })
          .onConflict((oc) =>
            oc
              .column('licence_id')
              .doUpdateSet((eb) => ({
                posts: eb.case().when('licence_post_counts.cycle_start', '=', charge.cycleStart).then(eb('licence_post_counts.posts', '+', 1)).else(1).end(),
                cycle_start: charge.cycleStart,
              }))
              .where('licence_post_counts.cycle_start', '<=', charge.cycleStart),
          )
          .execute();
      }
      const row = await trx.selectFrom('licence_post_counts').select(['cycle_start', 'posts']).where('licence_id', '=', charge.licenceId).executeTakeFirst();
      return row ? { cycleStart: Number(row.cycle_start), posts: Number(row.posts) } : { cycleStart: charge.cycleStart, posts: 0 };
    });
  },
};

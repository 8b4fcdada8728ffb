import type { Kysely } from 'kysely';
import type { LicenceDatabase } from './schema';

type Db = Kysely<LicenceDatabase>;

/** Stripe events already received, by id: at-least-once delivery becomes exactly-once effect. */
export const eventStore = {
  /**
   * Records the event; false if it was already recorded. Call first inside the transaction that
   * applies the event: on PostgreSQL a concurrent duplicate waits on the primary key and then
   * finds it taken.
   */
  async claim(db: Db, event: { id: string; type: string; created: number; now: number; unusableReason: string | null }): Promise<boolean> {
    const result = await db
      .insertInto('stripe_events')
      .values({ id: event.id, type: event.type, created: event.created, received_at: event.now, unusable_reason: event.unusableReason })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  },
};

import type { Kysely, Updateable } from 'kysely';
import type { LicenceDbKind } from './open-licence-db';
import type { LicenceDatabase, LicencesTable } from './schema';

type Db = Kysely<LicenceDatabase>;

export type LicenceRow = LicencesTable;
export type LicenceStatus = 'pending' | 'active' | 'past_due' | 'lapsed' | 'canceled';

/** Licences, one per Stripe subscription. */
export const licenceStore = {
  /**
   * The licence for a subscription, created (pending, with a fresh id and key) if this is the
   * first event about it, and locked for the rest of the transaction on PostgreSQL so that two
   * events for one subscription apply one after the other. SQLite transactions are serial.
   */
  async lockForSubscription(
    trx: Db,
    kind: LicenceDbKind,
    fresh: { id: string; licenceKey: string; subscriptionId: string; now: number },
  ): Promise<LicenceRow> {
    await trx
      .insertInto('licences')
      .values({
        id: fresh.id,
        licence_key: fresh.licenceKey,
        stripe_subscription_id: fresh.subscriptionId,
        stripe_customer_id: null,
        checkout_session_id: null,
        plan: null,
        status: 'pending',
        grace_until: null,
        grace_invoice_id: null,
        cycle_anchor: null,
        cycle_start: null,
        cycle_end: null,
        created_at: fresh.now,
        updated_at: fresh.now,
        status_event_created: null,
        status_event_rank: null,
        status_event_id: null,
        sub_event_created: null,
        sub_event_rank: null,
        sub_event_id: null,
      })
      .onConflict((oc) => oc.column('stripe_subscription_id').doNothing())
      .execute();
    let query = trx.selectFrom('licences').selectAll().where('stripe_subscription_id', '=', fresh.subscriptionId);
    if (kind === 'postgres') query = query.forUpdate();
    return query.executeTakeFirstOrThrow();
  },

  async update(db: Db, id: string, patch: Updateable<LicencesTable>, now: number): Promise<void> {
    await db
      .updateTable('licences')
      .set({ ...patch, updated_at: now })
      .where('id', '=', id)
      .execute();
  },

  async findById(db: Db, id: string): Promise<LicenceRow | undefined> {
    return db.selectFrom('licences').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findByKey(db: Db, licenceKey: string, kind: LicenceDbKind): Promise<LicenceRow | undefined> {
    let query = db.selectFrom('licences').selectAll().where('licence_key', '=', licenceKey);
    if (kind === 'postgres') query = query.forUpdate();
    return query.executeTakeFirst();
  },

  async findByCheckoutSession(db: Db, sessionId: string): Promise<LicenceRow | undefined> {
    return db.selectFrom('licences').selectAll().where('checkout_session_id', '=', sessionId).executeTakeFirst();
  },
};

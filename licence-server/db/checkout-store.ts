import type { Kysely } from 'kysely';
import type { CheckoutsTable, LicenceDatabase } from './schema';

type Db = Kysely<LicenceDatabase>;

/** Checkouts a device started, pending until Stripe's webhook says they completed. */
export const checkoutStore = {
  async create(db: Db, checkout: { id: string; deviceId: string; plan: string; now: number }): Promise<void> {
    await db
      .insertInto('checkouts')
      .values({ id: checkout.id, device_id: checkout.deviceId, plan: checkout.plan, stripe_session_id: null, created_at: checkout.now, completed_at: null, licence_id: null })
      .execute();
  },

  async attachSession(db: Db, id: string, sessionId: string): Promise<void> {
    await db.updateTable('checkouts').set({ stripe_session_id: sessionId }).where('id', '=', id).execute();
  },

  async find(db: Db, id: string): Promise<CheckoutsTable | undefined> {
    return db.selectFrom('checkouts').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findBySession(db: Db, sessionId: string): Promise<CheckoutsTable | undefined> {
    return db.selectFrom('checkouts').selectAll().where('stripe_session_id', '=', sessionId).executeTakeFirst();
  },

  async complete(db: Db, id: string, licenceId: string, now: number): Promise<void> {
    await db.updateTable('checkouts').set({ completed_at: now, licence_id: licenceId }).where('id', '=', id).execute();
  },
};

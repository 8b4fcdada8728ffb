import type { Kysely, Migration } from 'kysely';

/**
 * Posts published per cycle, counted by the server from the devices' signed reports:
 * `post_charges` holds one row per (licence, post) — a repeated report changes nothing — and
 * `licence_post_counts` the running count of the newest cycle reported per licence, joined into
 * the lease row read (one primary-key probe).
 */
export const postChargesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('post_charges')
      .addColumn('licence_id', 'text', (c) => c.notNull().references('licences.id'))
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('cycle_start', 'bigint', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('reported_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('post_charges_pk', ['licence_id', 'post_id'])
      .execute();
    await db.schema
      .createTable('licence_post_counts')
      .addColumn('licence_id', 'text', (c) => c.primaryKey().references('licences.id'))
      .addColumn('cycle_start', 'bigint', (c) => c.notNull())
      .addColumn('posts', 'integer', (c) => c.notNull())
      .execute();
  },
};

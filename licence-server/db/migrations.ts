import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { postChargesMigration } from '../charges/charge-migration';
import { rateCounterMigration } from '../limits/rate-counter';
import { oauthRelayMigration } from '../oauth-relay/relay-migration';
import { stagedMediaMigration } from '../staging/staging-migration';

// Written with kysely's schema builder and portable types only (text, bigint, integer), so the
// same migrations run on SQLite and PostgreSQL. Never edit a shipped migration; add the next one.
const MIGRATIONS: Record<string, Migration> = {
  '001-licences': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('licences')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('licence_key', 'text', (c) => c.notNull().unique())
        .addColumn('stripe_subscription_id', 'text', (c) => c.notNull().unique())
        .addColumn('stripe_customer_id', 'text')
        .addColumn('checkout_session_id', 'text')
        .addColumn('plan', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('grace_until', 'bigint')
        .addColumn('cycle_anchor', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('status_event_created', 'bigint')
        .addColumn('status_event_rank', 'integer')
        .addColumn('status_event_id', 'text')
        .addColumn('sub_event_created', 'bigint')
        .addColumn('sub_event_rank', 'integer')
        .addColumn('sub_event_id', 'text')
        .execute();
      await db.schema.createIndex('licences_checkout_session').on('licences').column('checkout_session_id').execute();

      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('public_key', 'text', (c) => c.notNull().unique())
        .addColumn('key_hash', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('os', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint')
        .addColumn('licence_id', 'text', (c) => c.references('licences.id'))
        .addColumn('activated_at', 'bigint')
        .addColumn('deactivated_at', 'bigint')
        .execute();
      await db.schema.createIndex('devices_licence').on('devices').column('licence_id').execute();

      await db.schema
        .createTable('nonces')
        .addColumn('nonce', 'text', (c) => c.primaryKey())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('nonces_expiry').on('nonces').column('expires_at').execute();

      await db.schema
        .createTable('checkouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('stripe_session_id', 'text', (c) => c.unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('completed_at', 'bigint')
        .addColumn('licence_id', 'text', (c) => c.references('licences.id'))
        .execute();

      await db.schema
        .createTable('stripe_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('created', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '002-oauth-relay': oauthRelayMigration,
  '003-nonce-limits': {
    // Outstanding nonces are counted per device key before a new one is issued.
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('nonces_public_key').on('nonces').columns(['public_key', 'expires_at']).execute();
    },
  },
  '004-billing-period-grace-invoice-unusable-events': {
    // The quota cycle is the subscription's billing period as Stripe reports it; past-due grace
    // is counted from the failed invoice whichever event arrives first; signed events that
    // could not be applied say why.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('licences').addColumn('cycle_start', 'bigint').execute();
      await db.schema.alterTable('licences').addColumn('cycle_end', 'bigint').execute();
      await db.schema.alterTable('licences').addColumn('grace_invoice_id', 'text').execute();
      await db.schema.alterTable('stripe_events').addColumn('unusable_reason', 'text').execute();
    },
  },
  // Per-source sign-in and per-device relay limits, counted in the database (limits/rate-counter.ts).
  '005-rate-counters': rateCounterMigration,
  // Posts published per cycle as the devices report them (charges/charge-migration.ts).
  '006-post-charges': postChargesMigration,
  // Pictures staged for Instagram to fetch, with their owner and expiry (staging/staging-migration.ts).
  '007-staged-media': stagedMediaMigration,
};

/** The server's migrations, compiled in (the bundle has no migrations folder to read). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

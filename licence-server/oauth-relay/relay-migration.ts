import type { Kysely, Migration } from 'kysely';

/**
 * The relay's two short-lived tables. `oauth_relay_flows`: a state registered by a device,
 * waiting for the provider's redirect (single use). `oauth_relay_handoffs`: the result, sealed
 * with a key derived from the handoff id — which is stored only as a hash — so the database alone
 * can never read a token; deleted at redemption, unreadable and swept after five minutes.
 */
export const oauthRelayMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('oauth_relay_flows')
      .addColumn('state', 'text', (c) => c.primaryKey())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('code_verifier', 'text')
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oauth_relay_flows_expiry').on('oauth_relay_flows').column('expires_at').execute();
    await db.schema
      .createTable('oauth_relay_handoffs')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('sealed', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oauth_relay_handoffs_expiry').on('oauth_relay_handoffs').column('expires_at').execute();
  },
};

export interface OAuthRelayTables {
  oauth_relay_flows: { state: string; device_id: string; platform: string; code_verifier: string | null; expires_at: number };
  oauth_relay_handoffs: { id_hash: string; device_id: string; sealed: string; expires_at: number };
}

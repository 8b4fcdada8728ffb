import type { Kysely } from 'kysely';
import type { OAuthRelayTables } from './relay-migration';

type Db = Kysely<OAuthRelayTables>;

/** A registered relay flow. */
export interface RelayFlow {
  state: string;
  deviceId: string;
  platform: string;
  codeVerifier: string | null;
  expiresAt: number;
}

/** Storage of flows and handoffs; every read that matters is a delete (single use by construction). */
export const relayStore = {
  /** Registers a flow; false when the state is already in use. */
  async addFlow(db: Db, flow: RelayFlow, now: number): Promise<boolean> {
    await relayStore.sweep(db, now);
    const existing = await db.selectFrom('oauth_relay_flows').select('state').where('state', '=', flow.state).executeTakeFirst();
    if (existing) return false;
    await db
      .insertInto('oauth_relay_flows')
      .values({ state: flow.state, device_id: flow.deviceId, platform: flow.platform, code_verifier: flow.codeVerifier, expires_at: flow.expiresAt })
      .execute();
    return true;
  },

  /** Takes the flow for `state` out (whatever its expiry: an expired one is gone either way). */
  async takeFlow(db: Db, state: string): Promise<RelayFlow | null> {
    const row = await db.deleteFrom('oauth_relay_flows').where('state', '=', state).returningAll().executeTakeFirst();
    return row ? { state: row.state, deviceId: row.device_id, platform: row.platform, codeVerifier: row.code_verifier, expiresAt: row.expires_at } : null;
  },

  async addHandoff(db: Db, handoff: { idHash: string; deviceId: string; sealed: string; expiresAt: number }, now: number): Promise<void> {
    await relayStore.sweep(db, now);
    await db
      .insertInto('oauth_relay_handoffs')
      .values({ id_hash: handoff.idHash, device_id: handoff.deviceId, sealed: handoff.sealed, expires_at: handoff.expiresAt })
      .execute();
  },

  /**
   * Removes and returns the sealed result if it belongs to `deviceId` and has not expired. A
   * request from another device neither reads nor burns it.
   */
  async redeemHandoff(db: Db, idHash: string, deviceId: string, now: number): Promise<string | null> {
    await relayStore.sweep(db, now);
    const row = await db
      .deleteFrom('oauth_relay_handoffs')
      .where('id_hash', '=', idHash)
      .where('device_id', '=', deviceId)
      .where('expires_at', '>', now)
      .returning('sealed')
      .executeTakeFirst();
    return row?.sealed ?? null;
  },

  /** Forgets everything past its time. */
  async sweep(db: Db, now: number): Promise<void> {
    await db.deleteFrom('oauth_relay_flows').where('expires_at', '<=', now).execute();
    await db.deleteFrom('oauth_relay_handoffs').where('expires_at', '<=', now).execute();
  },
};

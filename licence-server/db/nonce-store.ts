import type { Kysely } from 'kysely';
import type { LicenceDatabase } from './schema';

type Db = Kysely<LicenceDatabase>;

/** Single-use sign-in nonces, bound to the public key that asked for them. */
export const nonceStore = {
  async create(db: Db, nonce: { nonce: string; publicKey: string; expiresAt: number; now: number }): Promise<void> {
    // Expired nonces are swept here, on the path that makes them, so the table stays small.
    await db.deleteFrom('nonces').where('expires_at', '<', nonce.now).execute();
    await db.insertInto('nonces').values({ nonce: nonce.nonce, public_key: nonce.publicKey, expires_at: nonce.expiresAt }).execute();
  },

  /** Removes the nonce and returns its expiry, or null if it was unknown or already used. */
  async consume(db: Db, nonce: string, publicKey: string): Promise<number | null> {
    const row = await db
      .deleteFrom('nonces')
      .where('nonce', '=', nonce)
      .where('public_key', '=', publicKey)
      .returning('expires_at')
      .executeTakeFirst();
    return row ? row.expires_at : null;
  },
};

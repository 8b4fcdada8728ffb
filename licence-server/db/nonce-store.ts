import type { Kysely } from 'kysely';
import type { LicenceDatabase } from './schema';

type Db = Kysely<LicenceDatabase>;

/** How many nonces are outstanding, and when the first of them expires (null when none). */
export interface OutstandingNonces {
  count: number;
  firstExpiry: number | null;
}

const outstanding = (row: { n: number | string | bigint; first: number | string | null } | undefined): OutstandingNonces => ({
  count: Number(row?.n ?? 0),
  firstExpiry: row?.first === null || row?.first === undefined ? null : Number(row.first),
});

/** Single-use sign-in nonces, bound to the public key that asked for them. */
export const nonceStore = {
  /** Deletes every nonce that has expired (an index range on expires_at). */
  async purgeExpired(db: Db, now: number): Promise<void> {
    await db.deleteFrom('nonces').where('expires_at', '<=', now).execute();
  },

  /** Nonces outstanding for one device key (index on public_key, expires_at). */
  async outstandingFor(db: Db, publicKey: string): Promise<OutstandingNonces> {
    const row = await db
      .selectFrom('nonces')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min<number | string | null>('expires_at').as('first')])
      .where('public_key', '=', publicKey)
      .executeTakeFirst();
    return outstanding(row);
  },

  /** Nonces outstanding overall. */
  async outstandingTotal(db: Db): Promise<OutstandingNonces> {
    const row = await db
      .selectFrom('nonces')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min<number | string | null>('expires_at').as('first')])
      .executeTakeFirst();
    return outstanding(row);
  },

  /**
   * Deletes the `count` nonces that expire first (the oldest: every nonce lives as long), making
   * room at the overall cap. Their devices' sign-ins fail once and are retried with a new nonce.
   */
  async evictOldest(db: Db, count: number): Promise<void> {
    if (count <= 0) return;
    const oldest = db.selectFrom('nonces').select('nonce').orderBy('expires_at').orderBy('nonce').limit(count);
    await db.deleteFrom('nonces').where('nonce', 'in', oldest).execute();
  },

  async create(db: Db, nonce: { nonce: string; publicKey: string; expiresAt: number }): Promise<void> {
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

import type { Kysely } from 'kysely';
import type { StagedMediaTables } from './staging-migration';

type Db = Kysely<StagedMediaTables>;

export interface StagedRow {
  name: string;
  deviceId: string;
  bytes: number;
  expiresAt: number;
}

const toRow = (row: StagedMediaTables['staged_media']): StagedRow => ({
  name: row.name,
  deviceId: row.device_id,
  bytes: Number(row.bytes),
  expiresAt: Number(row.expires_at),
});

/** The `staged_media` queries (portable SQL: SQLite and PostgreSQL). */
export const stagingStore = {
  async add(db: Db, row: StagedRow, now: number): Promise<void> {
    await db
      .insertInto('staged_media')
      .values({ name: row.name, device_id: row.deviceId, bytes: row.bytes, created_at: now, expires_at: row.expiresAt })
      .execute();
  },

  /** What the device has staged and not yet expired: the count and bytes its caps are measured on. */
  async usage(db: Db, deviceId: string, now: number): Promise<{ files: number; bytes: number }> {
    const row = await db
      .selectFrom('staged_media')
      .select((eb) => [eb.fn.countAll<number | string>().as('files'), eb.fn.sum<number | string | null>('bytes').as('bytes')])
      .where('device_id', '=', deviceId)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return { files: Number(row?.files ?? 0), bytes: Number(row?.bytes ?? 0) };
  },

  async find(db: Db, name: string): Promise<StagedRow | null> {
    const row = await db.selectFrom('staged_media').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? toRow(row) : null;
  },

  /** The device's own file, or null (another device's file is as unknown as a missing one). */
  async findOwned(db: Db, name: string, deviceId: string): Promise<StagedRow | null> {
    const row = await db.selectFrom('staged_media').selectAll().where('name', '=', name).where('device_id', '=', deviceId).executeTakeFirst();
    return row ? toRow(row) : null;
  },

  async remove(db: Db, name: string): Promise<void> {
    await db.deleteFrom('staged_media').where('name', '=', name).execute();
  },

  /** Up to `limit` files whose time is up, oldest first. */
  async expired(db: Db, now: number, limit: number): Promise<StagedRow[]> {
    const rows = await db.selectFrom('staged_media').selectAll().where('expires_at', '<=', now).orderBy('expires_at').limit(limit).execute();
    return rows.map(toRow);
  },
};

import type { Kysely, Migration } from 'kysely';

/**
 * `staged_media`: one row per file a device staged for Instagram to fetch. The row is the truth
 * every instance shares (caps, expiry, who may release it); the bytes live in the storage
 * (disk or an S3-compatible bucket). A row is written before its bytes and deleted after them,
 * so the sweep can always find what to delete.
 */
export const stagedMediaMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('staged_media')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('bytes', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('staged_media_device').on('staged_media').column('device_id').execute();
    await db.schema.createIndex('staged_media_expiry').on('staged_media').column('expires_at').execute();
  },
};

export interface StagedMediaTables {
  staged_media: { name: string; device_id: string; bytes: number; created_at: number; expires_at: number };
}

import type { Migration } from './migration';

/**
 * PDF documents in the media library (issue 14: LinkedIn's document "carousel"). SQLite cannot
 * change a CHECK in place, so `media` is rebuilt with `document` and `pdf` allowed. Migrations run
 * inside a transaction with foreign keys on (PRAGMA foreign_keys cannot change inside one), and
 * `post_media` references `media`: dropping `media` under it would break that reference. So the
 * attachments are copied aside, `post_media` is dropped, `media` rebuilt, and `post_media`
 * rebuilt exactly as migration 011 made it and filled again — every file and attachment kept.
 */
export const mediaDocuments: Migration = {
  version: 15,
  name: 'media documents',
  sql: `
    CREATE TEMP TABLE post_media_kept AS SELECT * FROM post_media;
    DROP TABLE post_media;

    CREATE TABLE media_rebuilt (
      hash         TEXT PRIMARY KEY CHECK (length(hash) = 64),
      kind         TEXT NOT NULL CHECK (kind IN ('image', 'video', 'document')),
      format       TEXT NOT NULL CHECK (format IN ('jpeg', 'png', 'webp', 'mp4', 'mov', 'pdf')),
      bytes        INTEGER NOT NULL CHECK (bytes > 0),
      width        INTEGER,
      height       INTEGER,
      duration_ms  INTEGER,
      codec        TEXT,
      poster       TEXT NOT NULL CHECK (poster IN ('image', 'placeholder')),
      created_at   INTEGER NOT NULL,
      unused_since INTEGER
    ) STRICT;
    INSERT INTO media_rebuilt (hash, kind, format, bytes, width, height, duration_ms, codec, poster, created_at, unused_since)
      SELECT hash, kind, format, bytes, width, height, duration_ms, codec, poster, created_at, unused_since FROM media;
    DROP TABLE media;
    ALTER TABLE media_rebuilt RENAME TO media;

    CREATE TABLE post_media (
      id          TEXT PRIMARY KEY,
      post_id     TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
      media_hash  TEXT NOT NULL REFERENCES media (hash),
      position    INTEGER NOT NULL,
      alt_text    TEXT NOT NULL DEFAULT '',
      created_at  INTEGER NOT NULL,
      UNIQUE (post_id, media_hash)
    ) STRICT;
    INSERT INTO post_media (id, post_id, media_hash, position, alt_text, created_at)
      SELECT id, post_id, media_hash, position, alt_text, created_at FROM post_media_kept;
    DROP TABLE temp.post_media_kept;
    CREATE INDEX post_media_by_post ON post_media (post_id, position);
    CREATE INDEX post_media_by_media ON post_media (media_hash);
  `,
};

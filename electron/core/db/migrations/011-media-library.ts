import type { Migration } from './migration';

/**
 * The media library (issue 14). A file is stored once under its content hash (`media`), and a
 * post names it by hash in `post_media`, with its place and alt text. A file is used while any
 * post (live or in the bin) names it; deleting a post deletes only its `post_media` rows
 * (cascade), never a file another post uses. `unused_since` is set by the sweep when it first
 * finds a file no post names, and the file goes 30 days later.
 */
export const mediaLibrary: Migration = {
  version: 11,
  name: 'media library',
  sql: `
    CREATE TABLE media (
      hash         TEXT PRIMARY KEY CHECK (length(hash) = 64),
      kind         TEXT NOT NULL CHECK (kind IN ('image', 'video')),
      format       TEXT NOT NULL CHECK (format IN ('jpeg', 'png', 'webp', 'mp4', 'mov')),
      bytes        INTEGER NOT NULL CHECK (bytes > 0),
      width        INTEGER,
      height       INTEGER,
      duration_ms  INTEGER,
      codec        TEXT,
      poster       TEXT NOT NULL CHECK (poster IN ('image', 'placeholder')),
      created_at   INTEGER NOT NULL,
      unused_since INTEGER
    ) STRICT;

    CREATE TABLE post_media (
      id          TEXT PRIMARY KEY,
      post_id     TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
      media_hash  TEXT NOT NULL REFERENCES media (hash),
      position    INTEGER NOT NULL,
      alt_text    TEXT NOT NULL DEFAULT '',
      created_at  INTEGER NOT NULL,
      UNIQUE (post_id, media_hash)
    ) STRICT;
    CREATE INDEX post_media_by_post ON post_media (post_id, position);
    CREATE INDEX post_media_by_media ON post_media (media_hash);
  `,
};

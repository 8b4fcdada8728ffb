import type { Migration } from './migration';

/**
 * The whole first schema, including tables later issues fill in (connections, publishing,
 * quota, licence), so their shape is agreed now.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  sql: `
    CREATE TABLE business_profile (
      id            INTEGER PRIMARY KEY CHECK (id = 1),
      business_name TEXT NOT NULL,
      offering      TEXT NOT NULL,
      audience      TEXT NOT NULL,
      tone_of_voice TEXT NOT NULL,
      website       TEXT NOT NULL,
      time_zone     TEXT NOT NULL,
      updated_at    INTEGER NOT NULL
    ) STRICT;

    -- seq is the rowid; posts_fts rows share it, so search rows are updated by key, not by scan.
    CREATE TABLE posts (
      seq                INTEGER PRIMARY KEY,
      id                 TEXT NOT NULL UNIQUE,
      body               TEXT NOT NULL,
      state              TEXT NOT NULL CHECK (state IN ('draft', 'scheduled', 'publishing', 'done')),
      revision           INTEGER NOT NULL,
      scheduled_at       INTEGER,
      schedule_time_zone TEXT,
      created_at         INTEGER NOT NULL,
      updated_at         INTEGER NOT NULL,
      deleted_at         INTEGER,
      CHECK ((scheduled_at IS NULL) = (schedule_time_zone IS NULL))
    ) STRICT;
    CREATE INDEX posts_live_by_updated ON posts (state, updated_at DESC, id DESC) WHERE deleted_at IS NULL;
    CREATE INDEX posts_live_by_created ON posts (state, created_at DESC, id DESC) WHERE deleted_at IS NULL;
    CREATE INDEX posts_deleted ON posts (deleted_at) WHERE deleted_at IS NOT NULL;
    CREATE INDEX posts_due ON posts (scheduled_at) WHERE state = 'scheduled' AND deleted_at IS NULL;

    CREATE VIRTUAL TABLE posts_fts USING fts5(post_id UNINDEXED, content, tokenize = 'unicode61 remove_diacritics 2');

    CREATE TABLE connections (
      id                 TEXT PRIMARY KEY,
      platform           TEXT NOT NULL CHECK (platform IN ('facebook', 'instagram', 'linkedin', 'x', 'youtube')),
      account_id         TEXT NOT NULL,
      display_name       TEXT NOT NULL,
      state              TEXT NOT NULL CHECK (state IN ('connected', 'needs_reconnect', 'disconnected')),
      token_ciphertext   BLOB,
      access_expires_at  INTEGER,
      refresh_expires_at INTEGER,
      state_reason       TEXT,
      created_at         INTEGER NOT NULL,
      updated_at         INTEGER NOT NULL,
      UNIQUE (platform, account_id)
    ) STRICT;

    CREATE TABLE post_targets (
      id               TEXT PRIMARY KEY,
      post_id          TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
      platform         TEXT NOT NULL CHECK (platform IN ('facebook', 'instagram', 'linkedin', 'x', 'youtube')),
      position         INTEGER NOT NULL,
      text_override    TEXT,
      title            TEXT,
      state            TEXT NOT NULL CHECK (state IN ('draft', 'scheduled', 'publishing', 'published', 'failed', 'needs_check')),
      connection_id    TEXT REFERENCES connections (id) ON DELETE SET NULL,
      platform_post_id TEXT,
      platform_url     TEXT,
      last_error       TEXT,
      updated_at       INTEGER NOT NULL,
      UNIQUE (post_id, platform),
      UNIQUE (post_id, position)
    ) STRICT;
    CREATE INDEX post_targets_connection ON post_targets (connection_id);

    CREATE TABLE publish_attempts (
      id                  INTEGER PRIMARY KEY,
      target_id           TEXT NOT NULL REFERENCES post_targets (id) ON DELETE CASCADE,
      started_at          INTEGER NOT NULL,
      finished_at         INTEGER,
      outcome             TEXT CHECK (outcome IN ('published', 'failed', 'retry', 'unknown')),
      http_status         INTEGER,
      platform_error_code TEXT,
      error_message       TEXT,
      duration_ms         INTEGER
    ) STRICT;
    CREATE INDEX publish_attempts_by_target ON publish_attempts (target_id, started_at);

    CREATE TABLE quota_ledger (
      id          INTEGER PRIMARY KEY,
      post_id     TEXT NOT NULL REFERENCES posts (id),
      cycle_start INTEGER NOT NULL,
      entry       TEXT NOT NULL CHECK (entry IN ('reserve', 'commit', 'release')),
      created_at  INTEGER NOT NULL,
      UNIQUE (post_id, cycle_start, entry)
    ) STRICT;
    CREATE INDEX quota_ledger_by_cycle ON quota_ledger (cycle_start);

    CREATE TABLE licence (
      id               INTEGER PRIMARY KEY CHECK (id = 1),
      lease            TEXT,
      clock_high_water INTEGER NOT NULL,
      updated_at       INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE settings (
      key        TEXT PRIMARY KEY,
      value      TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `,
};

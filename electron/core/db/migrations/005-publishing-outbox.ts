import type { Migration } from './migration';

/**
 * What the publishing engine and the scheduler need.
 *
 * - `post_targets` gains `needs_reconnect` (the platform refused the sign-in for good; the owner
 *   reconnects, then chooses "Publish again"), the error class of its last failure, a retry
 *   count, when it may next be tried (a transient retry or a rate-limit wait), who it posts as
 *   (a LinkedIn organisation; NULL: the connection's own account) and when it was published.
 *   SQLite cannot widen a CHECK in place, so the table is rebuilt with its rows.
 * - `publish_attempts` is rebuilt beside it (dropping the old parent would cascade-delete its
 *   rows) and gains the error class and the `needs_reconnect`/`rate_limited` outcomes.
 * - `posts.missed_at`: the app was not running at the post's time; it waits for the owner.
 * - `queue_slots`: the weekly times "Add to next free slot" picks from, in the business's zone.
 */
export const publishingOutbox: Migration = {
  version: 5,
  name: 'publishing outbox',
  sql: `
    CREATE TABLE post_targets_next (
      id               TEXT PRIMARY KEY,
      post_id          TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
      platform         TEXT NOT NULL CHECK (platform IN ('facebook', 'instagram', 'linkedin', 'x', 'youtube')),
      position         INTEGER NOT NULL,
      text_override    TEXT,
      title            TEXT,
      state            TEXT NOT NULL CHECK (state IN ('draft', 'scheduled', 'publishing', 'published', 'failed', 'needs_check', 'needs_reconnect')),
      connection_id    TEXT REFERENCES connections (id) ON DELETE SET NULL,
      author_id        TEXT,
      platform_post_id TEXT,
      platform_url     TEXT,
      last_error       TEXT,
      error_kind       TEXT CHECK (error_kind IN ('auth', 'rate_limited', 'duplicate', 'invalid', 'transient', 'unknown', 'quota', 'not_connected')),
      attempt_count    INTEGER NOT NULL DEFAULT 0,
      next_attempt_at  INTEGER,
      published_at     INTEGER,
      updated_at       INTEGER NOT NULL,
      UNIQUE (post_id, platform),
      UNIQUE (post_id, position)
    ) STRICT;
    INSERT INTO post_targets_next (id, post_id, platform, position, text_override, title, state, connection_id,
        platform_post_id, platform_url, last_error, updated_at)
      SELECT id, post_id, platform, position, text_override, title, state, connection_id,
        platform_post_id, platform_url, last_error, updated_at FROM post_targets;

    CREATE TABLE publish_attempts_next (
      id                  INTEGER PRIMARY KEY,
      target_id           TEXT NOT NULL REFERENCES post_targets (id) ON DELETE CASCADE,
      started_at          INTEGER NOT NULL,
      finished_at         INTEGER,
      outcome             TEXT CHECK (outcome IN ('published', 'failed', 'retry', 'rate_limited', 'needs_reconnect', 'unknown')),
      error_kind          TEXT,
      http_status         INTEGER,
      platform_error_code TEXT,
      error_message       TEXT,
      duration_ms         INTEGER
    ) STRICT;
    INSERT INTO publish_attempts_next (id, target_id, started_at, finished_at, outcome, http_status, platform_error_code, error_message, duration_ms)
      SELECT id, target_id, started_at, finished_at, outcome, http_status, platform_error_code, error_message, duration_ms FROM publish_attempts;

    DROP TABLE publish_attempts;
    DROP TABLE post_targets;
    ALTER TABLE post_targets_next RENAME TO post_targets;
    ALTER TABLE publish_attempts_next RENAME TO publish_attempts;
    CREATE INDEX post_targets_connection ON post_targets (connection_id);
    CREATE INDEX post_targets_by_state ON post_targets (state, next_attempt_at);
    CREATE INDEX publish_attempts_by_target ON publish_attempts (target_id, started_at);

    ALTER TABLE posts ADD COLUMN missed_at INTEGER;

    CREATE TABLE queue_slots (
      weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
      minute     INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 1439),
      created_at INTEGER NOT NULL,
      PRIMARY KEY (weekday, minute)
    ) STRICT;
  `,
};

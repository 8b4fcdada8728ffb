import type { Migration } from './migration';

/**
 * The media steps journal (issue 14): what an adapter has already done for one target before its
 * public step (an uploaded picture's id, a video's upload session, the bytes it holds so far), so
 * a restart or a retry continues there instead of uploading again. One row per step key, written
 * durably before the adapter goes on (`publishing/media-steps-store.ts`).
 *
 * The journal is only about the way to the post: once the target is published or failed for good
 * its steps are of no further use (ids expire, a failed post is edited before it goes again), so
 * the trigger deletes them in the very transaction that records the outcome. A target that waits
 * (scheduled for a retry, needs_check, needs_reconnect) keeps its steps; a deleted post takes its
 * targets' steps with it (cascade).
 */
export const publishMediaSteps: Migration = {
  version: 13,
  name: 'publish media steps',
  sql: `
    CREATE TABLE publish_media_steps (
      target_id   TEXT NOT NULL REFERENCES post_targets (id) ON DELETE CASCADE,
      step_key    TEXT NOT NULL CHECK (length(step_key) BETWEEN 1 AND 200),
      value       TEXT NOT NULL CHECK (length(value) <= 8192),
      recorded_at INTEGER NOT NULL,
      PRIMARY KEY (target_id, step_key)
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER publish_media_steps_done
    AFTER UPDATE OF state ON post_targets
    WHEN NEW.state IN ('published', 'failed') AND OLD.state IS NOT NEW.state
    BEGIN
      DELETE FROM publish_media_steps WHERE target_id = NEW.id;
    END;
  `,
};

import type { Migration } from './migration';

/**
 * Per-post YouTube settings (issue 14): who can watch the video (`status.privacyStatus`) and
 * whether subscribers are told (`notifySubscribers`), chosen in Compose. NULL on every other
 * platform's target, and on YouTube targets saved before this: the defaults (private, not
 * notified), which the adapter used for every upload until now.
 */
export const youtubePostSettings: Migration = {
  version: 16,
  name: 'youtube post settings',
  sql: `
    ALTER TABLE post_targets ADD COLUMN youtube_privacy TEXT CHECK (youtube_privacy IN ('private', 'unlisted', 'public'));
    ALTER TABLE post_targets ADD COLUMN youtube_notify_subscribers INTEGER CHECK (youtube_notify_subscribers IN (0, 1));
  `,
};

import type { Migration } from './migration';

/**
 * What the Results page draws from (issue 17).
 *
 * - `metric_snapshots`: the numbers a network reported for one published target at one moment,
 *   one row per metric, so numbers over time can be drawn and a metric the network did not give
 *   is simply absent (never a 0). `raw_json` keeps the network's own answer beside the first
 *   metric of a snapshot, so a later change of mapping can be checked against what was said.
 * - `metric_schedule`: when each published target is next due for collection (about 1 h, 24 h,
 *   3 days, 7 days after publishing, then weekly up to 90 days) and how many collections it has
 *   had; a finished target has `next_due_at` NULL. Kept apart from `post_targets` so the
 *   collector never writes the publishing engine's rows.
 * - `follower_snapshots`: a connection's follower count once a day.
 */
export const resultsMetrics: Migration = {
  version: 12,
  name: 'results metrics',
  sql: `
    CREATE TABLE metric_snapshots (
      target_id    TEXT NOT NULL REFERENCES post_targets (id) ON DELETE CASCADE,
      collected_at INTEGER NOT NULL,
      metric       TEXT NOT NULL CHECK (metric IN ('impressions', 'reach', 'engagements', 'likes', 'comments', 'shares', 'clicks', 'saves', 'views')),
      value        INTEGER NOT NULL CHECK (value >= 0),
      raw_json     TEXT,
      PRIMARY KEY (target_id, collected_at, metric)
    ) STRICT;
    CREATE INDEX metric_snapshots_by_time ON metric_snapshots (collected_at);

    CREATE TABLE metric_schedule (
      target_id       TEXT PRIMARY KEY REFERENCES post_targets (id) ON DELETE CASCADE,
      published_at    INTEGER NOT NULL,
      next_due_at     INTEGER,
      collections     INTEGER NOT NULL DEFAULT 0 CHECK (collections >= 0),
      last_error      TEXT,
      updated_at      INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX metric_schedule_due ON metric_schedule (next_due_at) WHERE next_due_at IS NOT NULL;

    CREATE TABLE follower_snapshots (
      connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
      day           TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      followers     INTEGER NOT NULL CHECK (followers >= 0),
      collected_at  INTEGER NOT NULL,
      PRIMARY KEY (connection_id, day)
    ) STRICT;
  `,
};

import type { Migration } from './migration';

/**
 * The latest impressions and engagements of each published target, kept beside its schedule
 * (issue 17). The Results page read them with two correlated "latest snapshot" lookups per
 * target, which over a year of posts cost most of the page's time (`npm run bench -- results`);
 * the collector now writes them as it records a snapshot, and they are filled here from the
 * snapshots already taken. NULL: the network never gave that number (not available, never 0).
 * Two covering indexes let the page's year of published targets and their numbers be read from
 * indexes alone (no visit to the wide post_targets rows).
 */
export const metricScheduleLatestNumbers: Migration = {
  version: 14,
  name: 'metric schedule latest numbers',
  sql: `
    ALTER TABLE metric_schedule ADD COLUMN latest_impressions INTEGER CHECK (latest_impressions >= 0);
    ALTER TABLE metric_schedule ADD COLUMN latest_engagements INTEGER CHECK (latest_engagements >= 0);
    UPDATE metric_schedule SET
      latest_impressions = (SELECT m.value FROM metric_snapshots m WHERE m.target_id = metric_schedule.target_id AND m.metric = 'impressions' ORDER BY m.collected_at DESC LIMIT 1),
      latest_engagements = (SELECT m.value FROM metric_snapshots m WHERE m.target_id = metric_schedule.target_id AND m.metric = 'engagements' ORDER BY m.collected_at DESC LIMIT 1);
    CREATE INDEX post_targets_results ON post_targets (published_at, platform, id, author_id) WHERE state = 'published';
    CREATE INDEX metric_schedule_numbers ON metric_schedule (target_id, latest_impressions, latest_engagements, last_error);
  `,
};

import type { Migration } from './migration';

/**
 * `post_targets_published_by_time` (migration 9) became a second copy of
 * `post_targets_results` (migration 14): the same rows (`state = 'published'`) led by the same
 * column, `published_at`. Every target that is published wrote an entry into both; the Publishing
 * overview's "recently published" walk now uses the wider one, so each publish writes one index
 * entry fewer.
 */
export const dropPublishedTimeIndex: Migration = {
  version: 17,
  name: 'drop published time index',
  sql: `
    DROP INDEX post_targets_published_by_time;
  `,
};

import type { Migration } from './migration';

/**
 * The publishing engine asks "what is due next?" after every send. Without this index SQLite
 * answered by sorting every waiting target, so with a large backlog each send paid for all the
 * others (10,000 waiting targets: ~6 ms per question, quadratic over the backlog). Walking the
 * live posts in due order (`scheduled_at`, then `id` so ties need no sort) answers it from the
 * first few rows. Partial: finished and deleted posts never enter it.
 */
export const outboxDueIndex: Migration = {
  version: 7,
  name: 'outbox due index',
  sql: `
    CREATE INDEX posts_outbox_due ON posts (scheduled_at, id)
      WHERE state IN ('scheduled', 'publishing') AND deleted_at IS NULL AND missed_at IS NULL;
  `,
};

import type { Migration } from './migration';

/**
 * The outbox claims a due batch in one durable transaction and marks each target as it leaves
 * (docs/architecture.md, Publishing):
 * - `claim_boot`: the boot of the computer the claim was made under (null when unknown);
 * - `left_at`: when its request was about to leave. Committed without an fsync, so it is only
 *   trusted while the computer has not restarted since the claim (a crash of the app keeps
 *   every commit; only a power cut or a system crash, which restart the computer, can lose it).
 */
export const outboxLeavingMark: Migration = {
  version: 9,
  name: 'outbox leaving mark',
  sql: `
    ALTER TABLE post_targets ADD COLUMN claim_boot TEXT;
    ALTER TABLE post_targets ADD COLUMN left_at INTEGER;
  `,
};

import type { Migration } from './migration';

/** A post's flags in one cycle of the ledger (one row per post, cycle and entry), as a subquery over `who`. */
const flags = (who: 'NEW' | 'OLD') => `(SELECT
      COALESCE(MAX(entry = 'commit'), 0) AS c, COALESCE(MAX(entry = 'reserve'), 0) AS r, COALESCE(MAX(entry = 'release'), 0) AS l
    FROM quota_ledger WHERE post_id = ${who}.post_id AND cycle_start = ${who}.cycle_start)`;
/** Does the post count in its cycle: charged, or reserved and not released (migration 006's rule)? */
const spoken = (c: string, r: string, l: string) => `((${c}) > 0 OR ((${r}) > 0 AND (${l}) = 0))`;

/**
 * Two changes (issue 13 §1 and issue 19).
 *
 * The outbox claims a due batch in one durable transaction and marks each target as it leaves
 * (docs/architecture.md, Publishing):
 * - `claim_boot`: the boot of the computer the claim was made under (null when unknown);
 * - `left_at`: when its request was about to leave. Committed without an fsync, so it is only
 *   trusted while the computer has not restarted since the claim (a crash of the app keeps
 *   every commit; only a power cut or a system crash, which restart the computer, can lose it).
 *
 * Two reads that grew with everything ever published (issue 19):
 * - the allowance (`licence.status`, after every ledger change) counted every ledger row of the
 *   cycle. `quota_cycles` now also keeps `used` (the cycle's charged posts) beside `spoken_for`
 *   (charged or reserved and unsettled), and triggers on `quota_ledger` move both with every
 *   entry written or deleted, in the same statement: the running totals follow the ledger
 *   whoever writes it, and the allowance reads one row (reserved = spoken_for − used). Both are
 *   recomputed here from the ledger already there.
 * - the Publishing overview walked every live post for "needs attention" and grouped every
 *   target published in 30 days for "recent": partial indexes on what they filter on (recently
 *   failed targets, missed posts, published targets by time), so each reads only its own rows.
 */
export const outboxLeavingMark: Migration = {
  version: 9,
  name: 'outbox leaving mark, reads bounded by history',
  sql: `
    ALTER TABLE post_targets ADD COLUMN claim_boot TEXT;
    ALTER TABLE post_targets ADD COLUMN left_at INTEGER;

    ALTER TABLE quota_cycles ADD COLUMN used INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0);
    DELETE FROM quota_cycles;
    INSERT INTO quota_cycles (cycle_start, spoken_for, used)
      SELECT cycle_start, SUM(${spoken('c', 'r', 'l')}), SUM(c > 0)
      FROM (
        SELECT post_id, cycle_start, MAX(entry = 'commit') AS c, MAX(entry = 'reserve') AS r, MAX(entry = 'release') AS l
        FROM quota_ledger GROUP BY post_id, cycle_start
      )
      GROUP BY cycle_start;

    CREATE TRIGGER quota_ledger_totals_after_insert AFTER INSERT ON quota_ledger BEGIN
      INSERT OR IGNORE INTO quota_cycles (cycle_start, spoken_for, used) VALUES (NEW.cycle_start, 0, 0);
      UPDATE quota_cycles SET
        spoken_for = spoken_for + (SELECT ${spoken('c', 'r', 'l')} - ${spoken("c - (NEW.entry = 'commit')", "r - (NEW.entry = 'reserve')", "l - (NEW.entry = 'release')")} FROM ${flags('NEW')}),
        used = used + (SELECT (c > 0) - (c - (NEW.entry = 'commit') > 0) FROM ${flags('NEW')})
      WHERE cycle_start = NEW.cycle_start;
    END;
    CREATE TRIGGER quota_ledger_totals_after_delete AFTER DELETE ON quota_ledger BEGIN
      UPDATE quota_cycles SET
        spoken_for = spoken_for + (SELECT ${spoken('c', 'r', 'l')} - ${spoken("c + (OLD.entry = 'commit')", "r + (OLD.entry = 'reserve')", "l + (OLD.entry = 'release')")} FROM ${flags('OLD')}),
        used = used + (SELECT (c > 0) - (c + (OLD.entry = 'commit') > 0) FROM ${flags('OLD')})
      WHERE cycle_start = OLD.cycle_start;
    END;

    CREATE INDEX post_targets_failed_by_updated ON post_targets (updated_at) WHERE state = 'failed';
    CREATE INDEX post_targets_published_by_time ON post_targets (published_at) WHERE state = 'published';
    CREATE INDEX posts_missed ON posts (missed_at) WHERE missed_at IS NOT NULL AND deleted_at IS NULL;
  `,
};

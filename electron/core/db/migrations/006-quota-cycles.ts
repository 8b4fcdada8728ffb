import type { Migration } from './migration';

/**
 * `quota_cycles`: how many posts each cycle has spoken for (charged, or reserved and not yet
 * settled), kept by the quota ledger in the same transactions as its entries. The publishing
 * engine checks the allowance in every claim; counting the ledger there costs time in proportion
 * to the cycle's posts, this one row does not. `quota_ledger` stays the record (the Plan page's
 * `readAllowance` reads it); this is its running total. Filled from the ledger already there.
 */
export const quotaCycles: Migration = {
  version: 6,
  name: 'quota cycles',
  sql: `
    CREATE TABLE quota_cycles (
      cycle_start INTEGER PRIMARY KEY,
      spoken_for  INTEGER NOT NULL CHECK (spoken_for >= 0)
    ) STRICT;
    INSERT INTO quota_cycles (cycle_start, spoken_for)
      SELECT cycle_start, SUM(CASE WHEN commits > 0 OR (reserves > 0 AND releases = 0) THEN 1 ELSE 0 END)
      FROM (
        SELECT post_id, cycle_start,
          SUM(entry = 'commit') AS commits, SUM(entry = 'reserve') AS reserves, SUM(entry = 'release') AS releases
        FROM quota_ledger GROUP BY post_id, cycle_start
      )
      GROUP BY cycle_start;
  `,
};

import type { Migration } from './migration';

/**
 * The licence server may now answer `seats_exceeded` (the plan was changed to fewer computers
 * and this one is beyond them). SQLite cannot widen a column's CHECK in place, so the one-row
 * licence table is rebuilt with the same columns and the wider CHECK, keeping its row.
 */
export const licenceSeatsExceeded: Migration = {
  version: 4,
  name: 'licence seats exceeded',
  sql: `
    CREATE TABLE licence_next (
      id               INTEGER PRIMARY KEY CHECK (id = 1),
      lease            TEXT,
      clock_high_water INTEGER NOT NULL,
      updated_at       INTEGER NOT NULL,
      licence_key      TEXT,
      server_status    TEXT CHECK (server_status IN ('none', 'active', 'past_due', 'lapsed', 'deactivated', 'seats_exceeded')),
      server_message   TEXT,
      last_sync_at     INTEGER,
      clock_offset     INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    INSERT INTO licence_next (id, lease, clock_high_water, updated_at, licence_key, server_status, server_message, last_sync_at, clock_offset)
      SELECT id, lease, clock_high_water, updated_at, licence_key, server_status, server_message, last_sync_at, clock_offset FROM licence;
    DROP TABLE licence;
    ALTER TABLE licence_next RENAME TO licence;
  `,
};

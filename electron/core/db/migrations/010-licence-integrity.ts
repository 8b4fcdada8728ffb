import type { Migration } from './migration';

/**
 * The licence row's integrity and the server's post count (issue 15):
 * - `state_mac`: HMAC-SHA256 over the rows the app relies on (lease, clock offset, high-water
 *   mark, usage floor, needs-check), with a key kept only as SecretStore ciphertext in
 *   `mac_key_ciphertext`. A row edited in the database no longer matches, and the app then
 *   checks with the server before it publishes again. Existing rows start without a MAC: the
 *   first sync after this migration seals them.
 * - `needs_check`: the last lease answer came "from the past" (a replay); publishing waits for a fresh one.
 * - `usage_floor_cycle`, `usage_floor`: the posts charged in that cycle as this device last
 *   counted them; it only rises within a cycle, so deleting ledger rows does not give posts back.
 * - `reported_charges`: the committed charges the server has acknowledged (POST /v1/charges).
 */
export const licenceIntegrity: Migration = {
  version: 10,
  name: 'licence integrity',
  sql: `
    ALTER TABLE licence ADD COLUMN needs_check INTEGER NOT NULL DEFAULT 0 CHECK (needs_check IN (0, 1));
    ALTER TABLE licence ADD COLUMN usage_floor_cycle INTEGER;
    ALTER TABLE licence ADD COLUMN usage_floor INTEGER NOT NULL DEFAULT 0 CHECK (usage_floor >= 0);
    ALTER TABLE licence ADD COLUMN state_mac TEXT;
    ALTER TABLE licence ADD COLUMN mac_key_ciphertext BLOB;
    CREATE TABLE reported_charges (
      post_id     TEXT PRIMARY KEY,
      reported_at INTEGER NOT NULL
    ) STRICT;
  `,
};

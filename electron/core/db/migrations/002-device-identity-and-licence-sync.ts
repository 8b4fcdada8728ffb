import type { Migration } from './migration';

/**
 * The device's own Ed25519 identity (private key only as SecretStore ciphertext) and what the
 * licence sync needs to remember between runs beside the lease: the licence key to show the
 * owner, the server's last answer, when a sync last succeeded, and the offset between this
 * computer's clock and the server's.
 */
export const deviceIdentityAndLicenceSync: Migration = {
  version: 2,
  name: 'device identity and licence sync',
  sql: `
    CREATE TABLE device_identity (
      id                     INTEGER PRIMARY KEY CHECK (id = 1),
      public_key             TEXT NOT NULL,
      private_key_ciphertext BLOB NOT NULL,
      device_name            TEXT NOT NULL,
      created_at             INTEGER NOT NULL,
      replaced_unreadable_at INTEGER
    ) STRICT;

    ALTER TABLE licence ADD COLUMN licence_key TEXT;
    ALTER TABLE licence ADD COLUMN server_status TEXT
      CHECK (server_status IN ('none', 'active', 'past_due', 'lapsed', 'deactivated'));
    ALTER TABLE licence ADD COLUMN server_message TEXT;
    ALTER TABLE licence ADD COLUMN last_sync_at INTEGER;
    ALTER TABLE licence ADD COLUMN clock_offset INTEGER NOT NULL DEFAULT 0;
  `,
};

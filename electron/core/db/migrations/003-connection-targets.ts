import type { Migration } from './migration';

/**
 * What else a connection may post as, found at sign-in (non-secret): for LinkedIn, the
 * organisation Pages the member administers when the app was granted organisation access.
 * JSON array of {id, name}; NULL when there is nothing beyond the account itself.
 */
export const connectionTargets: Migration = {
  version: 3,
  name: 'connection targets',
  sql: `
    ALTER TABLE connections ADD COLUMN targets_json TEXT;
  `,
};

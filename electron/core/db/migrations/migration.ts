/** One numbered, forward-only schema change. `version` is stored in PRAGMA user_version. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { withStatementCache } from '@shared/db/statement-cache';
import { migrationProvider } from './migrations';
import type { LicenceDatabase } from './schema';

export type LicenceDbKind = 'sqlite' | 'postgres';

/** The server's database: the same kysely schema over SQLite or PostgreSQL. */
export interface LicenceDb {
  db: Kysely<LicenceDatabase>;
  kind: LicenceDbKind;
  /**
   * SQLite only: a second, read-only connection for the lease renewal's one read. WAL gives it
   * the last committed state without waiting for kysely's single connection, whose mutex wakes
   * every waiting query on each release (quadratic under thousands of concurrent requests).
   */
  reader: BetterSqlite3.Database | null;
  close(): Promise<void>;
}

/** Where the data lives: a PostgreSQL URL wins over the SQLite file path. */
export interface LicenceDbLocation {
  databaseUrl: string | null;
  sqlitePath: string;
}

const INT8_OID = 20;

/**
 * Opens the database and runs pending migrations. On PostgreSQL, BIGINT columns (instants in
 * milliseconds) are parsed as numbers: they stay far below 2^53.
 */
export async function openLicenceDb(location: LicenceDbLocation): Promise<LicenceDb> {
  let db: Kysely<LicenceDatabase>;
  let kind: LicenceDbKind;
  let reader: BetterSqlite3.Database | null = null;
  if (location.databaseUrl) {
    kind = 'postgres';
    // Loaded only when used: a SQLite deployment never pays for the PostgreSQL client.
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({
      connectionString: location.databaseUrl,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID && format !== 'binary'
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    db = new Kysely<LicenceDatabase>({ dialect: new PostgresDialect({ pool }) });
  } else {
    kind = 'sqlite';
    const sqlite = new BetterSqlite3(location.sqlitePath);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    db = new Kysely<LicenceDatabase>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  }
  try {
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  if (kind === 'sqlite') {
    reader = new BetterSqlite3(location.sqlitePath, { readonly: true });
    reader.pragma('busy_timeout = 5000');
  }
  return {
    db,
    kind,
    reader,
    close: async () => {
      reader?.close();
      await db.destroy();
    },
  };
}

import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { ensurePrivateDatabaseFile } from '../security/private-files';
import { assertSchemaNotNewer, migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';
import type { DatabaseSchema } from './schema';
import { withStatementCache, type CachedStatements } from '@shared/db/statement-cache';

export interface OpenedDatabase {
  db: Kysely<DatabaseSchema>;
  /** The raw handle, for integrity checks, backups and benchmarks; queries go through `db`. */
  sqlite: BetterSqlite3.Database;
  /** `sqlite`'s prepared statements, cached by SQL text; kysely and the synchronous transactions share them. */
  statements: CachedStatements;
  schemaVersion: number;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the app database at `filePath` and brings its schema up to date.
 * WAL keeps every acknowledged commit through a process crash; foreign keys are enforced.
 */
export function openDatabase(
  filePath: string,
  options: { migrations?: readonly Migration[] } = {},
): OpenedDatabase {
  // Owner-only (0600 on POSIX) before SQLite creates it or its -wal/-shm.
  if (filePath !== ':memory:') ensurePrivateDatabaseFile(filePath);
  const sqlite = new BetterSqlite3(filePath);
  const migrations = options.migrations ?? MIGRATIONS;
  try {
    assertSchemaNotNewer(sqlite, migrations);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL is durable against an application crash in WAL mode; only power loss can roll
    // back the last commits, and never corrupts.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const schemaVersion = migrate(sqlite, migrations);
    const statements = withStatementCache(sqlite);
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: statements }) });
    return {
      db,
      sqlite,
      statements,
      schemaVersion,
      close: async () => {
        await db.destroy();
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

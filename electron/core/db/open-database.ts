import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { ensurePrivateDatabaseFile } from '../security/private-files';
import { assertSchemaNotNewer, migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations/migration';
import type { DatabaseSchema } from './schema';
import { withStatementCache, type CachedStatements } from '@shared/db/statement-cache';
import { noFileToFsync, walFileFsync, type WalFsync } from '../ports/wal-fsync';
import { WalDurability } from './wal-durability';

export interface OpenedDatabase {
  db: Kysely<DatabaseSchema>;
  /** The raw handle, for integrity checks, backups and benchmarks; queries go through `db`. */
  sqlite: BetterSqlite3.Database;
  /** `sqlite`'s prepared statements, cached by SQL text; kysely and the synchronous transactions share them. */
  statements: CachedStatements;
  /** Waits for an fsync of the -wal file after a commit that must survive a power cut (wal-durability.ts). */
  durability: WalDurability;
  schemaVersion: number;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the app database at `filePath` and brings its schema up to date.
 * WAL keeps every acknowledged commit through a process crash; foreign keys are enforced.
 */
export function openDatabase(
  filePath: string,
  options: { migrations?: readonly Migration[]; walFsync?: WalFsync } = {},
): OpenedDatabase {
  // Owner-only (0600 on POSIX) before SQLite creates it or its -wal/-shm.
  if (filePath !== ':memory:') ensurePrivateDatabaseFile(filePath);
  const sqlite = new BetterSqlite3(filePath);
  const migrations = options.migrations ?? MIGRATIONS;
  try {
    assertSchemaNotNewer(sqlite, migrations);
    const journal = durabilityFor(String(sqlite.pragma('journal_mode = WAL', { simple: true })), filePath);
    // NORMAL is durable against an application crash in WAL mode; only power loss can roll
    // back the last commits, and never corrupts. A commit that must survive a power cut waits
    // for `durability` (an fsync of the -wal file off the event loop) instead of running FULL.
    sqlite.pragma(`synchronous = ${journal.synchronous}`);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const schemaVersion = migrate(sqlite, migrations);
    const statements = withStatementCache(sqlite);
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: statements }) });
    const durability = new WalDurability(options.walFsync ?? journal.fsync);
    return {
      db,
      sqlite,
      statements,
      durability,
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

/**
 * How commits are made durable, from the journal mode SQLite actually took. WAL (the normal
 * case): NORMAL commits plus an fsync of the -wal off the event loop. A file system that cannot
 * hold a WAL (no shared memory, some network shares) leaves the rollback journal: then every
 * commit runs FULL — slower, on the event loop, but each commit is on disk when it returns — rather
 * than waiting for a -wal file that never exists (which would stop publishing). In memory: nothing.
 */
export function durabilityFor(journalMode: string, filePath: string): { synchronous: 'NORMAL' | 'FULL'; fsync: WalFsync } {
  if (filePath === ':memory:') return { synchronous: 'NORMAL', fsync: noFileToFsync };
  if (journalMode.toLowerCase() === 'wal') return { synchronous: 'NORMAL', fsync: walFileFsync(filePath) };
  return { synchronous: 'FULL', fsync: noFileToFsync };
}
